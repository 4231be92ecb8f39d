package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.reference.IpLiterals;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Compiles the clusters and endpoints: for every destination, every client-namespace class and every
 * service port, the DestinationRule that applies, the subset, the healthy endpoints (sorted by address
 * then port) and the load balancer — deduplicated into cluster records.
 */
final class ClusterCompiler
{
    private final CompileContext ctx;
    final IndexedTableWriter clusters = new IndexedTableWriter();
    final IndexedTableWriter endpoints = new IndexedTableWriter();

    ClusterCompiler(final CompileContext ctx)
    {
        this.ctx = ctx;
    }

    void compile()
    {
        final Set<String> nsClasses = new LinkedHashSet<>();
        for (final DestinationRule dr : ctx.model.destinationRules())
        {
            nsClasses.add(dr.namespace());
            for (final String ns : dr.exportTo())
            {
                if (!ns.equals("*"))
                {
                    nsClasses.add(ns);
                }
            }
        }
        for (final RegistryService svc : ctx.model.services())
        {
            for (final String ns : svc.exportTo())
            {
                if (!ns.equals("*"))
                {
                    nsClasses.add(ns); // clients there see the service, others may not
                }
            }
        }
        final List<String> classes = new ArrayList<>(nsClasses);
        final int header = clusters.reserveInts(6);
        clusters.setInt(header + K_NS_COUNT, classes.size());
        clusters.setInt(header + K_NS_START, clusters.intCount());
        for (final String ns : classes)
        {
            clusters.addInt(ctx.s(ns));
        }
        final int destCount = ctx.destinations.size();
        clusters.setInt(header + K_DEST_COUNT, destCount);
        final int destStart = clusters.reserveInts(destCount * DEST_SIZE);
        clusters.setInt(header + K_DEST_START, destStart);

        final Map<List<Object>, Integer> clusterIds = new LinkedHashMap<>();
        final List<int[]> clusterRecords = new ArrayList<>();
        final List<List<Object>> endpointList = new ArrayList<>();
        for (int d = 0; d < destCount; d++)
        {
            final Destination dest = ctx.destinations.get(d);
            final int rec = destStart + d * DEST_SIZE;
            final Integer svcIndex = ctx.serviceByHost.get(dest.host());
            clusters.setInt(rec + D_HOST, ctx.s(dest.host()));
            clusters.setInt(rec + D_SUBSET, ctx.s(dest.subset()));
            clusters.setInt(rec + D_PORT, dest.port());
            clusters.setInt(rec + D_SERVICE, svcIndex == null ? -1 : svcIndex);
            if (svcIndex == null)
            {
                clusters.setInt(rec + D_TABLE, -1);
                continue;
            }
            final RegistryService svc = ctx.model.services().get(svcIndex);
            clusters.setInt(rec + D_TABLE, clusters.intCount());
            for (int c = 0; c <= classes.size(); c++)
            {
                final String ns = c < classes.size() ? classes.get(c) : null;
                final int ruleIndex = applicableRule(svc, ns);
                final DestinationRule rule = ruleIndex < 0 ? null : ctx.model.destinationRules().get(ruleIndex);
                final boolean visible = ns == null ? svc.exportTo().contains("*") : svc.visibleTo(ns);
                for (final RegistryService.ServicePort port : svc.ports())
                {
                    // a service not exported to the client's namespace has no cluster in its proxy: NC
                    clusters.addInt(!visible ? -1 : cluster(svcIndex, svc, port, dest, rule, ruleIndex, clusterIds,
                            clusterRecords, endpointList));
                }
            }
        }
        ctx.capacity("CLUSTERS", "clusters", clusterRecords.size(), ctx.caps.maxClusters());
        ctx.capacity("ENDPOINTS", "endpoints", endpointList.size(), ctx.caps.maxEndpoints());
        clusters.setInt(header + K_CLUSTER_COUNT, clusterRecords.size());
        clusters.setInt(header + K_CLUSTER_START, clusters.intCount());
        for (final int[] cr : clusterRecords)
        {
            for (final int x : cr)
            {
                clusters.addInt(x);
            }
        }
        endpoints.reserveInts(2);
        endpoints.setInt(E_COUNT, endpointList.size());
        endpoints.setInt(E_START, endpoints.intCount());
        for (final List<Object> ep : endpointList)
        {
            final String address = (String)ep.get(0);
            final int port = (Integer)ep.get(1);
            endpoints.addInt(ctx.s(address));
            endpoints.addInt(port);
            endpoints.addInt(ctx.s(address + ":" + port));
            final byte[] literal = IpLiterals.parse(address);
            endpoints.addInt(literal == null ? 0 : literal.length == 4 ? 4 : 6);
            for (final int w : literal == null ? new int[4] : CompileContext.words(literal))
            {
                endpoints.addInt(w);
            }
        }
    }

    private int cluster(final int svcIndex, final RegistryService svc, final RegistryService.ServicePort port,
            final Destination dest, final DestinationRule rule, final int ruleIndex,
            final Map<List<Object>, Integer> clusterIds, final List<int[]> records, final List<List<Object>> eps)
    {
        DestinationRule.Subset subset = null;
        if (dest.subset() != null)
        {
            if (rule != null)
            {
                for (final DestinationRule.Subset sub : rule.subsets())
                {
                    if (sub.name().equals(dest.subset()))
                    {
                        subset = sub;
                        break;
                    }
                }
            }
            if (subset == null)
            {
                return -1;
            }
        }
        final List<Object> key = java.util.Arrays.asList(svcIndex, port.number(), dest.subset(), ruleIndex);
        final Integer known = clusterIds.get(key);
        if (known != null)
        {
            return known;
        }
        final List<List<Object>> selected = new ArrayList<>();
        for (final RegistryService.Endpoint e : svc.endpoints())
        {
            if (e.healthy() && (subset == null || e.labels().entrySet().containsAll(subset.labels().entrySet())))
            {
                final Integer override = e.ports().get(port.name());
                selected.add(List.of(e.address(), override != null ? override : port.targetPort()));
            }
        }
        selected.sort(Comparator.<List<Object>, String>comparing(e -> (String)e.get(0))
                .thenComparingInt(e -> (Integer)e.get(1)));
        DestinationRule.LoadBalancer lb = null;
        if (subset != null && subset.trafficPolicy() != null && subset.trafficPolicy().loadBalancer() != null)
        {
            lb = subset.trafficPolicy().loadBalancer();
        }
        else if (rule != null && rule.trafficPolicy() != null)
        {
            lb = rule.trafficPolicy().loadBalancer();
        }
        final int[] rec = new int[CLUSTER_SIZE];
        rec[CL_NAME] = ctx.s("outbound|" + port.number() + "|" + (dest.subset() == null ? "" : dest.subset()) + "|"
                + svc.host());
        rec[CL_HOST] = ctx.s(svc.host());
        rec[CL_SUBSET] = ctx.s(dest.subset());
        rec[CL_PORT] = port.number();
        rec[CL_HASH_NAME] = -1;
        if (lb != null && lb.consistentHash() != null)
        {
            rec[CL_LB] = LB_CONSISTENT_HASH;
            switch (lb.consistentHash().kind())
            {
                case USE_SOURCE_IP:
                    rec[CL_HASH_KIND] = HASH_SOURCE_IP;
                    break;
                case HTTP_QUERY_PARAMETER:
                    rec[CL_HASH_KIND] = HASH_QUERY;
                    rec[CL_HASH_NAME] = ctx.s(lb.consistentHash().name());
                    break;
                default:
                    rec[CL_HASH_KIND] = HASH_HEADER;
                    rec[CL_HASH_NAME] = ctx.s(lb.consistentHash().name());
                    break;
            }
        }
        else
        {
            final DestinationRule.Simple simple = lb == null || lb.simple() == null
                    ? DestinationRule.Simple.LEAST_REQUEST : lb.simple();
            rec[CL_LB] = simple == DestinationRule.Simple.ROUND_ROBIN ? LB_ROUND_ROBIN
                    : simple == DestinationRule.Simple.RANDOM ? LB_RANDOM : LB_LEAST_REQUEST;
        }
        rec[CL_EP_START] = eps.size();
        rec[CL_EP_COUNT] = selected.size();
        eps.addAll(selected);
        records.add(rec);
        clusterIds.put(key, records.size() - 1);
        return records.size() - 1;
    }

    /** docs/routing.md §4: rules in the client's namespace, the service's, istio-system, then any. */
    private int applicableRule(final RegistryService svc, final String ns)
    {
        final List<DestinationRule> rules = ctx.model.destinationRules();
        int best = -1;
        int bestGroup = Integer.MAX_VALUE;
        int bestScore = -1;
        for (int i = 0; i < rules.size(); i++)
        {
            final DestinationRule dr = rules.get(i);
            if (!(dr.exportTo().isEmpty() || dr.exportTo().contains("*") || (ns != null && dr.exportTo().contains(ns))))
            {
                continue;
            }
            final int score;
            if (dr.host().equals(svc.host()))
            {
                score = Integer.MAX_VALUE;
            }
            else if (dr.host().equals("*"))
            {
                score = 0;
            }
            else if (dr.host().startsWith("*.") && svc.host().endsWith(dr.host().substring(1))
                    && svc.host().length() > dr.host().length() - 1)
            {
                score = dr.host().length();
            }
            else
            {
                continue;
            }
            final int group = dr.namespace().equals(ns) ? 0
                    : dr.namespace().equals(svc.namespace()) ? 1
                    : dr.namespace().equals(ctx.model.mesh().rootNamespace()) ? 2 : 3;
            if (group < bestGroup || (group == bestGroup && score > bestScore))
            {
                best = i;
                bestGroup = group;
                bestScore = score;
            }
        }
        return best;
    }
}
