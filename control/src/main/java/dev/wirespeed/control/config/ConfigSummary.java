package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a load produced, for {@code wirespeed check} and tools: counts per kind, hosts, routes, the Envoy
 * clusters ({@code outbound|PORT|SUBSET|HOST} for every service port, without a subset and with every
 * subset a DestinationRule for the host defines) with their endpoint counts.
 *
 * @param files          files read.
 * @param kindCounts     documents per kind.
 * @param hosts          VirtualService hosts (resolved, distinct, in load order).
 * @param registryHosts  registry service hosts.
 * @param httpRoutes     HTTP routes over all VirtualServices.
 * @param tcpRoutes      TCP routes over all VirtualServices.
 * @param clusters       clusters in registry order.
 * @param endpoints      registry endpoints (a pod selected by two services counts twice).
 * @param l3Routes       inline RouteTable routes (a {@code routesFile} is counted by the L3 compiler).
 * @param errors         error count.
 * @param warnings       warning count.
 */
public record ConfigSummary(
        List<String> files,
        Map<String, Integer> kindCounts,
        List<String> hosts,
        List<String> registryHosts,
        int httpRoutes,
        int tcpRoutes,
        List<Cluster> clusters,
        int endpoints,
        int l3Routes,
        int errors,
        int warnings)
{
    /**
     * One Envoy cluster.
     *
     * @param name      {@code outbound|PORT|SUBSET|HOST}.
     * @param endpoints endpoints it holds (healthy or not).
     * @param healthy   healthy endpoints.
     */
    public record Cluster(String name, int endpoints, int healthy)
    {
    }

    /**
     * @param loaded a load.
     * @return its summary.
     */
    public static ConfigSummary of(final LoadedConfig loaded)
    {
        final RoutingModel m = loaded.model();
        final Set<String> hosts = new LinkedHashSet<>();
        int http = 0;
        int tcp = 0;
        for (final VirtualService vs : m.virtualServices())
        {
            hosts.addAll(vs.hosts());
            http += vs.http().size();
            tcp += vs.tcp().size();
        }
        final List<String> registryHosts = new ArrayList<>();
        final List<Cluster> clusters = new ArrayList<>();
        int endpoints = 0;
        for (final RegistryService s : m.services())
        {
            registryHosts.add(s.host());
            endpoints += s.endpoints().size();
            final Map<String, Map<String, String>> subsets = new LinkedHashMap<>();
            for (final DestinationRule dr : m.destinationRules())
            {
                if (ReferenceChecker.hostMatches(dr.host(), s.host()))
                {
                    for (final DestinationRule.Subset sub : dr.subsets())
                    {
                        subsets.putIfAbsent(sub.name(), sub.labels());
                    }
                }
            }
            for (final RegistryService.ServicePort p : s.ports())
            {
                clusters.add(cluster(p.number(), "", s, Map.of()));
                for (final Map.Entry<String, Map<String, String>> sub : subsets.entrySet())
                {
                    clusters.add(cluster(p.number(), sub.getKey(), s, sub.getValue()));
                }
            }
        }
        int l3 = 0;
        for (final RouteTableSpec t : m.routeTables())
        {
            l3 += t.routes().size();
        }
        return new ConfigSummary(loaded.files(), loaded.kindCounts(), List.copyOf(hosts), List.copyOf(registryHosts),
                http, tcp, List.copyOf(clusters), endpoints, l3, loaded.errors().size(), loaded.warnings().size());
    }

    private static Cluster cluster(
            final int port, final String subset, final RegistryService s, final Map<String, String> labels)
    {
        int n = 0;
        int healthy = 0;
        for (final RegistryService.Endpoint e : s.endpoints())
        {
            if (e.labels().entrySet().containsAll(labels.entrySet())
                    && dev.wirespeed.control.reference.OutboundListeners.serves(s, e, port))
            {
                n++;
                if (e.healthy())
                {
                    healthy++;
                }
            }
        }
        return new Cluster("outbound|" + port + "|" + subset + "|" + s.host(), n, healthy);
    }
}
