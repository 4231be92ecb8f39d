package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;

/**
 * Binds a {@code localityLbSetting} (a DestinationRule load balancer's, or the mesh config's) with Istio's
 * validation ({@code validateLocalityLbSetting}): {@code distribute} and {@code failover} not both, a failover's
 * {@code from} and {@code to} different regions (no {@code /}), {@code distribute} weights summing to 100.
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
        final List<YamlNode> distribute = r.list("distribute");
        final List<YamlNode> failoverNodes = r.list("failover");
        if (!distribute.isEmpty() && !failoverNodes.isEmpty())
        {
            diags.error(r.field("failover"), "can not simultaneously specify 'distribute' and 'failover'");
        }
        for (final YamlNode d : distribute)
        {
            final FieldReader dr = FieldReader.of(d, diags, ERROR, "from", "to");
            dr.string("from");
            final YamlNode to = dr.field("to");
            if (to != null && to.isMap())
            {
                long sum = 0;
                final FieldReader weights = FieldReader.of(to, diags, FieldReader.Unknown.IGNORE);
                for (final Map.Entry<String, YamlNode> e : to.fields().entrySet())
                {
                    sum += weights.integerIn(e.getKey(), 0, 0xFFFF_FFFFL, 0);
                }
                if (sum != 100)
                {
                    diags.error(to, "total locality weight " + sum + " != 100");
                }
            }
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
            else
            {
                failover.add(new DestinationRule.Failover(from, to));
            }
        }
        final List<String> priority = r.stringList("failoverPriority");
        if (!distribute.isEmpty())
        {
            diags.warning(r.field("distribute"), "localityLbSetting.distribute is not modelled: endpoints are chosen "
                    + "as without locality load balancing (docs/config.md)");
        }
        else if (!priority.isEmpty())
        {
            diags.warning(r.field("failoverPriority"), "localityLbSetting.failoverPriority is not modelled: endpoints "
                    + "are chosen as without locality load balancing (docs/config.md)");
        }
        return new DestinationRule.LocalitySetting(enabled, List.copyOf(failover), !distribute.isEmpty(),
                List.copyOf(priority));
    }
}
