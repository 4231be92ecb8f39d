package dev.wirespeed.pipeline.forward;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The directory's client classes and a worker's cache of its sources' classes. */
class ClientClassesTest
{
    private static final int A = 10 << 24 | 1;        // 10.0.0.1
    private static final int B = 10 << 24 | 2;        // 10.0.0.2
    private static final int STRANGER = 10 << 24 | 9; // no workload

    private static MeshDirectory directory()
    {
        final MeshDirectory.Builder b = new MeshDirectory.Builder().httpPort(9080).sniffedPort(8000);
        final int tcpOn9080 = b.clientClass(List.of(), List.of(8000), false);
        final int same = b.clientClass(List.of(9080), List.of(8000), false);
        final int sniffing = b.clientClass(List.of(80), List.of(), true);
        assertThat(same).as("the same ports as class 0: class 0").isZero();
        return b.workload("10.0.0.1", "shop", Map.of(), tcpOn9080).workload("10.0.0.2", "shop", Map.of(), sniffing)
            .workload("fd00::5", "shop", Map.of(), sniffing).unknownSourceClass(0).build();
    }

    @Test
    void shouldKeepEachClassesPorts()
    {
        final MeshDirectory d = directory();
        assertThat(d.classCount()).isEqualTo(3);
        assertThat(d.perClient()).isTrue();
        assertThat(d.isHttpPort(0, 9080)).isTrue();
        assertThat(d.isHttpPort(1, 9080)).isFalse();
        assertThat(d.isSniffedPort(1, 8000)).isTrue();
        assertThat(d.isHttpPort(2, 80)).isTrue();
        assertThat(d.isHttpPort(2, 9080)).isFalse();
        assertThat(d.sniffsUndeclaredPorts(2)).isTrue();
        assertThat(d.sniffsUndeclaredPorts(0)).isFalse();
    }

    @Test
    void shouldNotAskForClassesWhenEveryClientHasTheSame()
    {
        final MeshDirectory d = new MeshDirectory.Builder().httpPort(9080).workload("10.0.0.1", "shop", Map.of())
            .build();
        assertThat(d.classCount()).isEqualTo(1);
        assertThat(d.perClient()).isFalse();
        assertThat(new MeshDirectory.Builder().sniffUndeclaredPorts(true).build().perClient())
            .as("a class that sniffs needs to know which sources are workloads").isTrue();
    }

    @Test
    void shouldAnswerEachSourcesClassThroughEvictions()
    {
        final MeshDirectory d = directory();
        final ClientClasses one = new ClientClasses(d, 1); // every other source evicts the last
        final long v6Hi = 0xFD00_0000_0000_0000L;
        for (int round = 0; round < 3; round++)
        {
            assertThat(one.code(4, 0L, A & 0xFFFF_FFFFL)).isEqualTo(1 << 1 | 1);
            assertThat(one.code(4, 0L, B & 0xFFFF_FFFFL)).isEqualTo(2 << 1 | 1);
            assertThat(one.code(4, 0L, STRANGER & 0xFFFF_FFFFL)).as("no workload: the unknown class").isEqualTo(0);
            assertThat(one.code(6, v6Hi, 5L)).isEqualTo(2 << 1 | 1);
        }
        assertThat(one.misses()).isEqualTo(12);
        final ClientClasses many = new ClientClasses(d, ClientClasses.DEFAULT_SLOTS);
        for (int round = 0; round < 3; round++)
        {
            assertThat(many.code(4, 0L, A & 0xFFFF_FFFFL)).isEqualTo(1 << 1 | 1);
            assertThat(many.code(4, 0L, STRANGER & 0xFFFF_FFFFL)).isEqualTo(0);
            assertThat(many.code(6, v6Hi, 5L)).isEqualTo(2 << 1 | 1);
        }
        assertThat(many.misses()).as("one lookup per source").isEqualTo(3);
        assertThatThrownBy(() -> new ClientClasses(d, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MeshDirectory.Builder().workload("10.0.0.1", "shop", Map.of(), 4))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
