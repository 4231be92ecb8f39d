package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.ConsolidatedDestinationRules;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;

import java.util.Map;

/**
 * Which DestinationRule applies to a request's destination service, and which load balancer it gives a
 * cluster (docs/routing.md §4), written the plain way.
 */
final class ReferenceDestinationRules
{
    private final ConsolidatedDestinationRules consolidated;

    ReferenceDestinationRules(final RoutingModel model)
    {
        this.consolidated = new ConsolidatedDestinationRules(model);
    }

    /**
     * The DestinationRule that applies to a service for a client (Istio's {@code PushContext.destinationRule},
     * then {@code SidecarScope.DestinationRule}), over Istio's consolidated (merged) rules.
     *
     * @param service         the destination service.
     * @param sourceNamespace the client's namespace, or {@code null} for one no rule mentions.
     * @param sourceLabels    the client's labels.
     * @return the rule, or {@code null}.
     */
    DestinationRule applicableRule(final RegistryService service, final String sourceNamespace,
            final Map<String, String> sourceLabels)
    {
        final ConsolidatedDestinationRules.Entry e = ConsolidatedDestinationRules.choose(
                consolidated.forClient(sourceNamespace, service), sourceNamespace, sourceLabels);
        return e == null ? null : e.rule();
    }

    /**
     * The load balancer of a cluster (Istio's {@code MergeSubsetTrafficPolicy}): the rule's, replaced by its
     * {@code portLevelSettings} entry for the port; then the subset's when it sets one, replaced by the subset's
     * port-level entry for the port. A port-level entry replaces whatever it does not set with the default.
     *
     * @param rule   the rule that applies, or {@code null}.
     * @param subset the subset, or {@code null}.
     * @param port   the service port.
     * @return the load balancer, or {@code null} for the default.
     */
    static DestinationRule.LoadBalancer loadBalancer(final DestinationRule rule, final DestinationRule.Subset subset,
            final int port)
    {
        DestinationRule.LoadBalancer lb = null;
        if (rule != null && rule.trafficPolicy() != null)
        {
            final DestinationRule.PortPolicy p = rule.trafficPolicy().forPort(port);
            lb = p != null ? p.loadBalancer() : rule.trafficPolicy().loadBalancer();
        }
        if (subset != null && subset.trafficPolicy() != null)
        {
            final DestinationRule.PortPolicy p = subset.trafficPolicy().forPort(port);
            if (p != null)
            {
                lb = p.loadBalancer();
            }
            else if (subset.trafficPolicy().loadBalancer() != null)
            {
                lb = subset.trafficPolicy().loadBalancer();
            }
        }
        return lb;
    }

    /**
     * @param pattern a rule host: exact, {@code *.suffix} or {@code *}.
     * @param host    a FQDN.
     * @return -1 when it does not match; otherwise a score: exact highest, then longer wildcards.
     */
    static int hostMatchLength(final String pattern, final String host)
    {
        if (pattern.equals(host))
        {
            return Integer.MAX_VALUE;
        }
        if (pattern.equals("*"))
        {
            return 0;
        }
        if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1)
        {
            return pattern.length();
        }
        return -1;
    }
}
