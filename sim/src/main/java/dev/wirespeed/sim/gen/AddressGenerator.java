package dev.wirespeed.sim.gen;

import dev.wirespeed.control.l3.L3Diagnostic;
import dev.wirespeed.control.l3.RouteSink;
import dev.wirespeed.control.l3.RoutesFileParser;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates IPv4 destination addresses, deterministic for a seed: uniformly random over the whole
 * 32-bit space ({@code random}), or each inside a prefix picked uniformly from a route table
 * ({@code hit}, so every address matches some route; the matched route may be a longer one).
 */
public final class AddressGenerator
{
    private AddressGenerator()
    {
    }

    /**
     * @param count how many.
     * @param seed  random seed.
     * @return uniformly random addresses.
     */
    public static int[] random(final int count, final long seed)
    {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int[] a = new int[count];
        for (int i = 0; i < count; i++)
        {
            a[i] = rnd.nextInt();
        }
        return a;
    }

    /**
     * @param count     how many.
     * @param seed      random seed.
     * @param addresses IPv4 prefix addresses of the table.
     * @param lengths   their lengths.
     * @param routes    number of prefixes.
     * @return addresses each inside one of the prefixes.
     */
    public static int[] hit(
            final int count, final long seed, final int[] addresses, final int[] lengths, final int routes)
    {
        if (routes == 0)
        {
            throw new IllegalArgumentException("the table has no IPv4 routes to hit");
        }
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int[] a = new int[count];
        for (int i = 0; i < count; i++)
        {
            final int r = rnd.nextInt(routes);
            final int len = lengths[r];
            final int host = len == 32 ? 0 : rnd.nextInt() & (int)(0xffffffffL >>> len);
            a[i] = addresses[r] | host;
        }
        return a;
    }

    /** The IPv4 prefixes of a routes file. */
    public static final class Ipv4Prefixes implements RouteSink
    {
        /** Prefix addresses. */
        public int[] addresses = new int[1024];
        /** Prefix lengths. */
        public int[] lengths = new int[1024];
        /** Number of prefixes (lines; an ECMP prefix appears once per line). */
        public int count;

        @Override
        public void ipv4Route(final int address, final int length,
                final int nhFamily, final long nhHi, final long nhLo, final int port, final int line)
        {
            if (count == addresses.length)
            {
                addresses = Arrays.copyOf(addresses, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            addresses[count] = address;
            lengths[count] = length;
            count++;
        }

        @Override
        public void ipv6Route(final long hi, final long lo, final int length,
                final int nhFamily, final long nhHi, final long nhLo, final int port, final int line)
        {
            // IPv4 addresses only.
        }

        /**
         * @param file        a routes file.
         * @param diagnostics receives errors.
         * @return the IPv4 prefixes.
         */
        public static Ipv4Prefixes read(final Path file, final List<L3Diagnostic> diagnostics)
        {
            final Ipv4Prefixes p = new Ipv4Prefixes();
            RoutesFileParser.parse(file, file.toString(), p, diagnostics);
            return p;
        }
    }

    /**
     * @param addresses addresses.
     * @return them as little-endian uint32s.
     */
    public static byte[] toLittleEndian(final int[] addresses)
    {
        final ByteBuffer b = ByteBuffer.allocate(addresses.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(addresses);
        return b.array();
    }

    /**
     * @param bytes little-endian uint32s (length a multiple of 4).
     * @return the addresses.
     */
    public static int[] fromLittleEndian(final byte[] bytes)
    {
        final int[] a = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(a);
        return a;
    }
}
