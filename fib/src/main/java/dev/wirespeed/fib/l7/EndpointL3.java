package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.l3.FlowHash;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.L3Result;

/**
 * The step from an L7 decision to the wire: the L3 route towards the chosen endpoint's address (the
 * endpoint gets a fresh TTL of 64, as a sidecar's upstream connection does). Used by every path that routes
 * requests (packets in a capture, JSONL requests, the embedding API), so they agree. Allocation-free.
 */
public final class EndpointL3
{
    /** TTL of the upstream connection's packets. */
    public static final int UPSTREAM_TTL = 64;

    private EndpointL3()
    {
    }

    /**
     * Looks up the route towards an endpoint.
     *
     * @param l7       the lookup whose FIB holds the endpoint.
     * @param l3       the L3 forwarding function over the same FIB.
     * @param endpoint the endpoint index.
     * @param flowHash the hash choosing the ECMP member.
     * @param out      the L3 result (reset when the endpoint has no address).
     * @return whether the endpoint has an IP address (false: a DNS-named endpoint, nothing to route).
     */
    public static boolean route(final L7Lookup l7, final L3Forwarding l3, final int endpoint, final int flowHash,
        final L3Result out)
    {
        final int family = l7.endpointFamily(endpoint);
        if (family == 4)
        {
            l3.forwardIpv4(l7.endpointAddressWord(endpoint, 0), UPSTREAM_TTL, flowHash, out);
            return true;
        }
        if (family == 6)
        {
            l3.forwardIpv6(addressHi(l7, endpoint), addressLo(l7, endpoint), UPSTREAM_TTL, flowHash, out);
            return true;
        }
        out.reset();
        return false;
    }

    /**
     * The flow hash of the upstream connection from a client to an endpoint (TCP, source port 0).
     *
     * @param l7       the lookup whose FIB holds the endpoint.
     * @param endpoint the endpoint index.
     * @param srcIpv4  the client's IPv4 address (0 when unknown or not IPv4).
     * @param srcHi    the client's IPv6 address, high 64 bits (0 when unknown or not IPv6).
     * @param srcLo    low 64 bits.
     * @return the hash ({@link FlowHash}); 0 for an endpoint without an address.
     */
    public static int flowHash(final L7Lookup l7, final int endpoint, final int srcIpv4, final long srcHi,
        final long srcLo)
    {
        final int family = l7.endpointFamily(endpoint);
        final int port = l7.endpointPort(endpoint);
        if (family == 4)
        {
            return FlowHash.ipv4(srcIpv4, l7.endpointAddressWord(endpoint, 0), 0, port, 6);
        }
        if (family == 6)
        {
            return FlowHash.ipv6(srcHi, srcLo, addressHi(l7, endpoint), addressLo(l7, endpoint), 0, port, 6);
        }
        return 0;
    }

    private static long addressHi(final L7Lookup l7, final int ep)
    {
        return ((long)l7.endpointAddressWord(ep, 0) << 32) | (l7.endpointAddressWord(ep, 1) & 0xFFFFFFFFL);
    }

    private static long addressLo(final L7Lookup l7, final int ep)
    {
        return ((long)l7.endpointAddressWord(ep, 2) << 32) | (l7.endpointAddressWord(ep, 3) & 0xFFFFFFFFL);
    }
}
