package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.NextHopGroups;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Layout;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;

/**
 * The one way back from a {@link DecisionDescriptor} (ints, written by the forwarders from an {@link L7Result})
 * to the String reference's decision record: the descriptor's slots are read into an {@link L7Result} (the inverse
 * of {@link DecisionDescriptor#l7}), the route's fault delay is looked up in the FIB, the router's materializer
 * names it, and the L3 step's egress port and next hop are added. Both writers that fall back to the reference
 * use it: {@link DecisionEncoder} for its rare String-path records and {@code PacketDecisionText} for every packet
 * decision. One per writing thread; allocates (it is the reference).
 */
public final class ReferenceDecision
{
    private final CompiledRouter router;
    private final IndexedTable actions;
    private final NextHopGroups nextHops;
    private final L7Result result = new L7Result();

    /** @param router the router compiled with the FIB (materializer, action table, L3 next hops). */
    public ReferenceDecision(final CompiledRouter router)
    {
        this.router = router;
        this.actions = router.newLookup().actionTable();
        this.nextHops = new L3Forwarding(router.image()).nextHopGroups();
    }

    /**
     * Reads a decision's L7 slots into the reused result.
     *
     * @param d    an L7 decision.
     * @param port the request's destination port (the result's reset port).
     * @return the result: ids, status, flags, mirror mask, URI prefix length, the fault delay of the route; the
     *         reason only for a drop; {@code tcp} as the descriptor's {@link DecisionDescriptor#FLAG_TCP}.
     */
    public L7Result result(final DecisionDescriptor d, final int port)
    {
        final L7Result r = result;
        final int flags = d.flags();
        r.reset(d.recordIndex(), port);
        r.tcp = (flags & DecisionDescriptor.FLAG_TCP) != 0;
        r.action = d.action();
        r.virtualHost = d.virtualHost();
        r.route = d.route();
        r.destination = d.destination();
        r.cluster = d.cluster();
        r.endpoint = d.endpoint();
        r.port = d.destinationPort();
        r.status = d.status();
        if (r.status < -1)
        {
            r.authz = -2 - r.status; // an AuthorizationPolicy's denial (DecisionDescriptor#l7)
            r.status = d.reason() == Reasons.RBAC_ACCESS_DENIED ? 403 : -1;
        }
        r.flags = flags & DecisionDescriptor.L7_FLAGS_MASK;
        r.reason = d.action() == Actions.DROP ? d.reason() : Reasons.NONE;
        r.mirrorMask = (flags >>> DecisionDescriptor.MIRROR_SHIFT) & 0xFFFFL;
        r.prefixLength = d.prefixLength();
        r.jwt = (flags & DecisionDescriptor.FLAG_JWT) != 0 ? d.reason() : 0;
        if ((r.flags & L7Result.FLAG_DI) != 0 && r.route >= 0)
        {
            final int a = actions.intAt(L7Layout.A_ROUTE_START) + r.route * L7Layout.ROUTE_SIZE;
            r.delayMillis = actions.longAt(actions.intAt(a + L7Layout.R_DELAY_MILLIS));
        }
        return r;
    }

    /**
     * @param r       a result from {@link #result} (possibly adjusted by the caller).
     * @param request the request it was decided for.
     * @return the router's materialised record.
     */
    public RouteDecision materialize(final L7Result r, final L7RequestView request)
    {
        return router.materialize(r, request);
    }

    /**
     * @param decision a materialised record.
     * @param d        its decision.
     * @return the record with the L3 step's egress port and next hop, when the decision has an egress port.
     */
    public RouteDecision withL3(final RouteDecision decision, final DecisionDescriptor d)
    {
        return d.egressPort() >= 0 ? decision.withL3(d.egressPort(), nextHop(d.nextHop())) : decision;
    }

    /**
     * @param nextHop a next-hop index, or -1.
     * @return its text, or {@code null}.
     */
    public String nextHop(final int nextHop)
    {
        return nextHop < 0 || nextHops == null ? null : nextHops.nextHopText(nextHop);
    }
}
