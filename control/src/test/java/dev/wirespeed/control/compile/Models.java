package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.List;
import java.util.Map;

/** Small builders for unit tests. */
final class Models
{
    static final String WEB = "web.default.svc.cluster.local";

    private Models()
    {
    }

    static RegistryService web()
    {
        return new RegistryService(WEB, "default", List.of("172.20.0.9"),
                List.of(new RegistryService.ServicePort("http", 80, 8080, "HTTP"),
                        new RegistryService.ServicePort("mysql", 3306, 3306, "TCP")),
                List.of(new RegistryService.Endpoint("10.0.0.1", Map.of("version", "v1"), Map.of(), true, "a"),
                        new RegistryService.Endpoint("10.0.0.2", Map.of("version", "v2"), Map.of(), true, "b"),
                        new RegistryService.Endpoint("10.0.0.3", Map.of("version", "v2"), Map.of(), false, "c"),
                        new RegistryService.Endpoint("10.0.0.4", Map.of("version", "v3"), Map.of(), false, "d")),
                SourceRef.NONE);
    }

    static DestinationRule webRule(final DestinationRule.TrafficPolicy policy)
    {
        return new DestinationRule("default", "web", WEB, policy,
                List.of(new DestinationRule.Subset("v1", Map.of("version", "v1"), null),
                        new DestinationRule.Subset("v2", Map.of("version", "v2"), null),
                        new DestinationRule.Subset("v3", Map.of("version", "v3"), null)),
                List.of("*"), SourceRef.NONE);
    }

    static HttpMatch match(final StringMatch uri)
    {
        return new HttpMatch(null, uri, null, null, null, Map.of(), Map.of(), Map.of(), false, 0, Map.of(), null,
                List.of());
    }

    static HttpRoute to(final String name, final List<HttpMatch> matches, final String subset)
    {
        return new HttpRoute(name, matches, List.of(new RouteDestination(new Destination(WEB, subset, 0), 0)), null,
                null, null, null, List.of(), HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
    }

    static VirtualService vs(final String name, final List<String> hosts, final List<HttpRoute> routes)
    {
        return new VirtualService("default", name, hosts, List.of("mesh"), List.of("*"), routes, List.of(),
                SourceRef.NONE);
    }

    static VirtualService vs(final String name, final List<String> hosts, final List<HttpRoute> routes,
            final List<TcpRoute> tcp)
    {
        return new VirtualService("default", name, hosts, List.of("mesh"), List.of("*"), routes, tcp, SourceRef.NONE);
    }

    static RoutingModel model(final List<VirtualService> vss)
    {
        return new RoutingModel(vss, List.of(webRule(null)), List.of(web()), List.of(), List.of());
    }

    static RoutingModel model(final List<VirtualService> vss, final DestinationRule.TrafficPolicy policy)
    {
        return new RoutingModel(vss, List.of(webRule(policy)), List.of(web()), List.of(), List.of());
    }

    static HttpRequest get(final String authority, final String path)
    {
        return request(1, authority, path, Map.of());
    }

    static HttpRequest request(final long id, final String authority, final String path,
            final Map<String, String> headers)
    {
        return new HttpRequest(id, 0, "10.9.0.1", 0, null, null, Map.of(), null, null, authority, path, headers);
    }
}
