package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.SectionWriter;
import net.openhft.chronicle.bytes.BytesStore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds the {@code LOCAL_ADDRESSES} section: the engine's own interface addresses, sorted, for the
 * punt check ({@link LocalAddresses}).
 *
 * <pre>
 *   0        4        8         16
 *   +--------+--------+---------+
 *   | magic  | ipv4 n | ipv6 n  |  (header 16 bytes)
 *   +--------+--------+---------+
 *   | ipv4 addresses, unsigned ascending, 4 B each, padded to 8 |
 *   | ipv6 addresses {hi, lo}, unsigned ascending, 16 B each    |
 * </pre>
 */
public final class LocalAddressesBuilder implements SectionWriter
{
    static final int MAGIC = 0x4C434F4C; // "LOCL"
    static final int HEADER_SIZE = 16;

    private final TreeSet<Long> ipv4 = new TreeSet<>();
    private final TreeSet<long[]> ipv6 = new TreeSet<>((a, b) ->
    {
        final int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    });

    /**
     * @param address an IPv4 address of the engine.
     * @return this.
     */
    public LocalAddressesBuilder addIpv4(final int address)
    {
        ipv4.add(address & 0xffffffffL);
        return this;
    }

    /**
     * @param hi high 64 bits of an IPv6 address of the engine.
     * @param lo low 64 bits.
     * @return this.
     */
    public LocalAddressesBuilder addIpv6(final long hi, final long lo)
    {
        ipv6.add(new long[] {hi, lo});
        return this;
    }

    static long ipv6Start(final int ipv4Count)
    {
        return HEADER_SIZE + ((ipv4Count * 4L + 7) & ~7L);
    }

    @Override
    public long sizeInBytes()
    {
        return ipv6Start(ipv4.size()) + ipv6.size() * 16L;
    }

    @Override
    public void writeTo(final BytesStore<?, ?> store, final long offset)
    {
        store.zeroOut(offset, offset + sizeInBytes());
        store.writeInt(offset, MAGIC);
        store.writeInt(offset + 4, ipv4.size());
        store.writeInt(offset + 8, ipv6.size());
        long p = offset + HEADER_SIZE;
        for (final long a : ipv4)
        {
            store.writeInt(p, (int)a);
            p += 4;
        }
        p = offset + ipv6Start(ipv4.size());
        final List<long[]> v6 = new ArrayList<>(ipv6);
        for (final long[] a : v6)
        {
            store.writeLong(p, a[0]);
            store.writeLong(p + 8, a[1]);
            p += 16;
        }
    }
}
