package dev.wirespeed.sim.packet;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.pipeline.forward.MeshDirectory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MeshDirectories}: the addresses a captured connection to a service is recognised by. */
class MeshDirectoriesTest
{
    private static int ipv4(final int a, final int b, final int c, final int d)
    {
        return a << 24 | b << 16 | c << 8 | d;
    }

    @Test
    void shouldKnowEveryClustersAddressOfAHostAsAServiceAddress()
    {
        final Path example = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples/multi-cluster");
        final LoadedConfig loaded = new ConfigLoader().load(List.of(example.resolve("primary")),
                Map.of("cluster2", List.of(example.resolve("cluster2"))));
        assertThat(loaded.formattedDiagnostics()).isEmpty();
        final MeshDirectory d = MeshDirectories.from(loaded.model());
        assertThat(d.serviceIpv4(ipv4(10, 96, 12, 70))).isGreaterThanOrEqualTo(0); // ledger, the config cluster's
        assertThat(d.serviceIpv4(ipv4(10, 97, 12, 70))).isGreaterThanOrEqualTo(0); // ledger, cluster2's own
        assertThat(d.serviceIpv4(ipv4(10, 97, 12, 34))).isGreaterThanOrEqualTo(0); // reviews, cluster2's own
        assertThat(d.serviceIpv4(ipv4(10, 97, 12, 99))).isEqualTo(-1);
    }
}
