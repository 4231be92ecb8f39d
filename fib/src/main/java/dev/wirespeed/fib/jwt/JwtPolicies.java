package dev.wirespeed.fib.jwt;

/**
 * The compiled RequestAuthentications of an image (a side structure, like the regexes): the provider sets
 * (each a workload's {@code jwtRules}, sorted by issuer as Istio sorts them), which set a gateway's proxy and which set
 * each endpoint's sidecar enforces, and the clock JWT times are checked against (docs/routing.md "Request
 * authentication").
 */
public final class JwtPolicies
{
    /** No RequestAuthentication. */
    public static final JwtPolicies NONE = new JwtPolicies(new JwtProvider[0][], new int[0], new int[0], 0);

    private final JwtProvider[][] sets;
    private final int[] gatewaySets;
    private final int[] endpointSets;
    private final long now;

    /**
     * @param sets         the provider sets.
     * @param gatewaySets  by gateway name's string pool id: the set its proxy enforces, -1 for none.
     * @param endpointSets by endpoint index: the set its sidecar enforces, -1 for none.
     * @param now          the request time, Unix seconds.
     */
    public JwtPolicies(final JwtProvider[][] sets, final int[] gatewaySets, final int[] endpointSets, final long now)
    {
        this.sets = sets;
        this.gatewaySets = gatewaySets;
        this.endpointSets = endpointSets;
        this.now = now;
    }

    /** @return whether no proxy enforces a policy. */
    public boolean isEmpty()
    {
        return sets.length == 0;
    }

    /**
     * @param gatewayId a gateway name's string id.
     * @return its set, -1 for none.
     */
    public int gatewaySet(final int gatewayId)
    {
        return gatewayId >= 0 && gatewayId < gatewaySets.length ? gatewaySets[gatewayId] : -1;
    }

    /**
     * @param endpoint an endpoint index.
     * @return its sidecar's set, -1 for none.
     */
    public int endpointSet(final int endpoint)
    {
        return endpoint >= 0 && endpoint < endpointSets.length ? endpointSets[endpoint] : -1;
    }

    /**
     * @param set a set index.
     * @return its providers, sorted by issuer.
     */
    public JwtProvider[] providers(final int set)
    {
        return sets[set];
    }

    /** @return the number of sets. */
    public int setCount()
    {
        return sets.length;
    }

    /** @return the request time, Unix seconds. */
    public long now()
    {
        return now;
    }
}
