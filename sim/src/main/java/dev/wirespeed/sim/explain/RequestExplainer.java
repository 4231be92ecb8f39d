package dev.wirespeed.sim.explain;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.Explanation;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l3.NextHopGroups;
import dev.wirespeed.fib.l7.EndpointL3;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.sim.Engine;

/**
 * Explains requests against an engine: the reference interpreter's walk (host, VirtualServices, routes,
 * action, cluster, endpoint) and the L3 stage the compiled FIB runs towards the chosen endpoint (the longest
 * prefix, the next-hop group, the ECMP member by flow hash). The decision shown is the FIB path's, the one
 * {@code replay} writes; the walk's own decision is compared with it. Not thread-safe.
 */
public final class RequestExplainer
{
    private final Engine engine;
    private final ReferenceRouter reference;
    private final Engine.Session session;
    private final HttpRequestView view = new HttpRequestView();
    private final L7Result result = new L7Result();
    private final L3Result l3 = new L3Result();
    private final long[] v6 = new long[2];

    /** @param engine the engine (its model for the walk, its FIB for the decision). */
    public RequestExplainer(final Engine engine)
    {
        this.engine = engine;
        this.reference = new ReferenceRouter(engine.model());
        this.session = engine.newSession();
    }

    /**
     * @param request a request (its id seeds the weighted pick, fault draws and load balancer).
     * @return the explanation.
     */
    public Explained explain(final HttpRequest request)
    {
        final Explanation walk = Explanation.of(reference, request);
        view.reset(request);
        final boolean hasL3 = session.route(view, result, l3);
        final RouteDecision decision = engine.decision(view, result, l3, hasL3);
        l3Steps(walk, request, decision, hasL3);
        return new Explained(request.id(), request, walk, decision, disagreement(walk.decision(), decision));
    }

    private void l3Steps(final Explanation walk, final HttpRequest request, final RouteDecision decision,
            final boolean hasL3)
    {
        if (decision.endpoint() == null)
        {
            return;
        }
        if (!hasL3)
        {
            walk.add("l3", "endpoint `" + decision.endpoint() + "` has no IP address: no L3 stage");
            return;
        }
        final boolean original = result.cluster == L7Result.CLUSTER_PASSTHROUGH
                || L7Result.isOriginalDestination(result.endpoint);
        final int hash = original ? -1 : flowHash(request);
        final String target = original ? "original destination" : "endpoint";
        if (l3.action != Actions.FORWARD)
        {
            walk.add("l3", "no route to the " + target + " `" + decision.endpoint() + "` in the L3 FIB ("
                    + (l3.action == Actions.PUNT ? "punt" : "drop") + ")");
            return;
        }
        final NextHopGroups groups = session.l3().nextHopGroups();
        final int members = groups.memberCount(l3.group);
        final StringBuilder b = new StringBuilder("longest prefix for the ").append(target).append(" `")
                .append(decision.endpoint()).append("`: ").append(prefix(decision.endpoint(), l3.prefixLength))
                .append(" -> next-hop group ").append(l3.group).append(" of ").append(members)
                .append(members == 1 ? " member" : " members");
        if (members > 1)
        {
            b.append("; ECMP by flow hash ").append(hash < 0 ? "of the connection" : Integer.toUnsignedString(hash))
                    .append(" over ").append(groups.bucketCount(l3.group)).append(" buckets -> member ")
                    .append(l3.member).append(" (weight ").append(groups.weight(l3.group, l3.member)).append(')');
        }
        b.append("; egress port ").append(l3.egressPort).append(", next hop ")
                .append(groups.nextHopText(l3.nextHop));
        walk.add("l3", b.toString());
    }

    /** The flow hash the FIB path gives the upstream connection (source address to endpoint). */
    private int flowHash(final HttpRequest request)
    {
        final String src = request.src();
        final long src4 = src == null ? IpText.INVALID : IpText.parseIpv4(src);
        final boolean src6 = src4 == IpText.INVALID && src != null && IpText.parseIpv6(src, v6);
        return EndpointL3.flowHash(session.l7(), result.endpoint, src4 == IpText.INVALID ? 0 : (int)src4,
                src6 ? v6[0] : 0L, src6 ? v6[1] : 0L);
    }

    /** The prefix of {@code length} bits that holds an endpoint's address. */
    static String prefix(final String endpoint, final int length)
    {
        String address = endpoint;
        if (address.startsWith("["))
        {
            address = address.substring(1, address.indexOf(']'));
        }
        else if (address.indexOf(':') == address.lastIndexOf(':') && address.indexOf(':') > 0)
        {
            address = address.substring(0, address.indexOf(':'));
        }
        final long v4 = IpText.parseIpv4(address);
        if (v4 != IpText.INVALID)
        {
            final int mask = length == 0 ? 0 : -1 << (32 - length);
            return IpText.formatIpv4((int)v4 & mask) + "/" + length;
        }
        final long[] a = new long[2];
        if (IpText.parseIpv6(address, a))
        {
            final long hiMask = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
            final long loMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
            return IpText.formatIpv6(a[0] & hiMask, a[1] & loMask) + "/" + length;
        }
        return address + "/" + length;
    }

    /** The fields the reference walk decides (L3 is the FIB's alone) compared with the FIB path's. */
    static String disagreement(final RouteDecision walk, final RouteDecision fib)
    {
        final RouteDecision withoutL3 = fib.withL3(-1, null);
        return walk.equals(withoutL3) ? null : "reference walk " + walk + " but FIB path " + withoutL3;
    }
}
