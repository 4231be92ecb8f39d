package dev.wirespeed.fib;

/**
 * The sections of a {@link FibImage}, one per table. The id is what the image header stores, so ids
 * never change meaning; new sections take new ids.
 */
public enum FibSection
{
    /** IPv4 longest-prefix match (DIR-24-8 style tbl24 + tbl8 groups). */
    IPV4_LPM(1),
    /** IPv6 longest-prefix match. */
    IPV6_LPM(2),
    /** ECMP next-hop groups: weighted member bucket tables, next-hop addresses and egress ports. */
    NEXT_HOP_GROUPS(3),
    /** The engine's own interface addresses (punt targets). */
    LOCAL_ADDRESSES(4),
    /** (gateway, port, authority) to virtual host. */
    HOST_STAGE(5),
    /** URI-prefix hash stage: per virtual host, prefix and exact path to match-block bit vectors. */
    URI_STAGE(6),
    /** Bit-vector classifier: per field value bit vectors and residual conditions. */
    CLASSIFIER(7),
    /** Route actions: weighted destinations, redirect, direct response, fault, rewrite, mirror, headers. */
    ACTIONS(8),
    /** Clusters: destination host + subset + port to endpoints and load-balancer policy. */
    CLUSTERS(9),
    /** Endpoints: address, port, health. */
    ENDPOINTS(10),
    /** Interned UTF-8 strings addressed by offset. */
    STRINGS(11),
    /** TCP (L4) routes. */
    L4_ROUTES(12),
    /** AuthorizationPolicies: per workload the RBAC rules its proxy evaluates (docs/fib.md "AUTHZ"). */
    AUTHZ(13);

    private final int id;

    FibSection(final int id)
    {
        this.id = id;
    }

    /** @return the id stored in the image header. */
    public int id()
    {
        return id;
    }

    /**
     * @param id a section id read from an image header.
     * @return the section, or {@code null} if this version does not know the id.
     */
    public static FibSection byId(final int id)
    {
        for (final FibSection s : values())
        {
            if (s.id == id)
            {
                return s;
            }
        }
        return null;
    }
}
