package dev.wirespeed.sim;

import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.NextHopGroups;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.StringPool;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.jsonl.DecisionEncoder;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * From the ids of the zero-allocation paths ({@link DecisionDescriptor} from {@link Engine#forward(long, int, int,
 * int, DecisionDescriptor)}, {@code L7Result} from {@link Engine.Session#route}) back to names: the same names the
 * decisions JSONL carries. Off the hot path: each call may build a String; resolve once per id and keep it.
 *
 * <pre>{@code
 * DecisionNames names = engine.names();
 * engine.forward(address, length, length, 1, decision);
 * String action  = names.action(decision.action());         // "route", "forward", "drop", ...
 * String reason  = names.reason(decision.reason());         // "no-route", "ttl-expired", ...
 * String cluster = names.cluster(decision.cluster());       // "outbound|9080|v2|reviews.default.svc.cluster.local"
 * String ep      = names.endpoint(decision.endpoint());     // "10.1.0.12:9080"
 * }</pre>
 */
public final class DecisionNames
{
    private final DecisionEncoder encoder;
    private final ReasonTable reasons;
    private final StringPool strings;
    private final IndexedTable hosts;
    private final IndexedTable actions;
    private final IndexedTable clusters;
    private final IndexedTable endpoints;
    private final NextHopGroups nextHops;

    DecisionNames(final CompiledRouter router, final ReasonTable reasons)
    {
        this.encoder = new DecisionEncoder(router, reasons);
        this.reasons = reasons;
        final L7Lookup lookup = router.newLookup();
        this.strings = lookup.strings();
        this.hosts = lookup.hostStage();
        this.actions = lookup.actionTable();
        this.clusters = lookup.clusterTable();
        this.endpoints = lookup.endpointTable();
        this.nextHops = new L3Forwarding(router.image()).nextHopGroups();
    }

    /**
     * @param router  a compiled router (an engine's, or {@code DecisionEncoder.router()}).
     * @param reasons the reason names.
     * @return names over that router's FIB.
     */
    public static DecisionNames of(final CompiledRouter router, final ReasonTable reasons)
    {
        return new DecisionNames(router, reasons);
    }

    /** @param action an action code. @return its name ({@code unknown} when out of range). */
    public String action(final int action)
    {
        return Actions.name(action);
    }

    /** @param reason a reason code. @return its name (built-in and registered reasons). */
    public String reason(final int reason)
    {
        return reasons.name(reason);
    }

    /** @param cluster a cluster id. @return its Envoy name, or {@code null} when none applies. */
    public String cluster(final int cluster)
    {
        if (cluster < 0 || cluster >= clusters.intAt(K_CLUSTER_COUNT))
        {
            return null;
        }
        return strings.string(clusters.intAt(clusters.intAt(K_CLUSTER_START) + cluster * CLUSTER_SIZE + CL_NAME));
    }

    /**
     * @param destination a route destination index (a decision's {@code destination}).
     * @param port        the destination port.
     * @return the cluster name the summaries count it under, {@code outbound|PORT|SUBSET|HOST}.
     */
    public String destination(final int destination, final int port)
    {
        return destination < 0 ? null : encoder.clusterName(destination, port);
    }

    /** @param endpoint an endpoint id. @return {@code address:port}, or {@code null} for -1. */
    public String endpoint(final int endpoint)
    {
        return endpoint < 0 ? null
            : strings.string(endpoints.intAt(endpoints.intAt(E_START) + endpoint * EP_SIZE + EP_TEXT));
    }

    /** @param virtualHost a virtual host id. @return its VirtualService {@code namespace/name}, or {@code null}. */
    public String virtualService(final int virtualHost)
    {
        return virtualHost < 0 ? null
            : strings.string(hosts.intAt(hosts.intAt(H_VS_START) + virtualHost * VS_SIZE + VS_NAME));
    }

    /** @param route a route id. @return its name, or {@code null} for -1 or an unnamed route. */
    public String route(final int route)
    {
        return route < 0 ? null : strings.string(actions.intAt(actions.intAt(A_ROUTE_START) + route * ROUTE_SIZE
            + R_NAME));
    }

    /** @param nextHop a next-hop index. @return its address, or {@code null}. */
    public String nextHop(final int nextHop)
    {
        return nextHop < 0 || nextHops == null ? null : nextHops.nextHopText(nextHop);
    }

    /**
     * @param d a decision.
     * @return one line with its names: {@code action reason cluster endpoint port next hop}, fields that apply.
     */
    public String describe(final DecisionDescriptor d)
    {
        final StringBuilder b = new StringBuilder(action(d.action()));
        if (d.action() == Actions.DROP || d.action() == Actions.PUNT)
        {
            b.append(' ').append(reason(d.reason()));
        }
        append(b, "vs", virtualService(d.virtualHost()));
        append(b, "route", route(d.route()));
        append(b, "cluster", d.destination() >= 0 ? destination(d.destination(), d.destinationPort())
            : cluster(d.cluster()));
        append(b, "endpoint", endpoint(d.endpoint()));
        if (d.egressPort() >= 0)
        {
            b.append(" port=").append(d.egressPort());
        }
        append(b, "nextHop", nextHop(d.nextHop()));
        return b.toString();
    }

    private static void append(final StringBuilder b, final String key, final String value)
    {
        if (value != null)
        {
            b.append(' ').append(key).append('=').append(value);
        }
    }
}
