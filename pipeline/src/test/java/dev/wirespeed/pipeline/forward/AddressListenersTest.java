package dev.wirespeed.pipeline.forward;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory's listeners bound to addresses (docs/routing.md §1 item 8, "Captures"): the listener at a segment's
 * destination address, else the port's wildcard listener, else none; per client class.
 */
class AddressListenersTest
{
    private static final long CATALOG = MeshDirectory.ipv4Key(127 << 24 | 30);   // 127.0.0.30
    private static final long LEDGER = MeshDirectory.ipv4Key(127 << 24 | 50);    // 127.0.0.50
    private static final long ELSEWHERE = MeshDirectory.ipv4Key(127 << 24 | 60); // 127.0.0.60
    private static final long V6_HI = 0xFD00_0000_0000_0000L;                     // fd00::7

    @Test
    void shouldPickTheListenerAtTheDestinationElseTheWildcard()
    {
        final MeshDirectory.Builder b = new MeshDirectory.Builder().defaultClass(List.of(8000), List.of(), List.of(),
            false, List.of(new MeshDirectory.AddressListener(8000, "127.0.0.30", MeshDirectory.LISTENER_SNIFFED),
                new MeshDirectory.AddressListener(8000, "127.0.0.50", MeshDirectory.LISTENER_TCP),
                new MeshDirectory.AddressListener(7000, "127.0.0.30", MeshDirectory.LISTENER_SNIFFED),
                new MeshDirectory.AddressListener(7000, "FD00::7", MeshDirectory.LISTENER_TCP)));
        // another client sees ledger alone, and a TCP service without address on 7000
        final int other = b.clientClass(List.of(), List.of(), List.of(7000), false,
            List.of(new MeshDirectory.AddressListener(8000, "127.0.0.50", MeshDirectory.LISTENER_TCP)));
        final MeshDirectory d = b.workload("127.0.0.12", "shop", Map.of(), other).build();
        assertThat(d.addressListeners()).isTrue();
        assertThat(d.listenerAt(0, 8000, 0L, CATALOG)).isEqualTo(MeshDirectory.LISTENER_SNIFFED);
        assertThat(d.listenerAt(0, 8000, 0L, LEDGER)).isEqualTo(MeshDirectory.LISTENER_TCP);
        assertThat(d.listenerAt(0, 8000, 0L, ELSEWHERE)).as("the wildcard HTTP listener")
            .isEqualTo(MeshDirectory.LISTENER_HTTP);
        assertThat(d.listenerAt(0, 7000, 0L, CATALOG)).isEqualTo(MeshDirectory.LISTENER_SNIFFED);
        assertThat(d.listenerAt(0, 7000, V6_HI, 7L)).isEqualTo(MeshDirectory.LISTENER_TCP);
        assertThat(d.listenerAt(0, 7000, 0L, ELSEWHERE)).as("none: the virtual outbound listener")
            .isEqualTo(MeshDirectory.LISTENER_NONE);
        assertThat(d.listenerAt(0, 9000, 0L, CATALOG)).isEqualTo(MeshDirectory.LISTENER_NONE);
        assertThat(d.listenerAt(other, 8000, 0L, CATALOG)).as("not this client's").isEqualTo(
            MeshDirectory.LISTENER_NONE);
        assertThat(d.listenerAt(other, 8000, 0L, LEDGER)).isEqualTo(MeshDirectory.LISTENER_TCP);
        assertThat(d.listenerAt(other, 7000, 0L, ELSEWHERE)).as("its TCP wildcard listener")
            .isEqualTo(MeshDirectory.LISTENER_TCP);
        assertThat(d.isTcpPort(other, 7000)).isTrue();
        assertThat(d.isHttpPort(0, 8000)).isTrue();
    }

    @Test
    void shouldNotAskForAddressesWhenNoClassHasAddressListeners()
    {
        final MeshDirectory.Builder b = new MeshDirectory.Builder().httpPort(9080).sniffedPort(8000);
        b.clientClass(List.of(), List.of(8000), List.of(3306), true, List.of());
        final MeshDirectory d = b.build();
        assertThat(d.addressListeners()).isFalse();
        assertThat(d.listenerAt(0, 8000, 0L, CATALOG)).isEqualTo(MeshDirectory.LISTENER_SNIFFED);
        assertThat(d.listenerAt(0, 9080, 0L, CATALOG)).isEqualTo(MeshDirectory.LISTENER_HTTP);
        assertThat(d.listenerAt(1, 3306, 0L, CATALOG)).isEqualTo(MeshDirectory.LISTENER_TCP);
        assertThat(d.listenerAt(1, 9080, 0L, CATALOG)).isEqualTo(MeshDirectory.LISTENER_NONE);
    }

    @Test
    void shouldTellClassesApartByTheirAddressListeners()
    {
        final MeshDirectory.Builder b = new MeshDirectory.Builder();
        final int one = b.clientClass(List.of(), List.of(), List.of(), false,
            List.of(new MeshDirectory.AddressListener(8000, "127.0.0.30", MeshDirectory.LISTENER_SNIFFED)));
        final int same = b.clientClass(List.of(), List.of(), List.of(), false,
            List.of(new MeshDirectory.AddressListener(8000, "127.0.0.30", MeshDirectory.LISTENER_SNIFFED)));
        final int tcp = b.clientClass(List.of(), List.of(), List.of(), false,
            List.of(new MeshDirectory.AddressListener(8000, "127.0.0.30", MeshDirectory.LISTENER_TCP)));
        assertThat(one).isEqualTo(same).isNotZero();
        assertThat(tcp).isNotEqualTo(one);
    }
}
