package dev.wirespeed.control.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Istio's consolidated DestinationRules ({@code PushContext.setDestinationRules} and
 * {@code mergeDestinationRule}) and the lookup of the rules a client sees for a service
 * ({@code PushContext.destinationRule}, then {@code SidecarScope.DestinationRule}); docs/routing.md §4.
 *
 * <p>Rules are ordered as Istio sorts them: those with a {@code workloadSelector} first, then by creation time,
 * name and namespace. Each is filed under its namespace (its "local" rules, when its written {@code exportTo} is
 * empty or holds {@code *}, {@code .} or its namespace), and under its namespace's exported rules unless it is
 * private (written {@code exportTo} exactly {@code .} or its namespace, or empty with a mesh default of
 * {@code .}; a rule with a selector is always private, its set read as {@code .}); a private rule of the root
 * namespace goes to the root's own index. Filing a rule for a host that index already holds merges it into
 * every earlier entry whose written {@code exportTo} set equals its own (or is a non-empty subset of it — then it
 * is filed on its own too) unless both have selectors that differ: the later rule's subsets are appended (a
 * subset name already there keeps the first), and its top-level traffic policy is taken only when the entry has
 * none, unless one of the two was generated from Gateway API backend policies ({@link BackendPolicyMerge}: the
 * written rule's fields win). Otherwise it becomes an entry of its own. A generated rule has no creation time (the
 * oldest): among rules without one it comes first.
 *
 * <p>One plain implementation, shared by the reference interpreter and the compiler: the merge is a step of the
 * control plane (Istio does it once per push), not a per-request decision. The choice among a client's rules is
 * made per request by each implementation.
 */
public final class ConsolidatedDestinationRules
{
    private static final String PRIVATE = ".";
    private static final String PUBLIC = "*";

    /**
     * A consolidated rule: the first rule of its kind with the later ones' subsets merged in.
     *
     * @param id       its index in {@link #all()}.
     * @param rule     the merged rule (the first rule's name, namespace, selector and {@code exportTo}).
     * @param exportTo the first rule's written {@code exportTo} set ({@code .} for a rule with a selector).
     * @param from     the names ({@code namespace/name}) of the rules merged into it, first one first.
     */
    public record Entry(int id, DestinationRule rule, Set<String> exportTo, List<String> from)
    {
    }

    private final String rootNamespace;
    private final List<Entry> all = new ArrayList<>();
    private final Map<String, Map<String, List<Integer>>> local = new HashMap<>();
    private final Map<String, Map<String, List<Integer>>> exported = new HashMap<>();
    private final Map<String, List<Integer>> rootLocal = new LinkedHashMap<>();

    /**
     * @param model a routing model.
     */
    public ConsolidatedDestinationRules(final RoutingModel model)
    {
        this.rootNamespace = model.mesh().rootNamespace();
        final List<DestinationRule> sorted = new ArrayList<>(model.destinationRules());
        sorted.sort(Comparator.<DestinationRule>comparingInt(r -> r.hasSelector() ? 0 : 1)
                .thenComparing(DestinationRule::created).thenComparingInt(r -> r.fromBackendPolicies() ? 0 : 1)
                .thenComparing(DestinationRule::name)
                .thenComparing(DestinationRule::namespace));
        for (final DestinationRule rule : sorted)
        {
            final Set<String> set = rule.hasSelector() ? Set.of(PRIVATE)
                    : new LinkedHashSet<>(rule.exportToWritten());
            final String ns = rule.namespace();
            if (set.isEmpty() || set.contains(PUBLIC) || set.contains(PRIVATE) || set.contains(ns))
            {
                merge(local.computeIfAbsent(ns, k -> new LinkedHashMap<>()), rule, set);
            }
            // the mesh's defaultDestinationRuleExportTo was applied to a rule that writes none: "." made it ns
            final boolean privateOnly = set.isEmpty()
                    ? rule.exportTo().contains(ns) && !rule.exportTo().contains(PUBLIC)
                    : set.size() == 1 && (set.contains(PRIVATE) || set.contains(ns));
            if (!privateOnly)
            {
                merge(exported.computeIfAbsent(ns, k -> new LinkedHashMap<>()), rule, set);
            }
            else if (ns.equals(rootNamespace))
            {
                merge(rootLocal, rule, set);
            }
        }
    }

    /** @return every consolidated entry, by id. */
    public List<Entry> all()
    {
        return all;
    }

    private void merge(final Map<String, List<Integer>> index, final DestinationRule rule, final Set<String> set)
    {
        final List<Integer> list = index.computeIfAbsent(rule.host(), k -> new ArrayList<>());
        boolean appendSeparately = true;
        for (final int id : list)
        {
            final Entry mdr = all.get(id);
            if (set.equals(mdr.exportTo()))
            {
                appendSeparately = false;
            }
            else if (!mdr.exportTo().isEmpty() && set.containsAll(mdr.exportTo()))
            {
                appendSeparately = true; // merged, and filed on its own too
            }
            else
            {
                appendSeparately = true;
                continue;
            }
            final DestinationRule existing = mdr.rule();
            final boolean bothWith = existing.hasSelector() && rule.hasSelector();
            if (bothWith && !existing.workloadSelector().equals(rule.workloadSelector()))
            {
                appendSeparately = true;
                continue;
            }
            if (!existing.hasSelector() && !rule.hasSelector() || bothWith)
            {
                appendSeparately = false;
            }
            // a rule with a selector and one without may merge too (Istio's loop does not skip that pair)
            final List<DestinationRule.Subset> subsets = new ArrayList<>(existing.subsets());
            for (final DestinationRule.Subset s : rule.subsets())
            {
                if (subsets.stream().noneMatch(x -> x.name().equals(s.name())))
                {
                    subsets.add(s); // a duplicate subset name keeps the first
                }
            }
            final DestinationRule.TrafficPolicy policy = BackendPolicyMerge.merge(existing.trafficPolicy(),
                    existing.fromBackendPolicies(), rule.trafficPolicy(), rule.fromBackendPolicies());
            final List<String> from = new ArrayList<>(mdr.from());
            from.add(rule.namespace() + "/" + rule.name());
            all.set(id, new Entry(id, existing.withMerged(subsets, policy), mdr.exportTo(), List.copyOf(from)));
        }
        if (appendSeparately)
        {
            final int id = all.size();
            all.add(new Entry(id, rule, Set.copyOf(set), List.of(rule.namespace() + "/" + rule.name())));
            list.add(id);
        }
    }

    /**
     * The consolidated rules a client sees for a service ({@code PushContext.destinationRule}): the client
     * namespace's local rules (for a client of the root namespace, the root's private ones); else the rules the
     * service's namespace exports to the client; else those the root namespace exports to it. In each, the most
     * specific host: the exact host, else the longest wildcard (of the exported ones, those exported to the
     * client; none there and the next step is tried).
     *
     * @param clientNamespace the client's namespace ({@code null}: one no rule names).
     * @param service         the destination service.
     * @return the entries, in index order.
     */
    public List<Entry> forClient(final String clientNamespace, final RegistryService service)
    {
        final List<Integer> first = rootNamespace.equals(clientNamespace) ? mostSpecific(rootLocal, service.host())
                : mostSpecific(local.get(clientNamespace), service.host());
        if (first != null)
        {
            return entries(first, false, null);
        }
        final List<Entry> ofService = entries(mostSpecific(exported.get(service.namespace()), service.host()),
                true, clientNamespace);
        if (!ofService.isEmpty())
        {
            return ofService;
        }
        return entries(mostSpecific(exported.get(rootNamespace), service.host()), true, clientNamespace);
    }

    /**
     * Istio's {@code SidecarScope.DestinationRule}: the first entry with a selector, of the client's namespace,
     * whose labels the client's include; else the last entry without a selector; else none.
     *
     * @param entries         {@link #forClient}.
     * @param clientNamespace the client's namespace.
     * @param labels          the client's labels.
     * @return the entry, or {@code null}.
     */
    public static Entry choose(final List<Entry> entries, final String clientNamespace,
            final Map<String, String> labels)
    {
        Entry catchAll = null;
        for (final Entry e : entries)
        {
            final DestinationRule r = e.rule();
            if (!r.hasSelector())
            {
                catchAll = e;
            }
            else if (r.namespace().equals(clientNamespace)
                    && labels.entrySet().containsAll(r.workloadSelector().entrySet()))
            {
                return e;
            }
        }
        return catchAll;
    }

    private List<Entry> entries(final List<Integer> ids, final boolean filter, final String exportedTo)
    {
        final List<Entry> out = new ArrayList<>();
        if (ids == null)
        {
            return out;
        }
        for (final int id : ids)
        {
            final Entry e = all.get(id);
            if (!filter || e.exportTo().isEmpty() || e.exportTo().contains(PUBLIC)
                    || exportedTo != null && e.exportTo().contains(exportedTo))
            {
                out.add(e);
            }
        }
        return out;
    }

    /** Istio's {@code MostSpecificHostMatch} over one index: the exact host, else the longest matching wildcard. */
    private static List<Integer> mostSpecific(final Map<String, List<Integer>> index, final String host)
    {
        if (index == null)
        {
            return null;
        }
        final List<Integer> exact = index.get(host);
        if (exact != null)
        {
            return exact;
        }
        List<Integer> best = null;
        int bestLength = -1;
        for (final Map.Entry<String, List<Integer>> e : index.entrySet())
        {
            final String pattern = e.getKey();
            if (pattern.startsWith("*") && host.endsWith(pattern.substring(1)) && pattern.length() > bestLength)
            {
                best = e.getValue();
                bestLength = pattern.length();
            }
        }
        return best;
    }
}
