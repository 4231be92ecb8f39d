package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.l7.RequestHash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The cluster stage of the reference interpreter (docs/routing.md §4): port, cluster name, the
 * DestinationRule that applies, subset, healthy endpoints sorted by address then port, load balancer.
 */
final class ReferenceClusters
{
    private final RoutingModel model;
    private final ReferenceRouter router;

    ReferenceClusters(final RoutingModel model, final ReferenceRouter router)
    {
        this.model = model;
        this.router = router;
    }

    static int portFor(final Destination dest, final RegistryService service, final RequestFacts r)
    {
        if (dest.port() != 0)
        {
            return dest.port();
        }
        if (service == null)
        {
            return r.port();
        }
        for (final RegistryService.ServicePort p : service.ports())
        {
            if (p.number() == r.port())
            {
                return r.port();
            }
        }
        return service.ports().size() == 1 ? service.ports().get(0).number() : r.port();
    }

    /**
     * @param upstream the request's headers after the route's header operations, or {@code null} when no
     *                 operation applies (the request's own).
     */
    RouteDecision clusterStage(final Destination dest, final RequestFacts r,
            final Map<String, List<String>> upstream, final DecisionBuilder d)
    {
        final RegistryService service = router.serviceByHost(dest.host());
        final int port = portFor(dest, service, r);
        d.action = "route";
        d.host = dest.host();
        d.subset = dest.subset();
        d.port = port;
        d.cluster = ReferenceRouter.clusterName(dest.host(), dest.subset(), port);
        if (d.trace != null)
        {
            d.trace.cluster(d.cluster);
        }
        RegistryService.ServicePort servicePort = null;
        if (service != null)
        {
            for (final RegistryService.ServicePort p : service.ports())
            {
                if (p.number() == port)
                {
                    servicePort = p;
                }
            }
        }
        if (servicePort == null)
        {
            RouteSteps.noServicePort(d.trace, service, dest.host(), port);
            return d.drop(503, "NC", "no-cluster");
        }
        if (!service.visibleTo(r.sourceNamespace()))
        {
            RouteSteps.step(d.trace, "cluster", "the service is not exported to namespace " + r.sourceNamespace()
                    + ": no cluster");
            return d.drop(503, "NC", "no-cluster");
        }
        final DestinationRule rule = applicableRule(service, r.sourceNamespace());
        RouteSteps.rule(d.trace, d.cluster, rule);
        DestinationRule.Subset subset = null;
        if (dest.subset() != null)
        {
            if (rule != null)
            {
                for (final DestinationRule.Subset s : rule.subsets())
                {
                    if (s.name().equals(dest.subset()))
                    {
                        subset = s;
                        break;
                    }
                }
            }
            if (subset == null)
            {
                RouteSteps.noSubset(d.trace, dest.subset(), rule);
                return d.drop(503, "NC", "no-cluster");
            }
        }
        final List<String[]> endpoints = new ArrayList<>();
        for (final RegistryService.Endpoint e : service.endpoints())
        {
            if (e.healthy() && (subset == null || e.labels().entrySet().containsAll(subset.labels().entrySet())))
            {
                final Integer override = e.ports().get(servicePort.name());
                final int p = override != null ? override : servicePort.targetPort();
                endpoints.add(new String[] {e.address(), Integer.toString(p)});
            }
        }
        endpoints.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparingInt(e -> Integer.parseInt(e[1])));
        if (endpoints.isEmpty())
        {
            RouteSteps.noHealthyEndpoint(d.trace, service, subset);
            return d.drop(503, "UH", "no-healthy-upstream");
        }
        DestinationRule.LoadBalancer lb = null;
        if (subset != null && subset.trafficPolicy() != null && subset.trafficPolicy().loadBalancer() != null)
        {
            lb = subset.trafficPolicy().loadBalancer();
        }
        else if (rule != null && rule.trafficPolicy() != null)
        {
            lb = rule.trafficPolicy().loadBalancer();
        }
        final int pick = pickEndpoint(lb, endpoints.size(), r, upstream, d.tcp);
        d.endpoint = endpoints.get(pick)[0] + ":" + endpoints.get(pick)[1];
        if (d.trace != null)
        {
            d.trace.endpoint(policyName(lb, r, upstream, d.tcp), endpoints.size(), pick, d.endpoint);
        }
        return d.build();
    }

    private static int pickEndpoint(final DestinationRule.LoadBalancer lb, final int n, final RequestFacts r,
            final Map<String, List<String>> upstream, final boolean tcp)
    {
        if (lb != null && lb.consistentHash() != null)
        {
            final String key = hashKey(lb.consistentHash(), r, upstream, tcp);
            if (key == null)
            {
                return RequestHash.hash(r.id(), RequestHash.LB) % n;
            }
            long h = RequestHash.hash64(key.getBytes(StandardCharsets.UTF_8));
            if (h == 0)
            {
                h = 1;
            }
            return RequestHash.jump(h, n);
        }
        final DestinationRule.Simple simple = lb == null || lb.simple() == null
                ? DestinationRule.Simple.LEAST_REQUEST : lb.simple();
        switch (simple)
        {
            case ROUND_ROBIN:
                return (int)Math.floorMod(r.id(), (long)n);
            case RANDOM:
                return RequestHash.hash(r.id(), RequestHash.LB) % n;
            default:
                return RequestHash.hash(r.id(), RequestHash.LB2) % n;
        }
    }

    /** How {@code explain} names a load-balancer policy (with its hash key, for a consistent hash). */
    private static String policyName(final DestinationRule.LoadBalancer lb, final RequestFacts r,
            final Map<String, List<String>> upstream, final boolean tcp)
    {
        if (lb != null && lb.consistentHash() != null)
        {
            final String key = hashKey(lb.consistentHash(), r, upstream, tcp);
            return "consistentHash " + lb.consistentHash().kind()
                    + (lb.consistentHash().name() == null ? "" : " `" + lb.consistentHash().name() + "`")
                    + (key == null ? " (no key: random pick)" : " key `" + key + "` (jump hash)");
        }
        final boolean unset = lb == null || lb.simple() == null || lb.simple() == DestinationRule.Simple.UNSPECIFIED;
        return unset ? "LEAST_REQUEST (default)" : lb.simple().name();
    }

    private static String hashKey(final DestinationRule.ConsistentHash ch, final RequestFacts r,
            final Map<String, List<String>> upstream, final boolean tcp)
    {
        switch (ch.kind())
        {
            case USE_SOURCE_IP:
                return r.src();
            case HTTP_QUERY_PARAMETER:
                return tcp ? null : r.query(ch.name());
            default:
                if (tcp)
                {
                    return null;
                }
                final String name = ch.name();
                if (upstream == null)
                {
                    return r.headers().get(name);
                }
                final List<String> values = upstream.get(name);
                return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /**
     * The DestinationRule that applies to a service for a client namespace (docs/routing.md §4).
     *
     * @param service         the destination service.
     * @param sourceNamespace the client's namespace, or {@code null} for one no rule mentions.
     * @return the rule, or {@code null}.
     */
    DestinationRule applicableRule(final RegistryService service, final String sourceNamespace)
    {
        final List<List<DestinationRule>> groups = new ArrayList<>();
        for (int g = 0; g < 4; g++)
        {
            groups.add(new ArrayList<>());
        }
        for (final DestinationRule rule : model.destinationRules())
        {
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
            DestinationRule best = null;
            int bestScore = -1;
            for (final DestinationRule rule : group)
            {
                final int score = hostMatchLength(rule.host(), service.host());
                if (score > bestScore)
                {
                    best = rule;
                    bestScore = score;
                }
            }
            if (best != null)
            {
                return best;
            }
        }
        return null;
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
