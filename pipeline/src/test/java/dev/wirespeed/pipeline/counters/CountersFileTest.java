package dev.wirespeed.pipeline.counters;

import dev.wirespeed.pipeline.descriptor.Actions;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldExposePublishedCountersToAReaderOfTheFile()
    {
        final ReasonTable reasons = new ReasonTable();
        final int acl = reasons.register("acl-deny");
        try (PipelineCounters counters =
            PipelineCounters.create(dir, 2, reasons, 4, List.of("reviews-v1", "ratings"), true))
        {
            final WorkerCounters w0 = counters.worker(0);
            final WorkerCounters w1 = counters.worker(1);
            w0.onDecision(Actions.FORWARD, 0, 2, 100, -1);
            w0.onDecision(Actions.ROUTE, 0, 9, 50, 1);
            w1.onDecision(Actions.DROP, acl, -1, 60, -1);
            w1.onDecision(Actions.DROP, 99, -1, 60, 7);
            w1.onDecision(Actions.PUNT, ReasonTable.TTL_EXPIRED, -1, 60, -1);
            w0.onRecords(2);
            w1.onRecords(3);
            w0.onGeneration(5);
            w1.onGeneration(4);
            counters.ingress().onRecordsIn(1);
            counters.ingress().onTailDrop();
            counters.fibGeneration().setRelease(5);

            try (CountersFileReader reader = CountersFileReader.open(dir))
            {
                assertThat(reader.snapshot().total("forwarded")).as("nothing flushed yet").isZero();
                w0.flush();
                w1.flush();
                counters.ingress().flush();
                final CounterSnapshot s = reader.snapshot();
                assertThat(reader.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(reader.isWriterAlive()).isTrue();
                assertThat(s.total("worker-records")).isEqualTo(5);
                assertThat(s.total("forwarded")).isEqualTo(2);
                assertThat(s.total("punted")).isEqualTo(1);
                assertThat(s.total("dropped")).as("two by workers, one tail drop").isEqualTo(3);
                assertThat(s.total("drop:acl-deny")).isEqualTo(1);
                assertThat(s.total("drop:none")).as("unknown reason code").isEqualTo(1);
                assertThat(s.total("drop:ring-full")).isEqualTo(1);
                assertThat(s.total("port:2:packets")).isEqualTo(1);
                assertThat(s.total("port:2:bytes")).isEqualTo(100);
                assertThat(s.total("port:other:packets")).isEqualTo(1);
                assertThat(s.total("port:other:bytes")).isEqualTo(50);
                assertThat(s.total("cluster:ratings:requests")).isEqualTo(1);
                assertThat(s.total("cluster:other:requests")).isEqualTo(1);
                assertThat(s.total("fib-generation-acked")).as("the oldest any worker runs").isEqualTo(4);
                assertThat(s.total("fib-generation")).isEqualTo(5);
                assertThat(s.blocks().get(1).get("dropped")).isEqualTo(2);
                assertThat(s.blocks().get(PipelineCounters.INGRESS_BLOCK).get("records-in")).isEqualTo(1);
            }
        }
        assertThat(dir.resolve(CountersFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void shouldFindTheDefaultDirectoryOfARunningEngine()
    {
        try (PipelineCounters counters = PipelineCounters.create(null, 1, new ReasonTable(), 1, List.of(), true))
        {
            assertThat(counters.file().getParent()).isEqualTo(CountersFile.defaultDirectory());
            assertThat(CountersFileReader.findLive()).contains(CountersFile.defaultDirectory());
        }
        assertThat(CountersFile.defaultDirectory()).doesNotExist();
    }

    @Test
    void shouldSayClearlyWhenThereIsNoCountersFile() throws Exception
    {
        assertThatThrownBy(() -> CountersFileReader.open(dir)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no counters file");
        Files.writeString(dir.resolve(CountersFile.FILE_NAME), "x".repeat(5000));
        assertThatThrownBy(() -> CountersFileReader.open(dir)).hasMessageContaining("not a wirespeed counters file");
    }
}
