package dev.wirespeed.sim.gen;

import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l3.Ipv4LpmBuilder;
import dev.wirespeed.fib.l3.Ipv6LpmBuilder;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates a routes file ({@code PREFIX NEXTHOP PORT} a line), deterministic for a seed.
 *
 * <p>IPv4 prefix lengths follow the shape of a full Internet table (about half /24, most of the rest
 * /16–/23, a few /8–/15) plus about 3% /25–/32 so the tbl8 path is exercised. IPv6: mostly /48 and
 * /29–/47, some /32, /49–/64 and /128; prefixes longer than /32 lie inside a pool of {@code count/16}
 * random /32 provider blocks, as more-specifics do in a real table. Addresses are unique prefixes in
 * the unicast range (1.0.0.0–223.255.255.255, 2000::/3). Next hops come from a pool of 64 (192.168.0.1–64, or
 * fe80::1–40 for IPv6), next hop i on egress port {@code 1 + i % 16}; 5% of prefixes are ECMP groups of
 * 2–4 lines with different next hops.
 */
public final class RouteGenerator
{
    private static final int[] IPV4_LENGTHS = {
            8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
    // Per million, after the shape of a 2024 full table (/8 ~16 prefixes ... /24 ~55%), plus longer prefixes.
    private static final int[] IPV4_WEIGHTS = {
            16, 12, 35, 100, 300, 600, 1200, 2000, 13500, 8000, 13000, 24000, 40000, 50000, 120000, 110000, 500000,
            7000, 6000, 4500, 4000, 3500, 3500, 500, 1000};
    private static final int[] IPV6_LENGTHS = {
            16, 24, 28, 29, 30, 31, 32, 33, 36, 40, 44, 45, 46, 47, 48, 52, 56, 60, 64, 128};
    private static final int[] IPV6_WEIGHTS = {
            1, 2, 5, 20, 5, 5, 100, 10, 30, 60, 60, 10, 30, 40, 450, 20, 40, 10, 60, 20};
    private static final int NEXT_HOPS = 64;
    private static final int PORTS = 16;

    private RouteGenerator()
    {
    }

    /** @return the top 32 bits of a random /32 in 2000::/3, in the high bits of a long. */
    private static long randomGlobal(final SplittableRandom rnd)
    {
        return ((0x2000L << 48) | (rnd.nextLong() & 0x1fffffffffffffffL)) & 0xffffffff00000000L;
    }

    /**
     * Writes {@code count} unique prefixes.
     *
     * @param count  number of prefixes (ECMP prefixes take several lines).
     * @param seed   random seed.
     * @param family 4 or 6.
     * @param out    where the lines go.
     * @throws IOException on a write error.
     */
    public static void write(final int count, final long seed, final int family, final Writer out) throws IOException
    {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int[] lengths = family == 4 ? IPV4_LENGTHS : IPV6_LENGTHS;
        final int[] weights = family == 4 ? IPV4_WEIGHTS : IPV6_WEIGHTS;
        int total = 0;
        for (final int w : weights)
        {
            total += w;
        }
        final Set<Long> seen4 = new HashSet<>(family == 4 ? count * 2 : 16);
        final Set<String> seen6 = new HashSet<>(family == 6 ? count * 2 : 16);
        final long maxUnique4 = 223L << 24;
        if (family == 4 && count > maxUnique4 / 2)
        {
            throw new IllegalArgumentException("too many IPv4 prefixes requested: " + count);
        }
        final long[] blocks = new long[family == 6 ? Math.max(16, count / 16) : 0];
        for (int i = 0; i < blocks.length; i++)
        {
            blocks[i] = randomGlobal(rnd);
        }
        final StringBuilder line = new StringBuilder(96);
        int produced = 0;
        while (produced < count)
        {
            int pick = rnd.nextInt(total);
            int k = 0;
            while (pick >= weights[k])
            {
                pick -= weights[k];
                k++;
            }
            final int len = lengths[k];
            final String prefix;
            if (family == 4)
            {
                final int address =
                        (int)(0x01000000L + rnd.nextLong(0xDF000000L - 0x01000000L)) & Ipv4LpmBuilder.mask(len);
                if (!seen4.add(((long)len << 32) | (address & 0xffffffffL)))
                {
                    continue;
                }
                prefix = IpText.formatIpv4(address) + "/" + len;
            }
            else
            {
                // Longer prefixes are more-specifics of a pool of /32 provider blocks, as in a real table.
                final long top = len > 32 ? blocks[rnd.nextInt(blocks.length)] : randomGlobal(rnd);
                final long hi = (top | (rnd.nextLong() & 0xffffffffL)) & Ipv6LpmBuilder.maskHi(len);
                final long lo = rnd.nextLong() & Ipv6LpmBuilder.maskLo(len);
                prefix = IpText.formatIpv6(hi, lo) + "/" + len;
                if (!seen6.add(prefix))
                {
                    continue;
                }
            }
            final int members = rnd.nextInt(20) == 0 ? 2 + rnd.nextInt(3) : 1;
            final int first = rnd.nextInt(NEXT_HOPS);
            for (int m = 0; m < members; m++)
            {
                final int nh = (first + m * 7) % NEXT_HOPS;
                line.setLength(0);
                line.append(prefix).append(' ')
                        .append(family == 4 ? "192.168.0." + (nh + 1) : "fe80::" + Integer.toHexString(nh + 1))
                        .append(' ').append(1 + nh % PORTS).append('\n');
                out.append(line);
            }
            produced++;
        }
        out.flush();
    }
}
