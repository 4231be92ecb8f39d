package dev.wirespeed.sim;

import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineRoutesTest
{
    private static final String CONFIG = """
            apiVersion: wirespeed.dev/v1
            kind: RouteTable
            metadata: {name: core}
            spec:
              routes:
              - prefix: 0.0.0.0/0
                nextHops: [{address: 192.168.1.254, port: 1}]
              - prefix: 10.0.0.0/8
                nextHops: [{address: 192.168.1.1, port: 3}]
              - prefix: 2001:db8::/32
                nextHops: [{address: fe80::1, port: 7}]
            """;

    private static int port4(final Engine.Session session, final String address)
    {
        final L3Result r = new L3Result();
        session.l3().forwardIpv4((int)IpText.parseIpv4(address), 64, 0, r);
        return r.action == L3Result.ACTION_FORWARD ? r.egressPort : -1;
    }

    private static int port6(final Engine.Session session, final String address)
    {
        final long[] a = new long[2];
        IpText.parseIpv6(address, a);
        final L3Result r = new L3Result();
        session.l3().forwardIpv6(a[0], a[1], 64, 0, r);
        return r.action == L3Result.ACTION_FORWARD ? r.egressPort : -1;
    }

    @Test
    void shouldForwardByRoutesAnnouncedAndWithdrawnOnTheRunningEngine()
    {
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            final Engine.Session before = engine.newSession();
            assertThat(port4(before, "10.1.2.3")).isEqualTo(3);
            engine.routes().announce("10.1.0.0/16", "192.168.1.254");
            assertThat(port4(before, "10.1.2.3")).as("a session opened before the change sees it").isEqualTo(1);
            assertThat(port4(before, "10.2.0.1")).isEqualTo(3);
            final RouteDecision packet = engine.forward(TestPackets.udp("10.9.0.1", "10.1.7.7", 4000, 53, 64, 10), 1);
            assertThat(packet.egressPort()).as("packet forwarding sees it too").isEqualTo(1);

            assertThat(engine.routes().withdraw("10.1.0.0/16")).isTrue();
            assertThat(engine.routes().withdraw("10.1.0.0/16")).isFalse();
            assertThat(port4(before, "10.1.2.3")).isEqualTo(3);
            assertThat(engine.routes().withdraw("0.0.0.0/0")).isTrue();
            assertThat(port4(engine.newSession(), "11.0.0.1")).as("no default route left").isEqualTo(-1);

            assertThat(port6(before, "2001:db8:1::1")).isEqualTo(7);
            engine.routes().announce("2001:db8:1::/48", "192.168.1.1");
            assertThat(port6(before, "2001:db8:1::1")).isEqualTo(3);
            assertThat(port6(before, "2001:db8:2::1")).isEqualTo(7);
        }
    }

    @Test
    void shouldRejectAnUnknownNextHopOrABadPrefix()
    {
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            assertThatThrownBy(() -> engine.routes().announce("10.1.0.0/16", "192.168.9.9"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.168.9.9");
            assertThatThrownBy(() -> engine.routes().announce("10.1.0.1/16", "192.168.1.1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host bits");
            assertThatThrownBy(() -> engine.routes().withdraw("10.1.0.0"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/LENGTH");
        }
    }
}
