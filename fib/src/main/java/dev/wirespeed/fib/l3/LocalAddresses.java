package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import net.openhft.chronicle.bytes.BytesStore;
import dev.wirespeed.fib.OffHeap;

/**
 * Read-only set of the engine's own addresses over the {@code LOCAL_ADDRESSES} section
 * ({@link LocalAddressesBuilder}): a binary search over a short sorted array (an interface list is a
 * handful of addresses, so it stays in L1).
 */
public final class LocalAddresses
{
    private static final OffHeap U = OffHeap.MEMORY;

    private final int ipv4Count;
    private final int ipv6Count;
    private final long ipv4Address;
    private final long ipv6Address;

    /**
     * @param image an image with a {@code LOCAL_ADDRESSES} section.
     */
    public LocalAddresses(final FibImage image)
    {
        this(image.store(), image.sectionOffset(FibSection.LOCAL_ADDRESSES),
                image.sectionLength(FibSection.LOCAL_ADDRESSES));
    }

    /**
     * @param store  the region.
     * @param offset section offset.
     * @param length section length.
     */
    public LocalAddresses(final BytesStore<?, ?> store, final long offset, final long length)
    {
        if (U.getInt(store.addressForRead(offset)) != LocalAddressesBuilder.MAGIC)
        {
            throw new IllegalArgumentException("LOCAL_ADDRESSES section: bad magic");
        }
        ipv4Count = U.getInt(store.addressForRead(offset + 4));
        ipv6Count = U.getInt(store.addressForRead(offset + 8));
        if (ipv4Count < 0 || ipv6Count < 0 || LocalAddressesBuilder.ipv6Start(ipv4Count) + ipv6Count * 16L != length)
        {
            throw new IllegalArgumentException("LOCAL_ADDRESSES section: size does not match its counts");
        }
        ipv4Address = store.addressForRead(offset + LocalAddressesBuilder.HEADER_SIZE);
        ipv6Address = store.addressForRead(offset + LocalAddressesBuilder.ipv6Start(ipv4Count));
    }

    /**
     * @param address an IPv4 address.
     * @return whether it is one of the engine's own.
     */
    public boolean isLocalIpv4(final int address)
    {
        int lo = 0;
        int hi = ipv4Count - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final int c = Integer.compareUnsigned(U.getInt(ipv4Address + ((long)mid << 2)), address);
            if (c == 0)
            {
                return true;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return false;
    }

    /**
     * @param addressHi high 64 bits of an IPv6 address.
     * @param addressLo low 64 bits.
     * @return whether it is one of the engine's own.
     */
    public boolean isLocalIpv6(final long addressHi, final long addressLo)
    {
        int lo = 0;
        int hi = ipv6Count - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long p = ipv6Address + ((long)mid << 4);
            int c = Long.compareUnsigned(U.getLong(p), addressHi);
            if (c == 0)
            {
                c = Long.compareUnsigned(U.getLong(p + 8), addressLo);
            }
            if (c == 0)
            {
                return true;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return false;
    }

    /** @return number of IPv4 addresses. */
    public int ipv4Count()
    {
        return ipv4Count;
    }

    /** @return number of IPv6 addresses. */
    public int ipv6Count()
    {
        return ipv6Count;
    }
}
