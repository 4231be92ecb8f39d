package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.LocalityLb;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.TopologyLabels;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes a cluster's choice record (docs/routing.md §4, {@code L7Layout}): the trie of a {@code failoverPriority},
 * each node's endpoints a cluster record of their own; or the locality weights of each {@code distribute} entry
 * (Istio's {@code applyLocalityWeights}, computed here for every entry, so a request only finds the entry its
 * locality matches).
 */
final class LocalityChoiceRecords
{
    private final CompileContext ctx;
    private final IndexedTableWriter clusters;
    private final HashTableCompiler hashTables;

    LocalityChoiceRecords(final CompileContext ctx, final IndexedTableWriter clusters,
            final HashTableCompiler hashTables)
    {
        this.ctx = ctx;
        this.clusters = clusters;
        this.hashTables = hashTables;
    }

    /**
     * @param choice  a {@code failoverPriority} or {@code distribute}.
     * @param sorted  the cluster's healthy endpoints, in its order (by locality).
     * @param lb      the cluster's load balancer.
     * @param records makes the cluster record of some of them (their indices in {@code sorted}), its index.
     * @return the choice record.
     */
    int write(final LocalityLb choice, final List<EndpointOrder.Candidate> sorted,
            final DestinationRule.LoadBalancer lb, final ToIntFunction<List<Integer>> records)
    {
        return choice.kind() == LocalityLb.Kind.DISTRIBUTE ? distribute(choice.setting(), sorted, lb)
                : priority(choice.setting().failoverPriority(), sorted, records);
    }

    private int priority(final List<String> entries, final List<EndpointOrder.Candidate> sorted,
            final ToIntFunction<List<Integer>> records)
    {
        final int n = entries.size();
        final String[] names = new String[n];
        final int[] overrides = new int[n];
        for (int j = 0; j < n; j++)
        {
            final String[] label = LocalityLb.priorityLabel(entries.get(j));
            names[j] = label[0];
            // the client's cluster is the mesh's, whatever its source labels write (Istio's AugmentLabels), unless
            // a remote cluster's Pod is a client: then its proxy's label says which
            overrides[j] = label[1] != null ? ctx.s(label[1])
                    : label[0].equals(TopologyLabels.CLUSTER_LABEL) && ctx.model.mesh().networks().proxies().remote()
                    .isEmpty() ? ctx.s(MeshNetworks.CLUSTER_ID) : -1;
        }
        final boolean networkFirst = entries.get(0).equals(LocalityLb.NETWORK_LABEL);
        final List<Integer> all = new ArrayList<>();
        for (int k = 0; k < sorted.size(); k++)
        {
            all.add(k);
        }
        final Map<List<Integer>, Integer> made = new LinkedHashMap<>(); // one cluster record per endpoint set
        final int root = node(all, 0, names, sorted, records, made);
        final int altRoot = networkFirst ? node(all, 1, names, sorted, records, made) : -1;
        final int rec = clusters.intCount();
        clusters.addInt(CHOICE_PRIORITY);
        clusters.addInt(n);
        clusters.addInt(networkFirst ? 1 : 0);
        clusters.addInt(root);
        clusters.addInt(altRoot);
        for (int j = 0; j < n; j++)
        {
            clusters.addInt(ctx.s(names[j]));
            clusters.addInt(overrides[j]);
        }
        return rec;
    }

    /** Writes the trie node of endpoints at a depth (their values of the labels before it agree), children first. */
    private int node(final List<Integer> members, final int depth, final String[] names,
            final List<EndpointOrder.Candidate> sorted, final ToIntFunction<List<Integer>> records,
            final Map<List<Integer>, Integer> made)
    {
        final Map<String, List<Integer>> byValue = new LinkedHashMap<>();
        if (depth < names.length)
        {
            for (final int k : members)
            {
                byValue.computeIfAbsent(sorted.get(k).labels().getOrDefault(names[depth], ""), v -> new ArrayList<>())
                        .add(k);
            }
        }
        final List<int[]> children = new ArrayList<>();
        for (final Map.Entry<String, List<Integer>> e : byValue.entrySet())
        {
            children.add(new int[] {ctx.s(e.getKey()), node(e.getValue(), depth + 1, names, sorted, records, made)});
        }
        final Integer known = made.get(members);
        final int cluster = known != null ? known : records.applyAsInt(members);
        made.put(members, cluster);
        final int node = clusters.intCount();
        clusters.addInt(cluster);
        clusters.addInt(children.size());
        for (final int[] c : children)
        {
            clusters.addInt(c[0]);
            clusters.addInt(c[1]);
        }
        return node;
    }

    private int distribute(final DestinationRule.LocalitySetting setting, final List<EndpointOrder.Candidate> sorted,
            final DestinationRule.LoadBalancer lb)
    {
        // the localities, contiguous in the cluster's order, and their own weights (Istio's sum, saturating uint32)
        final List<String[]> localities = new ArrayList<>();
        final List<int[]> ranges = new ArrayList<>();
        final List<Long> own = new ArrayList<>();
        for (int k = 0; k < sorted.size(); k++)
        {
            final String[] parts = EndpointOrder.localityParts(sorted.get(k).locality());
            if (k == 0 || !java.util.Arrays.equals(parts, localities.get(localities.size() - 1)))
            {
                localities.add(parts);
                ranges.add(new int[] {k, 0});
                own.add(0L);
            }
            final int last = ranges.size() - 1;
            ranges.get(last)[1]++;
            own.set(last, Math.min(UINT32, own.get(last) + sorted.get(k).weight()));
        }
        final List<Integer> entryStarts = new ArrayList<>();
        final List<long[]> entryWeights = new ArrayList<>();
        for (final DestinationRule.Distribute d : setting.distribute())
        {
            entryWeights.add(weights(d, localities, own));
            entryStarts.add(cumulative(entryWeights.get(entryWeights.size() - 1)));
        }
        entryWeights.add(own.stream().mapToLong(Long::longValue).toArray());
        final int fallback = cumulative(entryWeights.get(entryWeights.size() - 1));
        // a consistent hash: Envoy's one table over the weighted localities per entry (and for no entry matching)
        final int[] tables = new int[entryWeights.size()];
        final boolean hashed = lb != null && lb.consistentHash() != null;
        for (int k = 0; hashed && k < tables.length; k++)
        {
            tables[k] = hashTables.distributeTable(sorted, entryWeights.get(k), lb.consistentHash());
        }
        final int rec = clusters.intCount();
        clusters.addInt(CHOICE_DISTRIBUTE);
        clusters.addInt(localities.size());
        clusters.addInt(setting.distribute().size());
        clusters.addInt(fallback);
        for (final int[] r : ranges)
        {
            clusters.addInt(r[0]);
            clusters.addInt(r[1]);
        }
        for (int k = 0; k < setting.distribute().size(); k++)
        {
            final String[] from = setting.distribute().get(k).from().split("/", -1);
            for (int part = 0; part < 3; part++)
            {
                final String p = part < from.length ? from[part] : "";
                clusters.addInt(p.equals("*") || part > 0 && p.isEmpty() ? LOC_ANY : ctx.s(p));
            }
            clusters.addInt(entryStarts.get(k));
        }
        for (int k = 0; hashed && k < tables.length; k++)
        {
            clusters.addInt(tables[k]);
        }
        return rec;
    }

    private static final long UINT32 = 0xFFFF_FFFFL;

    /**
     * Istio's {@code applyLocalityWeights} for one entry: each {@code to} pattern takes the localities it matches that
     * no pattern took before; each gets {@code ceil(own × weight ÷ total own of the pattern's)} (uint32 arithmetic,
     * as Istio's; a result of 0 keeps its own weight); a locality no pattern takes is dropped (weight 0).
     */
    private static long[] weights(final DestinationRule.Distribute d, final List<String[]> localities,
            final List<Long> own)
    {
        final long[] out = new long[localities.size()];
        final boolean[] taken = new boolean[localities.size()];
        for (final Map.Entry<String, Long> to : d.to().entrySet())
        {
            final List<Integer> matched = new ArrayList<>();
            long total = 0;
            for (int g = 0; g < localities.size(); g++)
            {
                if (!taken[g] && LocalityLb.localityMatch(localities.get(g), to.getKey()))
                {
                    taken[g] = true;
                    matched.add(g);
                    total = (total + own.get(g)) & UINT32;
                }
            }
            for (final int g : matched)
            {
                final double w = (double)((own.get(g) * to.getValue()) & UINT32) / (double)total;
                out[g] = w > 0 ? Math.min(UINT32, (long)Math.ceil(w)) : own.get(g);
            }
        }
        return out;
    }

    /** @return the long index of the cumulative sums of some weights, divided by their gcd. */
    private int cumulative(final long[] weights)
    {
        long gcd = 0;
        for (final long w : weights)
        {
            gcd = java.math.BigInteger.valueOf(gcd).gcd(java.math.BigInteger.valueOf(w)).longValue();
        }
        final int start = clusters.longCount();
        long sum = 0;
        for (final long w : weights)
        {
            sum += gcd == 0 ? 0 : w / gcd;
            clusters.addLong(sum);
        }
        return start;
    }
}
