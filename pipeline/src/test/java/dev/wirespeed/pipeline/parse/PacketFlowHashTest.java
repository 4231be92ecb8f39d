package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.l3.FlowHash;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.wirespeed.pipeline.parse.Frames.bytes;
import static dev.wirespeed.pipeline.parse.Frames.ethernet;
import static dev.wirespeed.pipeline.parse.Frames.ipv4;
import static dev.wirespeed.pipeline.parse.Frames.ipv6;
import static dev.wirespeed.pipeline.parse.Frames.tcp;
import static dev.wirespeed.pipeline.parse.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

class PacketFlowHashTest
{
    private static long seed(final String test)
    {
        final long seed = Long.getLong("wirespeed.seed", 20261126L);
        System.out.println(test + " seed=" + seed);
        return seed;
    }

    @Test
    void shouldGiveBothDirectionsOfAFlowTheSameHash()
    {
        final SplittableRandom r = new SplittableRandom(seed("shouldGiveBothDirectionsOfAFlowTheSameHash"));
        for (int i = 0; i < 100_000; i++)
        {
            final int a = r.nextInt();
            final int b = r.nextInt(4) == 0 ? a : r.nextInt();
            final int pa = r.nextInt(65536);
            final int pb = r.nextInt(65536);
            final int proto = r.nextBoolean() ? 6 : 17;
            assertThat(FlowHash.ipv4(a, b, pa, pb, proto)).isEqualTo(FlowHash.ipv4(b, a, pb, pa, proto));
            final long ah = r.nextLong();
            final long al = r.nextLong();
            final long bh = r.nextInt(4) == 0 ? ah : r.nextLong();
            final long bl = r.nextLong();
            assertThat(FlowHash.ipv6(ah, al, bh, bl, pa, pb, proto))
                .isEqualTo(FlowHash.ipv6(bh, bl, ah, al, pb, pa, proto));
        }
    }

    @Test
    void shouldHashParsedPacketsOfBothDirectionsAlike()
    {
        final Frames.Native mem = new Frames.Native();
        final ParsedPacket p = new ParsedPacket();
        PacketParser.parse(
            mem.put(ethernet(0x0800, ipv4(6, 0x0A000001, 0x0A000002, tcp(1234, 80, 2, bytes(0))))), 54, 1, p);
        final int forward = PacketFlowHash.hash(p);
        PacketParser.parse(
            mem.put(ethernet(0x0800, ipv4(6, 0x0A000002, 0x0A000001, tcp(80, 1234, 18, bytes(0))))), 54, 1, p);
        assertThat(PacketFlowHash.hash(p)).isEqualTo(forward);
        final byte[] v6 = ethernet(0x86DD, ipv6(17, udp(53, 5353, bytes(0))));
        PacketParser.parse(mem.put(v6), v6.length, 1, p);
        final int v6hash = PacketFlowHash.hash(p);
        assertThat(v6hash).isEqualTo(FlowHash.ipv6(p.ipv6DstHi, p.ipv6DstLo, p.ipv6SrcHi, p.ipv6SrcLo, 5353, 53, 17));
    }

    @Test
    void shouldHashEveryFragmentOfADatagramAlike()
    {
        final Frames.Native mem = new Frames.Native();
        final ParsedPacket p = new ParsedPacket();
        final byte[] first = ethernet(0x0800, ipv4(17, 1, 2, 64, new byte[0], 0x2000, udp(7, 8, bytes(40))));
        PacketParser.parse(mem.put(first), first.length, 1, p);
        final int h1 = PacketFlowHash.hash(p);
        final byte[] later = ethernet(0x0800, ipv4(17, 1, 2, 64, new byte[0], 10, bytes(40)));
        PacketParser.parse(mem.put(later), later.length, 1, p);
        assertThat(PacketFlowHash.hash(p)).isEqualTo(h1);
    }

    @Test
    void shouldSpreadFlowsEvenlyOverWorkers()
    {
        final SplittableRandom r = new SplittableRandom(seed("shouldSpreadFlowsEvenlyOverWorkers"));
        final int buckets = 64;
        final int flows = 640_000;
        final int[] v4 = new int[buckets];
        final int[] v4seq = new int[buckets];
        final int[] v6 = new int[buckets];
        for (int i = 0; i < flows; i++)
        {
            v4[FlowHash.ipv4(r.nextInt(), r.nextInt(), r.nextInt(65536), 443, 6) & (buckets - 1)]++;
            v4seq[FlowHash.ipv4(0x0A000000 + i / 1000, 0x0A010001, 10000 + i % 1000, 80, 6) & (buckets - 1)]++;
            v6[FlowHash.ipv6(0x20010db8L << 32, i, 0x20010db8L << 32, 1, 40000 + i % 20000, 443, 6) & (buckets - 1)]++;
        }
        for (final int[] counts : new int[][] {v4, v4seq, v6})
        {
            double chi2 = 0;
            final double expected = (double)flows / buckets;
            for (final int c : counts)
            {
                chi2 += (c - expected) * (c - expected) / expected;
            }
            // 63 degrees of freedom: p(chi2 > 120) < 1e-5
            assertThat(chi2).isLessThan(120);
        }
    }
}
