package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.ConsolidatedDestinationRules;
import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.LocalityLb;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.TopologyLabels;
import dev.wirespeed.control.reference.IpLiterals;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.HashMap;
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
    private final ConsolidatedDestinationRules rules;
    final IndexedTableWriter clusters = new IndexedTableWriter();
    final IndexedTableWriter endpoints = new IndexedTableWriter();
    private final RandomLocalityRecords randomLocalities = new RandomLocalityRecords(clusters);

    ClusterCompiler(final CompileContext ctx)
    {
        this.ctx = ctx;
        this.rules = new ConsolidatedDestinationRules(ctx.model);
        this.hashTables = new HashTableCompiler(clusters, ctx);
    }

    void compile()
    {
        final Set<String> nsClasses = new LinkedHashSet<>();
        nsClasses.add(ctx.model.mesh().rootNamespace()); // its clients read the root's private rules first
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
        final int header = clusters.reserveInts(K_HEADER_SIZE);
        clusters.setInt(header + K_COOKIE_HEADER, ctx.s("cookie"));
        clusters.setInt(header + K_REGION_LABEL, ctx.s(EndpointOrder.REGION_LABEL)); // the client's locality
        clusters.setInt(header + K_ZONE_LABEL, ctx.s(EndpointOrder.ZONE_LABEL));
        clusters.setInt(header + K_SUBZONE_LABEL, ctx.s(EndpointOrder.SUBZONE_LABEL));
        clusters.setInt(header + K_EMPTY, ctx.s(""));
        final MeshNetworks meshNetworks = ctx.model.mesh().networks();
        networkEndpoints = new NetworkEndpoints(meshNetworks, ctx.model.peerAuthn());
        clusters.setInt(header + K_NETWORK_LABEL, ctx.s(MeshNetworks.NETWORK_LABEL)); // the client's network
        clusters.setInt(header + K_SYSTEM_NETWORK, ctx.s(meshNetworks.systemNetwork()));
        clusters.setInt(header + K_CLUSTER_LABEL, ctx.s(TopologyLabels.CLUSTER_LABEL)); // the proxy's own labels
        clusters.setInt(header + K_CLUSTER_ID, ctx.s(MeshNetworks.CLUSTER_ID));
        clusters.setInt(header + K_PROXY_NETWORK, ctx.s(TopologyLabels.proxyNetwork(meshNetworks)));
        clusters.setInt(header + K_LOCALITY_LABEL, ctx.s(TopologyLabels.LOCALITY_LABEL));
        clusters.setInt(header + K_OLD_LOCALITY_LABEL, ctx.s(TopologyLabels.OLD_LOCALITY_LABEL));
        proxyViews = meshNetworks.views();
        clusters.setInt(header + K_CLIENTS, NetworkRecords.clients(clusters, meshNetworks, proxyViews, header));
        clusters.setInt(header + K_CLIENT_NETWORKS, NetworkRecords.placedClients(clusters, meshNetworks, ctx::s));
        clusters.setInt(header + K_REMOTE_CLIENTS, NetworkRecords.remoteClients(clusters, meshNetworks.proxies(),
                ctx::s));
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
        final Map<Map<String, String>, Integer> selectorRefs = new LinkedHashMap<>();
        for (int d = 0; d < destCount; d++)
        {
            final Destination dest = ctx.destinations.get(d);
            final int rec = destStart + d * DEST_SIZE;
            final Integer svcIndex = ctx.serviceByHost.get(dest.host());
            clusters.setInt(rec + D_HOST, ctx.s(dest.host()));
            clusters.setInt(rec + D_SUBSET, ctx.s(dest.subset()));
            clusters.setInt(rec + D_PORT, dest.port());
            clusters.setInt(rec + D_SERVICE, svcIndex == null ? -1 : svcIndex);
            clusters.setInt(rec + D_NOT_FOUND_STATUS, dest.clusterNotFoundStatus());
            clusters.setInt(rec + D_FIXED_PORT, 0);
            clusters.setInt(rec + D_FIXED_CLUSTER, -1);
            if (svcIndex == null)
            {
                clusters.setInt(rec + D_TABLE, -1);
                clusters.setInt(rec + D_HASH_TABLE, -1);
                continue;
            }
            final int table = clusters.intCount();
            clusters.setInt(rec + D_TABLE, table);
            destinationTable(svcIndex, dest, classes, clusterIds, clusterRecords, endpointList, selectorRefs);
            clusters.setInt(rec + D_HASH_TABLE, routeHashTable(svcIndex, dest, classes, selectorRefs));
            fixedCluster(rec, table, ctx.model.services().get(svcIndex), dest, classes.size() + 1);
        }
        writeClusters(header, clusterRecords, endpointList);
        writeEndpoints(endpointList);
    }

    /**
     * Writes each cluster's weights, locality, hash-table, choice and network records, then the cluster records, past
     * the cluster count their network variants, then the hidden records of {@code failoverPriority} trie nodes.
     */
    private void writeClusters(final int header, final List<int[]> clusterRecords,
            final List<List<Object>> endpointList)
    {
        final int hiddenBase = clusterRecords.size() + variantRecords.size();
        final List<int[]> hidden = new ArrayList<>();
        final LocalityChoiceRecords choices = new LocalityChoiceRecords(ctx, clusters, hashTables);
        for (int id = 0; id < clusterRecords.size(); id++)
        {
            final int[] rec = clusterRecords.get(id);
            endpointChoice(rec, clusterWeights.get(id), clusterLocalities.get(id));
            rec[CL_HASH_TABLES] = hashTables.write(clusterHashPlans.get(id));
            rec[CL_NETWORK] = NetworkRecords.network(clusters, clusterNetworks.get(id), clusterRecords.size());
            choiceRecord(rec, clusterChoices.get(id), choices, hiddenBase, hidden, endpointList);
        }
        for (int v = 0; v < variantRecords.size(); v++)
        {
            final int[] rec = variantRecords.get(v);
            endpointChoice(rec, variantWeights.get(v), variantLocalities.get(v));
            rec[CL_NETWORK] = -1;
            rec[CL_HASH_TABLES] = hashTables.write(variantHashPlans.get(v));
            choiceRecord(rec, variantChoices.get(v), choices, hiddenBase, hidden, endpointList);
        }
        hashTables.finish();
        randomLocalities.write(List.of(clusterRecords, variantRecords, hidden));
        ctx.capacity("CLUSTERS", "clusters", hiddenBase + hidden.size(), ctx.caps.maxClusters());
        ctx.capacity("ENDPOINTS", "endpoints", endpointList.size(), ctx.caps.maxEndpoints());
        clusters.setInt(header + K_CLUSTER_COUNT, clusterRecords.size());
        clusters.setInt(header + K_CLUSTER_START, clusters.intCount());
        // past the cluster count: variants (reached through network records) and hidden records (through tries)
        for (final List<int[]> list : List.of(clusterRecords, variantRecords, hidden))
        {
            for (final int[] cr : list)
            {
                for (final int x : cr)
                {
                    clusters.addInt(x);
                }
            }
        }
    }

    /** Writes a cluster record's choice record (a trie's hidden records numbered from {@code hiddenBase}). */
    private void choiceRecord(final int[] rec, final Pending pending, final LocalityChoiceRecords choices,
            final int hiddenBase, final List<int[]> hidden, final List<List<Object>> endpointList)
    {
        if (pending != null)
        {
            rec[CL_CHOICE] = choices.write(pending.choice(), pending.sorted(), pending.lb(), members ->
                    hiddenBase + hidden(rec, pending, members, hidden, endpointList));
        }
    }

    private void writeEndpoints(final List<List<Object>> endpointList)
    {
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

    /** Per cluster: its endpoints' weights divided by their gcd, {@code null} when they are all equal. */
    private final List<long[]> clusterWeights = new ArrayList<>();
    /** Per cluster: its locality record (LOC_*), {@code null} when the client's locality does not matter. */
    private final List<int[]> clusterLocalities = new ArrayList<>();
    /** Per cluster: what its consistent-hash tables are built from, {@code null} for other load balancers. */
    private final List<HashTableCompiler.Plan> clusterHashPlans = new ArrayList<>();
    private final HashTableCompiler hashTables;

    /** Per cluster: what its client's labels or locality choose first (docs/routing.md §4), {@code null} for none. */
    private final List<Pending> clusterChoices = new ArrayList<>();

    /**
     * A {@code failoverPriority} or {@code distribute} of a cluster, written once every cluster is known.
     *
     * @param choice  the choice.
     * @param sorted  the cluster's healthy endpoints in its order.
     * @param weights their weights divided by their gcd, {@code null} when all are equal.
     */
    private record Pending(LocalityLb choice, List<EndpointOrder.Candidate> sorted, long[] weights,
            DestinationRule.LoadBalancer lb)
    {
    }

    /** @return the pending {@code failoverPriority} or {@code distribute} of endpoints, {@code null} for none. */
    private static Pending pending(final LocalityLb choice, final List<EndpointOrder.Candidate> sorted,
            final long[] weights, final DestinationRule.LoadBalancer lb)
    {
        return choice == null || choice.kind() == LocalityLb.Kind.FAILOVER || sorted.isEmpty() ? null
                : new Pending(choice, List.copyOf(sorted), weights, lb);
    }

    /** @return the locality record of a locality failover over endpoints, {@code null} for another choice. */
    private int[] failoverRecord(final List<EndpointOrder.Candidate> sorted, final LocalityLb choice)
    {
        return choice != null && choice.kind() == LocalityLb.Kind.FAILOVER ? localityRecord(sorted, choice.setting())
                : null;
    }

    /**
     * A cluster record past the cluster count (no destination names it): a copy of a cluster's record holding some of
     * its endpoints (a {@code failoverPriority} node's), with their weights and, when the setting also writes
     * {@code failover} regions, their locality record.
     *
     * @return its index among the hidden records.
     */
    private int hidden(final int[] rec, final Pending pending, final List<Integer> members, final List<int[]> hidden,
            final List<List<Object>> endpointList)
    {
        final int[] copy = rec.clone();
        final List<EndpointOrder.Candidate> kept = new ArrayList<>();
        final long[] weights = pending.weights() == null ? null : new long[members.size()];
        copy[CL_EP_START] = endpointList.size();
        copy[CL_EP_COUNT] = members.size();
        for (int k = 0; k < members.size(); k++)
        {
            final EndpointOrder.Candidate c = pending.sorted().get(members.get(k));
            kept.add(c);
            endpointList.add(List.of(c.address(), c.port()));
            if (weights != null)
            {
                weights[k] = pending.weights()[members.get(k)];
            }
        }
        final DestinationRule.LocalitySetting setting = pending.choice().setting();
        endpointChoice(copy, weights, setting.failover().isEmpty() ? null : localityRecord(kept, setting));
        copy[CL_NETWORK] = -1;
        randomLocalities.node(copy, kept, pending.choice());
        copy[CL_HASH_TABLES] = hashTables.write(HashTableCompiler.plan(copy[CL_LB] == LB_CONSISTENT_HASH, kept,
                !setting.failover().isEmpty(), true, pending.lb()));
        hidden.add(copy);
        return hidden.size() - 1;
    }

    /** Writes a cluster's weights (cumulative, and the runs of equal ones) and locality record; links them. */
    private void endpointChoice(final int[] rec, final long[] weights, final int[] locality)
    {
        rec[CL_CHOICE] = -1;
        rec[CL_EP_WEIGHTS] = -1;
        rec[CL_EP_RUNS] = -1;
        rec[CL_LOCALITY] = -1;
        if (weights != null)
        {
            rec[CL_EP_WEIGHTS] = clusters.longCount();
            long sum = 0;
            for (final long w : weights)
            {
                sum += w;
                clusters.addLong(sum);
            }
            final int[] runs = new int[weights.length];
            for (int k = weights.length - 1; k >= 0; k--)
            {
                runs[k] = k + 1 < weights.length && weights[k + 1] == weights[k] ? runs[k + 1] : k + 1;
            }
            rec[CL_EP_RUNS] = clusters.intCount();
            for (final int r : runs)
            {
                clusters.addInt(r);
            }
        }
        if (locality != null)
        {
            rec[CL_LOCALITY] = clusters.intCount();
            for (final int v : locality)
            {
                clusters.addInt(v);
            }
        }
    }

    /**
     * A cluster's locality record: its endpoints' locality groups (each one's range among them, sorted as
     * {@link EndpointOrder#LOCALITY} sorts them) and the failover entries; {@code null} for a single group.
     */
    private int[] localityRecord(final List<EndpointOrder.Candidate> sorted, final DestinationRule.LocalitySetting lb)
    {
        final List<Integer> groups = new ArrayList<>();
        int count = 0;
        for (int k = 0; k < sorted.size(); k++)
        {
            final String[] parts = EndpointOrder.localityParts(sorted.get(k).locality());
            if (k == 0 || !java.util.Arrays.equals(parts,
                    EndpointOrder.localityParts(sorted.get(k - 1).locality())))
            {
                groups.addAll(List.of(ctx.s(parts[0]), ctx.s(parts[1]), ctx.s(parts[2]), k, 0));
                count++;
            }
            final int last = groups.size() - 1;
            groups.set(last, groups.get(last) + 1);
        }
        if (count < 2)
        {
            return null;
        }
        final List<Integer> out = new ArrayList<>(List.of(count, lb.failover().size()));
        out.addAll(groups);
        for (final DestinationRule.Failover f : lb.failover())
        {
            out.add(ctx.s(f.from()));
            out.add(ctx.s(f.to()));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Sets the destination's fixed port and cluster when the lookup needs neither the request's port nor its
     * namespace class to find the cluster (ClusterStage: the destination names a port the service declares, or the
     * service has one port; every class has the same cluster, none a workload list).
     */
    private void fixedCluster(final int rec, final int table, final RegistryService svc, final Destination dest,
            final int rows)
    {
        final List<RegistryService.ServicePort> ports = svc.ports();
        // no port named: the lookup's is the request's when the service declares it, else its only port
        int index = dest.port() == 0 && ports.size() == 1 ? 0 : -1;
        for (int k = 0; k < ports.size() && dest.port() != 0; k++)
        {
            if (ports.get(k).number() == dest.port())
            {
                index = k;
                break;
            }
        }
        if (index < 0)
        {
            return;
        }
        final int cluster = clusters.intAt(table + index);
        for (int row = 1; row < rows; row++)
        {
            if (clusters.intAt(table + row * ports.size() + index) != cluster)
            {
                return;
            }
        }
        if (cluster < 0)
        {
            return;
        }
        clusters.setInt(rec + D_FIXED_PORT, ports.get(index).number());
        clusters.setInt(rec + D_FIXED_CLUSTER, cluster);
    }

    /**
     * A destination's table: per client-namespace class and service port, its cluster, or a workload list when
     * the client's labels choose the rule.
     */
    private void destinationTable(final int svcIndex, final Destination dest, final List<String> classes,
            final Map<List<Object>, Integer> clusterIds, final List<int[]> clusterRecords,
            final List<List<Object>> endpointList, final Map<Map<String, String>, Integer> selectorRefs)
    {
        final RegistryService svc = ctx.model.services().get(svcIndex);
        final List<int[]> workloadLists = new ArrayList<>(); // {table entry}
        final List<int[]> choicesByEntry = new ArrayList<>();
        for (int c = 0; c <= classes.size(); c++)
        {
            final String ns = c < classes.size() ? classes.get(c) : null;
            final int[] choices = ruleChoices(svc, ns);
            final boolean visible = ns == null ? svc.exportTo().contains("*") : svc.visibleTo(ns);
            for (final RegistryService.ServicePort port : svc.ports())
            {
                // a service not exported to the client's namespace has no cluster in its proxy: NC
                final int[] cls = new int[choices.length];
                for (int k = 0; k < choices.length; k++)
                {
                    final int ruleIndex = choices[k];
                    final DestinationRule rule = ruleIndex < 0 ? null : rules.all().get(ruleIndex).rule();
                    cls[k] = !visible ? -1 : cluster(svcIndex, svc, port, dest, rule, ruleIndex, clusterIds,
                            clusterRecords, endpointList);
                }
                if (cls.length > 1 && visible)
                {
                    workloadLists.add(new int[] {clusters.intCount()});
                    choicesByEntry.add(concat(choices, cls));
                }
                clusters.addInt(cls[cls.length - 1]);
            }
        }
        for (int k = 0; k < workloadLists.size(); k++)
        {
            final int entry = workloadLists.get(k)[0];
            clusters.setInt(entry, -(workloadList(choicesByEntry.get(k), selectorRefs) + 2));
        }
    }

    /**
     * A destination's route hash row: per client-namespace class, the {kind, nameId} record of the consistent hash
     * it adds to a VirtualService route's hash policy with the client's DestinationRule, -1 for none, or a
     * workload list of them when the client's labels choose the rule.
     *
     * @return where the row starts.
     */
    private int routeHashTable(final int svcIndex, final Destination dest, final List<String> classes,
            final Map<Map<String, String>, Integer> selectorRefs)
    {
        final RegistryService svc = ctx.model.services().get(svcIndex);
        final int[] row = new int[classes.size() + 1];
        for (int c = 0; c <= classes.size(); c++)
        {
            final String ns = c < classes.size() ? classes.get(c) : null;
            final boolean visible = ns == null ? svc.exportTo().contains("*") : svc.visibleTo(ns);
            final int[] choices = ruleChoices(svc, ns);
            final int[] records = new int[choices.length];
            boolean same = true;
            for (int k = 0; k < choices.length; k++)
            {
                final DestinationRule rule = choices[k] < 0 ? null : rules.all().get(choices[k]).rule();
                records[k] = !visible || rule == null ? -1
                        : hashRecord(rule.routeConsistentHash(dest.subset(), dest.port()));
                same &= records[k] == records[0];
            }
            row[c] = same ? records[0] : -(workloadList(concat(choices, records), selectorRefs) + 2);
        }
        final int start = clusters.intCount();
        for (final int v : row)
        {
            clusters.addInt(v);
        }
        return start;
    }

    private final Map<List<Object>, Integer> hashRecords = new LinkedHashMap<>();

    /** A {kind, nameId} record of a consistent hash key (deduplicated), -1 for none. */
    private int hashRecord(final DestinationRule.ConsistentHash ch)
    {
        if (ch == null)
        {
            return -1;
        }
        final List<Object> key = java.util.Arrays.asList(ch.kind(), ch.name(), ch.ttl());
        final Integer known = hashRecords.get(key);
        if (known != null)
        {
            return known;
        }
        final int rec = clusters.intCount();
        clusters.addInt(hashKind(ch));
        clusters.addInt(ch.name() == null ? -1 : ctx.s(ch.name()));
        hashRecords.put(key, rec);
        return rec;
    }

    private static int hashKind(final DestinationRule.ConsistentHash ch)
    {
        switch (ch.kind())
        {
            case USE_SOURCE_IP:
                return HASH_SOURCE_IP;
            case HTTP_QUERY_PARAMETER:
                return HASH_QUERY;
            case HTTP_COOKIE:
                return ch.ttl() ? HASH_COOKIE_TTL : HASH_COOKIE;
            default:
                return HASH_HEADER;
        }
    }

    private static int[] concat(final int[] a, final int[] b)
    {
        final int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Writes a workload list: for each rule with a selector, its selector and cluster, then the fallback cluster.
     *
     * @param choicesAndClusters the rule indices (selectors first, the fallback last) then their clusters.
     * @return where the list starts.
     */
    private int workloadList(final int[] choicesAndClusters, final Map<Map<String, String>, Integer> selectorRefs)
    {
        final int n = choicesAndClusters.length / 2;
        final int[] refs = new int[n - 1];
        for (int k = 0; k < n - 1; k++)
        {
            final Map<String, String> selector = rules.all().get(choicesAndClusters[k]).rule().workloadSelector();
            Integer ref = selectorRefs.get(selector);
            if (ref == null)
            {
                ref = clusters.intCount();
                clusters.addInt(selector.size());
                for (final Map.Entry<String, String> e : new java.util.TreeMap<>(selector).entrySet())
                {
                    clusters.addInt(ctx.s(e.getKey()));
                    clusters.addInt(ctx.s(e.getValue()));
                }
                selectorRefs.put(selector, ref);
            }
            refs[k] = ref;
        }
        final int list = clusters.intCount();
        clusters.addInt(n - 1);
        for (int k = 0; k < n - 1; k++)
        {
            clusters.addInt(refs[k]);
            clusters.addInt(choicesAndClusters[n + k]);
        }
        clusters.addInt(choicesAndClusters[2 * n - 1]);
        return list;
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
        final boolean mtlsOnly = ctx.dnsSrv(dest);
        final List<Object> key = java.util.Arrays.asList(svcIndex, port.number(), dest.subset(), ruleIndex, mtlsOnly);
        final Integer known = clusterIds.get(key);
        if (known != null)
        {
            return known;
        }
        final List<RegistryService.Endpoint> members = NetworkEndpoints.members(svc, subset, port);
        // a client of no listed network sees the cluster's own endpoints; each listed network has its own set (the
        // network filter comes first, the locality choice applies to the set the client's network sees)
        final List<EndpointOrder.Candidate> healthy = networkEndpoints.candidates(members, port, rule, dest.subset(),
                "", svc.namespace(), mtlsOnly, proxyViews.get(0));
        final LocalityLb choice = LocalityLb.of(loadBalancer(rule, subset, port.number()), svc,
                ctx.model.mesh().localityLbSetting(), outlierDetection(rule, subset, port.number()));
        healthy.sort(choice != null ? EndpointOrder.LOCALITY : EndpointOrder.ADDRESS);
        final List<List<Object>> selected = NetworkEndpoints.selected(healthy);
        final DestinationRule.LoadBalancer lb = loadBalancer(rule, subset, port.number());
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
                case HTTP_COOKIE:
                    rec[CL_HASH_KIND] = lb.consistentHash().ttl() ? HASH_COOKIE_TTL : HASH_COOKIE;
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
                    : simple == DestinationRule.Simple.RANDOM ? LB_RANDOM
                    : simple == DestinationRule.Simple.PASSTHROUGH ? LB_PASSTHROUGH : LB_LEAST_REQUEST;
        }
        if (subset != null && isPassthrough(loadBalancer(rule, null, port.number())))
        {
            // Istio builds a subset's cluster with the discovery type of the default cluster, which a PASSTHROUGH
            // load balancer for the port made ORIGINAL_DST: the subset's own load balancer does not change that
            rec[CL_LB] = LB_PASSTHROUGH;
        }
        rec[CL_SIDECAR_ORIGINAL_DST] = svc.passthrough() ? 1 : 0;
        rec[CL_ORIGINAL_DST_PORT] = svc.passthroughTargetPort(port.number());
        rec[CL_EP_START] = eps.size();
        rec[CL_EP_COUNT] = selected.size();
        eps.addAll(selected);
        records.add(rec);
        // Envoy's random load balancer ignores endpoint weights
        final long[] weights = rec[CL_LB] == LB_RANDOM ? null : EndpointOrder.normalisedWeights(healthy);
        clusterWeights.add(weights);
        clusterLocalities.add(failoverRecord(healthy, choice));
        randomLocalities.cluster(rec, healthy, choice);
        clusterHashPlans.add(HashTableCompiler.plan(rec[CL_LB] == LB_CONSISTENT_HASH, healthy, choice, lb));
        clusterChoices.add(pending(choice, healthy, weights, lb));
        clusterNetworks.add(networkVariants(rec, NetworkEndpoints.byCluster(svc, members, subset, port,
                ctx.model.mesh().networks().proxies()), port, rule, dest.subset(), choice, eps, lb, svc.namespace(),
                mtlsOnly));
        clusterIds.put(key, records.size() - 1);
        return records.size() - 1;
    }

    private NetworkEndpoints networkEndpoints;
    /** The views of the clients' proxies, the default first: a view's index is its class. */
    private List<ClientProxies.View> proxyViews = List.of(ClientProxies.NONE.fallback());
    /**
     * Per cluster: {network, class, variant}[] (variants numbered among {@link #variantRecords}), {@code null} for
     * none.
     */
    private final List<int[]> clusterNetworks = new ArrayList<>();
    /** The cluster records holding the endpoints a client of a listed network sees (after the clusters). */
    private final List<int[]> variantRecords = new ArrayList<>();
    private final List<long[]> variantWeights = new ArrayList<>();
    private final List<int[]> variantLocalities = new ArrayList<>();
    private final List<HashTableCompiler.Plan> variantHashPlans = new ArrayList<>();
    private final List<Pending> variantChoices = new ArrayList<>();

    /**
     * The endpoint sets of a cluster for the clients of each network its endpoints are on that has gateways, and of
     * any other network, for each view of a client's proxy (docs/routing.md §4, "Networks"): records like the
     * cluster's, with their own endpoints. The cluster's own record is that of a client of no listed network with the
     * default view (class 0); equal sets share one record; a class holds the client cluster ({@code NW_CLUSTER_SHIFT}).
     *
     * @return {network string id or {@link L7Layout#NW_ANY_NETWORK}, class, variant}[], {@code null} when every client
     *         sees the same endpoints.
     */
    private int[] networkVariants(final int[] rec, final List<List<RegistryService.Endpoint>> byCluster,
            final RegistryService.ServicePort port, final DestinationRule rule, final String subset,
            final LocalityLb choice, final List<List<Object>> eps,
            final DestinationRule.LoadBalancer lb, final String namespace, final boolean mtlsOnly)
    {
        final List<String> nets = networkEndpoints.networksOfAny(byCluster);
        if (nets.isEmpty() && proxyViews.size() * byCluster.size() == 1)
        {
            return null;
        }
        nets.add(null); // any other network
        final int[] out = new int[3 * (nets.size() * proxyViews.size() * byCluster.size() - 1)];
        final Map<List<EndpointOrder.Candidate>, Integer> made = new HashMap<>();
        int k = 0;
        for (int c = 0, views = proxyViews.size(); c < views * byCluster.size(); c++) // view, cluster
        {
            for (final String net : nets)
            {
                if (net == null && c == 0)
                {
                    continue; // the cluster's own record
                }
                final List<EndpointOrder.Candidate> seen = networkEndpoints.candidates(byCluster.get(c / views), port,
                        rule, subset, net == null ? "" : net, namespace, mtlsOnly, proxyViews.get(c % views));
                seen.sort(choice != null ? EndpointOrder.LOCALITY : EndpointOrder.ADDRESS);
                Integer variantIndex = made.get(seen);
                if (variantIndex == null)
                {
                    final int[] variant = rec.clone();
                    variant[CL_EP_START] = eps.size();
                    variant[CL_EP_COUNT] = seen.size();
                    eps.addAll(NetworkEndpoints.selected(seen));
                    final long[] weights = rec[CL_LB] == LB_RANDOM ? null : EndpointOrder.normalisedWeights(seen);
                    variantWeights.add(weights);
                    variantLocalities.add(failoverRecord(seen, choice));
                    randomLocalities.cluster(variant, seen, choice);
                    variantHashPlans.add(HashTableCompiler.plan(rec[CL_LB] == LB_CONSISTENT_HASH, seen, choice, lb));
                    variantChoices.add(pending(choice, seen, weights, lb));
                    variantIndex = variantRecords.size();
                    variantRecords.add(variant);
                    made.put(seen, variantIndex);
                }
                out[k++] = net == null ? NW_ANY_NETWORK : ctx.s(net);
                out[k++] = c % views + (c / views << NW_CLUSTER_SHIFT);
                out[k++] = variantIndex;
            }
        }
        return out;
    }

    /**
     * The load balancer of a cluster (docs/routing.md §4): the rule's, or its port-level entry for the port;
     * then the subset's, or the subset's port-level entry for the port (a port-level entry replaces all).
     */
    private static boolean isPassthrough(final DestinationRule.LoadBalancer lb)
    {
        return lb != null && lb.simple() == DestinationRule.Simple.PASSTHROUGH;
    }

    /** {@code outlierDetection} merged as the load balancer is (Istio's {@code MergeSubsetTrafficPolicy}). */
    private static boolean outlierDetection(final DestinationRule rule, final DestinationRule.Subset subset,
            final int port)
    {
        final DestinationRule.TrafficPolicy tp = rule == null ? null : rule.trafficPolicy();
        final DestinationRule.PortPolicy rulePort = tp == null ? null : tp.forPort(port);
        final boolean od = rulePort != null ? rulePort.outlierDetection() : tp != null && tp.outlierDetection();
        final DestinationRule.TrafficPolicy sp = subset == null ? null : subset.trafficPolicy();
        final DestinationRule.PortPolicy subsetPort = sp == null ? null : sp.forPort(port);
        return subsetPort != null ? subsetPort.outlierDetection() : od || sp != null && sp.outlierDetection();
    }

    private static DestinationRule.LoadBalancer loadBalancer(final DestinationRule rule,
            final DestinationRule.Subset subset, final int port)
    {
        DestinationRule.LoadBalancer lb = rule == null || rule.trafficPolicy() == null ? null
                : rule.trafficPolicy().loadBalancer();
        final DestinationRule.PortPolicy rulePort = rule == null || rule.trafficPolicy() == null ? null
                : rule.trafficPolicy().forPort(port);
        if (rulePort != null)
        {
            lb = rulePort.loadBalancer();
        }
        final DestinationRule.TrafficPolicy sp = subset == null ? null : subset.trafficPolicy();
        final DestinationRule.PortPolicy subsetPort = sp == null ? null : sp.forPort(port);
        return subsetPort != null ? subsetPort.loadBalancer()
                : sp != null && sp.loadBalancer() != null ? sp.loadBalancer() : lb;
    }

    /**
     * docs/routing.md §4: the consolidated rules the client's namespace sees for the service
     * ({@link ConsolidatedDestinationRules#forClient}).
     *
     * @return the entry ids of the rules with a selector (the client's namespace's), then the last rule without
     *         (-1 for none): the client's labels choose the first selector that holds, else the last entry.
     */
    private int[] ruleChoices(final RegistryService svc, final String ns)
    {
        final List<ConsolidatedDestinationRules.Entry> seen = rules.forClient(ns, svc);
        final List<Integer> choices = new ArrayList<>();
        int fallback = -1;
        for (final ConsolidatedDestinationRules.Entry e : seen)
        {
            if (!e.rule().hasSelector())
            {
                fallback = e.id();
            }
            else if (e.rule().namespace().equals(ns))
            {
                choices.add(e.id());
            }
        }
        choices.add(fallback);
        final int[] out = new int[choices.size()];
        for (int k = 0; k < out.length; k++)
        {
            out[k] = choices.get(k);
        }
        return out;
    }
}
