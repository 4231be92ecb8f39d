package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import org.junit.jupiter.api.Test;

import static dev.wirespeed.fib.l3.L3TestImages.ip;
import static dev.wirespeed.fib.l3.L3TestImages.ip6;
import static org.assertj.core.api.Assertions.assertThat;

class L3ForwardingTest
{
    private static FibImage image()
    {
        final NextHopGroupsBuilder groups = new NextHopGroupsBuilder();
        final int nh1 = groups.ipv4NextHop(ip("192.168.1.1"));
        final int nh2 = groups.ipv4NextHop(ip("192.168.1.2"));
        final long[] v6 = ip6("fe80::1");
        final int nh6 = groups.ipv6NextHop(v6[0], v6[1]);
        final int single = groups.group(nh1, 3);
        final int ecmp = groups.group(new int[] {nh1, nh2}, new int[] {3, 4}, new int[] {1, 3}, 2);
        final int g6 = groups.group(nh6, 7);
        final Ipv4LpmBuilder v4 = new Ipv4LpmBuilder().add(ip("10.0.0.0"), 8, single).add(ip("20.0.0.0"), 8, ecmp);
        final long[] p6 = ip6("2001:db8::");
        final Ipv6LpmBuilder v6b = new Ipv6LpmBuilder().add(p6[0], p6[1], 32, g6);
        final long[] me6 = ip6("2001:db8::fe");
        final LocalAddressesBuilder local = new LocalAddressesBuilder()
                .addIpv4(ip("10.0.0.254"))
                .addIpv6(me6[0], me6[1]);
        return L3TestImages.image(v4, v6b, groups, local);
    }

    @Test
    void shouldForwardWithTtlDecrementedEgressPortAndNextHop()
    {
        try (FibImage image = image())
        {
            final L3Forwarding f = new L3Forwarding(image);
            final L3Result r = new L3Result();
            f.forwardIpv4(ip("10.1.2.3"), 64, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_FORWARD);
            assertThat(r.ttl).isEqualTo(63);
            assertThat(r.egressPort).isEqualTo(3);
            assertThat(r.prefixLength).isEqualTo(8);
            assertThat(f.nextHopGroups().nextHopText(r.nextHop)).isEqualTo("192.168.1.1");
            final long[] d = ip6("2001:db8::5");
            f.forward(6, d[0], d[1], 2, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_FORWARD);
            assertThat(r.egressPort).isEqualTo(7);
            assertThat(f.nextHopGroups().nextHopText(r.nextHop)).isEqualTo("fe80::1");
            assertThat(f.forwardedCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldDropExpiredTtlPuntLocalAndDropUnrouted()
    {
        try (FibImage image = image())
        {
            final L3Forwarding f = new L3Forwarding(image);
            final L3Result r = new L3Result();
            f.forwardIpv4(ip("10.1.2.3"), 1, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_DROP);
            assertThat(L3DropReason.name(r.reason)).isEqualTo("ttl-expired");
            f.forwardIpv4(ip("10.0.0.254"), 64, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_PUNT);
            final long[] me = ip6("2001:db8::fe");
            f.forwardIpv6(me[0], me[1], 64, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_PUNT);
            f.forwardIpv4(ip("30.0.0.1"), 64, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_DROP);
            assertThat(L3DropReason.name(r.reason)).isEqualTo("no-route");
            final long[] far = ip6("2002::1");
            f.forwardIpv6(far[0], far[1], 0, 0, r);
            assertThat(r.reason).isEqualTo(L3DropReason.TTL_EXPIRED);
            assertThat(f.droppedCount(L3DropReason.TTL_EXPIRED)).isEqualTo(2);
            assertThat(f.droppedCount(L3DropReason.NO_ROUTE)).isEqualTo(1);
            assertThat(f.puntedCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldPuntPacketsForTheEngineItselfWhateverTheirTtl()
    {
        try (FibImage image = image())
        {
            final L3Forwarding f = new L3Forwarding(image);
            final L3Result r = new L3Result();
            f.forwardIpv4(ip("10.0.0.254"), 1, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_PUNT);
            final long[] me = ip6("2001:db8::fe");
            f.forwardIpv6(me[0], me[1], 0, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_PUNT);
            assertThat(f.droppedCount(L3DropReason.TTL_EXPIRED)).isZero();
        }
    }

    @Test
    void shouldKeepAFlowOnOneMemberAndShareFlowsByWeight()
    {
        try (FibImage image = image())
        {
            final L3Forwarding f = new L3Forwarding(image);
            final L3Result r = new L3Result();
            final int[] perPort = new int[8];
            for (int flow = 0; flow < 100_000; flow++)
            {
                final int hash = FlowHash.ipv4(ip("1.1.1.1") + flow, ip("20.0.0.9"), 1000 + flow, 80, 6);
                f.forwardIpv4(ip("20.0.0.9"), 64, hash, r);
                final int port = r.egressPort;
                perPort[port]++;
                final int flowHash = FlowHash.ipv4(ip("20.0.0.9"), ip("1.1.1.1") + flow, 80, 1000 + flow, 6);
                f.forwardIpv4(ip("20.0.0.9"), 64, flowHash, r);
                assertThat(r.egressPort).isEqualTo(port);
            }
            // weights 1:3 -> about 25% / 75%
            assertThat(perPort[3]).isBetween(23_000, 27_000);
            assertThat(perPort[4]).isBetween(73_000, 77_000);
        }
    }

    @Test
    void shouldShareGroupsWithTheSameMembers()
    {
        final NextHopGroupsBuilder groups = new NextHopGroupsBuilder();
        final int a = groups.ipv4NextHop(ip("1.1.1.1"));
        assertThat(groups.ipv4NextHop(ip("1.1.1.1"))).isEqualTo(a);
        assertThat(groups.group(a, 1)).isEqualTo(groups.group(a, 1));
        assertThat(groups.group(a, 2)).isNotEqualTo(groups.group(a, 1));
        final int[] fill = NextHopGroupsBuilder.bucketFill(new int[] {1, 2, 5}, 3, 8);
        assertThat(Integer.bitCount(fill.length)).isEqualTo(1);
        int twos = 0;
        for (final int m : fill)
        {
            twos += m == 1 ? 1 : 0;
        }
        assertThat(twos).isEqualTo(fill.length / 4);
    }

    @Test
    void shouldForwardTheSameFromAnImageSavedAndMappedBackAfterVerifyingIt(
            @org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws java.io.IOException
    {
        final java.nio.file.Path file = dir.resolve("fib.img");
        try (FibImage image = image())
        {
            image.save(file);
        }
        try (FibImage mapped = FibImage.map(file))
        {
            final L3Forwarding f = L3Forwarding.open(mapped, true);
            final L3Result r = new L3Result();
            f.forwardIpv4(ip("10.1.2.3"), 64, 0, r);
            assertThat(r.egressPort).isEqualTo(3);
            assertThat(f.nextHopGroups().nextHopText(r.nextHop)).isEqualTo("192.168.1.1");
            final long[] d = ip6("2001:db8::5");
            f.forwardIpv6(d[0], d[1], 64, 0, r);
            assertThat(r.egressPort).isEqualTo(7);
        }
    }

    @Test
    void shouldRejectACorruptTableWhenVerifying()
    {
        try (FibImage image = image())
        {
            final long tbl24 = image.sectionOffset(dev.wirespeed.fib.FibSection.IPV4_LPM) + Ipv4Dir24Layout.HEADER_SIZE;
            image.store().writeInt(tbl24 + 4L * 0x0A0102, Ipv4Dir24Layout.POINTER_FLAG | 12345);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> L3Forwarding.open(image, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPV4_LPM section: bad entry");
        }
    }

    @Test
    void shouldDescribeTheBytesOfEveryL3Table()
    {
        try (FibImage image = image())
        {
            final String d = L3TableSizes.describe(image);
            assertThat(d).contains("IPV4_LPM bytes=" + Ipv4Dir24Layout.sectionSize(0) + " routes=2 tbl8Groups=0")
                    .contains("IPV6_LPM bytes=").contains("NEXT_HOP_GROUPS bytes=").contains("LOCAL_ADDRESSES bytes=");
            assertThat(L3TableSizes.totalBytes(image)).isGreaterThan(Ipv4Dir24Layout.sectionSize(0));
        }
    }
}
