package dev.wirespeed.fib.l3;

/**
 * Drop reasons of the L3 stage, as int ids (counted per reason) with kebab-case names like VPP's error
 * counters.
 */
public final class L3DropReason
{
    /** Not dropped. */
    public static final int NONE = 0;
    /** TTL (IPv4) or hop limit (IPv6) was 0 or 1. */
    public static final int TTL_EXPIRED = 1;
    /** No route matched the destination. */
    public static final int NO_ROUTE = 2;
    /** Number of reason ids (for counter arrays). */
    public static final int COUNT = 3;

    private static final String[] NAMES = {"none", "ttl-expired", "no-route"};

    private L3DropReason()
    {
    }

    /**
     * @param reason a reason id.
     * @return its name: {@code none}, {@code ttl-expired} or {@code no-route}.
     */
    public static String name(final int reason)
    {
        return NAMES[reason];
    }
}
