package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;

/**
 * Binds a {@code localityLbSetting} (a DestinationRule load balancer's, or the mesh config's) with Istio's
 * validation ({@code ValidateLocalityLbSetting}): {@code distribute} and {@code failover} not both; {@code failover}
 * not with a region, zone or subzone label in {@code failoverPriority}; each {@code distribute} weight in [1, 100]
 * and their sum 100; localities written {@code region/zone/subzone} with no empty part, at most one {@code *} and
 * only at the end, and none overlapping another of the same list; a failover's {@code from} and {@code to}
 * different regions without {@code /} or {@code *}.
 */
final class LocalityLbBinder
{
    private LocalityLbBinder()
    {
    }

    /**
     * @param node  the {@code localityLbSetting} node, or {@code null}.
     * @param diags where findings go.
     * @return the setting, or {@code null} when absent.
     */
    static DestinationRule.LocalitySetting bind(final YamlNode node, final Diagnostics diags)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "enabled", "distribute", "failover",
                "failoverPriority");
        if (!r.present())
        {
            return null;
        }
        final Boolean enabled = r.has("enabled") ? r.bool("enabled", true) : null;
        final List<YamlNode> distributeNodes = r.list("distribute");
        final List<YamlNode> failoverNodes = r.list("failover");
        final List<String> priority = r.stringList("failoverPriority");
        if (!distributeNodes.isEmpty() && !failoverNodes.isEmpty())
        {
            diags.error(r.field("failover"), "can not simultaneously specify 'distribute' and 'failover'");
        }
        else if (!failoverNodes.isEmpty())
        {
            for (final String label : priority)
            {
                if (label.equals(EndpointOrder.REGION_LABEL) || label.equals(EndpointOrder.ZONE_LABEL)
                        || label.equals(EndpointOrder.SUBZONE_LABEL))
                {
                    diags.error(r.field("failoverPriority"), "can not simultaneously set 'failover' and topology "
                            + "label '" + label + "' in 'failover_priority'");
                    break;
                }
            }
        }
        final List<DestinationRule.Distribute> distribute = new ArrayList<>();
        final List<YamlNode> froms = new ArrayList<>();
        for (final YamlNode d : distributeNodes)
        {
            final DestinationRule.Distribute entry = distribute(d, diags);
            if (entry != null)
            {
                distribute.add(entry);
                froms.add(FieldReader.of(d, diags, FieldReader.Unknown.IGNORE).field("from"));
            }
        }
        if (froms.size() == distribute.size())
        {
            localities(froms, diags, false);
        }
        final List<DestinationRule.Failover> failover = new ArrayList<>();
        for (final YamlNode f : failoverNodes)
        {
            final FieldReader fr = FieldReader.of(f, diags, ERROR, "from", "to");
            final String from = fr.string("from");
            final String to = fr.string("to");
            if (from == null || to == null)
            {
                continue;
            }
            if (from.equals(to))
            {
                diags.error(f, "locality lb failover settings must specify different regions");
            }
            else if (from.contains("/") || to.contains("/"))
            {
                diags.error(f, "locality lb failover only specify region");
            }
            else if (from.contains("*") || to.contains("*"))
            {
                diags.error(f, "locality lb failover region should not contain '*' wildcard");
            }
            else
            {
                failover.add(new DestinationRule.Failover(from, to));
            }
        }
        return new DestinationRule.LocalitySetting(enabled, List.copyOf(failover), List.copyOf(distribute),
                List.copyOf(priority));
    }

    /** One {@code distribute} entry: weights in [1, 100] summing to 100, its {@code to} localities valid. */
    private static DestinationRule.Distribute distribute(final YamlNode d, final Diagnostics diags)
    {
        final FieldReader dr = FieldReader.of(d, diags, ERROR, "from", "to");
        final String from = dr.string("from");
        if (from == null)
        {
            dr.missing("from");
            return null;
        }
        final YamlNode to = dr.field("to");
        final Map<String, Long> weights = new LinkedHashMap<>();
        if (to == null || !to.isMap())
        {
            if (to != null)
            {
                diags.error(to, "expected a mapping of localities to weights, got " + to.describe());
            }
            return new DestinationRule.Distribute(from, Map.of());
        }
        final FieldReader tr = FieldReader.of(to, diags, FieldReader.Unknown.IGNORE);
        long sum = 0;
        final List<YamlNode> keys = new ArrayList<>();
        for (final String locality : to.fields().keySet())
        {
            final long w = Integer.toUnsignedLong(tr.integerIn(locality, 0, 0xFFFF_FFFFL, 1));
            if (w < 1 || w > 100)
            {
                diags.error(to.get(locality), "locality weight must be in range [1, 100]");
                return null;
            }
            sum += w;
            weights.put(locality, w);
            keys.add(to.key(locality));
        }
        if (sum != 100)
        {
            diags.error(to, "total locality weight " + sum + " != 100");
            return null;
        }
        // the order Istio checks them in is a Go map's (random): an overlap in either order is one
        return localities(keys, diags, true) ? new DestinationRule.Distribute(from, Map.copyOf(weights)) : null;
    }

    /**
     * Istio's {@code validateLocalities}: each written {@code region}, {@code region/zone} or
     * {@code region/zone/subzone} with no empty part, at most one {@code *} and only at the end; none overlapping
     * one before it. Istio keeps a tree of what it saw: {@code *} overlaps everything after it; a region overlaps
     * a later one of that region; {@code region/*} anything later in the region; {@code region/zone} (or
     * {@code region/zone/*}) a later {@code region/zone/...}.
     *
     * @param nodes     the localities as written (scalars).
     * @param anyOrder  whether an overlap found in the other order counts too (a {@code to} map, which Istio walks
     *                  in a random order).
     * @return whether they are valid (the first problem is reported, as Istio stops at it).
     */
    static boolean localities(final List<YamlNode> nodes, final Diagnostics diags, final boolean anyOrder)
    {
        for (int k = 0; k < nodes.size(); k++)
        {
            final String locality = nodes.get(k).text();
            final int stars = locality.length() - locality.replace("*", "").length();
            if (stars > 1 || stars == 1 && !locality.endsWith("*"))
            {
                diags.error(nodes.get(k), "locality " + locality
                        + " wildcard '*' number can not exceed 1 and must be in the end");
                return false;
            }
            for (final String part : locality.split("/", 3))
            {
                if (part.isEmpty())
                {
                    diags.error(nodes.get(k), "locality " + locality + " must not contain empty region/zone/subzone "
                            + "info");
                    return false;
                }
            }
            for (int j = 0; j < k; j++)
            {
                final String before = nodes.get(j).text();
                if (overlaps(before, locality) || anyOrder && overlaps(locality, before))
                {
                    diags.error(nodes.get(k), "locality " + locality + " overlap with previous specified ones");
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether Istio's tree, holding {@code before}, finds {@code later} overlapping it. */
    private static boolean overlaps(final String before, final String later)
    {
        final String[] b = before.split("/", 3);
        final String[] l = later.split("/", 3);
        if (b[0].equals("*"))
        {
            return true;
        }
        if (!b[0].equals(l[0]))
        {
            return false;
        }
        if (b.length == 1 || l.length == 1 || b[1].equals("*"))
        {
            return true; // a region entry, or region/* (zone "*" of the region), covers the whole region
        }
        if (!b[1].equals(l[1]))
        {
            return false;
        }
        // region/zone (zone entry: subzone "*") or region/zone/* covers every later region/zone...; the same
        // subzone twice cannot be written (a YAML map has no duplicate keys; a from list can)
        return b.length == 2 || l.length == 2 || b[2].equals("*") || b[2].equals(l[2]);
    }
}
