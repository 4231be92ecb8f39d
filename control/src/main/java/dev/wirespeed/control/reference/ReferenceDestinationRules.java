package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which DestinationRule applies to a request's destination service, and which load balancer it gives a
 * cluster (docs/routing.md §4), written the plain way: groups of rules by namespace, the most specific host
 * in the first group that has one, then the rules with a {@code workloadSelector} before those without.
 */
final class ReferenceDestinationRules
{
    private final RoutingModel model;

    ReferenceDestinationRules(final RoutingModel model)
    {
        this.model = model;
    }

    /**
     * The DestinationRule that applies to a service for a client (Istio's {@code PushContext.destinationRule},
     * then {@code SidecarScope.DestinationRule}).
     *
     * @param service         the destination service.
     * @param sourceNamespace the client's namespace, or {@code null} for one no rule mentions.
     * @param sourceLabels    the client's labels.
     * @return the rule, or {@code null}.
     */
    DestinationRule applicableRule(final RegistryService service, final String sourceNamespace,
            final Map<String, String> sourceLabels)
    {
        final List<List<DestinationRule>> groups = new ArrayList<>();
        for (int g = 0; g < 4; g++)
        {
            groups.add(new ArrayList<>());
        }
        for (final DestinationRule rule : model.destinationRules())
        {
            if (rule.hasSelector())
            {
                // private to its namespace whatever its exportTo: only its own namespace's clients look at it
                if (rule.namespace().equals(sourceNamespace) && hostMatchLength(rule.host(), service.host()) >= 0)
                {
                    groups.get(0).add(rule);
                }
                continue;
            }
            final boolean exported = rule.exportTo().isEmpty() || rule.exportTo().contains("*")
                    || (sourceNamespace != null && rule.exportTo().contains(sourceNamespace));
            if (!exported || hostMatchLength(rule.host(), service.host()) < 0)
            {
                continue;
            }
            if (rule.namespace().equals(sourceNamespace))
            {
                groups.get(0).add(rule);
            }
            else if (rule.namespace().equals(service.namespace()))
            {
                groups.get(1).add(rule);
            }
            else if (rule.namespace().equals(model.mesh().rootNamespace()))
            {
                groups.get(2).add(rule);
            }
            else
            {
                groups.get(3).add(rule);
            }
        }
        for (final List<DestinationRule> group : groups)
        {
            int bestScore = -1;
            for (final DestinationRule rule : group)
            {
                bestScore = Math.max(bestScore, hostMatchLength(rule.host(), service.host()));
            }
            if (bestScore < 0)
            {
                continue;
            }
            // the rules of the most specific host: a selector that holds for the client, else the first without
            DestinationRule catchAll = null;
            for (final DestinationRule rule : group)
            {
                if (hostMatchLength(rule.host(), service.host()) != bestScore)
                {
                    continue;
                }
                if (rule.hasSelector() && sourceLabels.entrySet().containsAll(rule.workloadSelector().entrySet()))
                {
                    return rule;
                }
                if (!rule.hasSelector() && catchAll == null)
                {
                    catchAll = rule;
                }
            }
            return catchAll; // null when only selectors that do not hold: no rule at all, as in Istio
        }
        return null;
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
