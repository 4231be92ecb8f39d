package dev.wirespeed.control.sample;

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
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-written models: the seed example and a Bookinfo-like mesh. */
public final class SampleModels
{
    private SampleModels()
    {
    }

    /**
     * @param uri a uri condition, or {@code null}.
     * @return a match block with only that condition.
     */
    public static HttpMatch uri(final StringMatch uri)
    {
        return new HttpMatch(null, uri, null, null, null, Map.of(), Map.of(), Map.of(), false, 0, Map.of(), null,
                List.of());
    }

    /**
     * @param name   header name.
     * @param value  exact value.
     * @return a block matching that header.
     */
    public static HttpMatch header(final String name, final String value)
    {
        return new HttpMatch(null, null, null, null, null, Map.of(name, StringMatch.exact(value)), Map.of(), Map.of(),
                false, 0, Map.of(), null, List.of());
    }

    /**
     * @param name    route name.
     * @param matches blocks.
     * @param dests   destinations.
     * @return a plain route.
     */
    public static HttpRoute route(final String name, final List<HttpMatch> matches,
            final List<RouteDestination> dests)
    {
        return new HttpRoute(name, matches, dests, null, null, null, null, List.of(),
                HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
    }

    /**
     * @param host   host.
     * @param subset subset.
     * @param weight weight.
     * @return a destination.
     */
    public static RouteDestination to(final String host, final String subset, final int weight)
    {
        return new RouteDestination(new Destination(host, subset, 0), weight);
    }

    /**
     * @param name      service name (namespace default).
     * @param port      its http port.
     * @param versions  one pod per version label, addresses 10.1.K.N.
     * @param subnet    K.
     * @return the service.
     */
    public static RegistryService service(final String name, final int port, final List<String> versions,
            final int subnet)
    {
        final List<RegistryService.Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++)
        {
            eps.add(new RegistryService.Endpoint("10.1." + subnet + "." + (11 + i),
                    Map.of("app", name, "version", versions.get(i)), Map.of(), true, name + "-" + versions.get(i)));
        }
        return new RegistryService(name + ".default.svc.cluster.local", "default", List.of("172.20.0." + subnet),
                List.of(new RegistryService.ServicePort("http", port, port, "HTTP")), eps, SourceRef.NONE);
    }

    /**
     * @param host     host.
     * @param versions subset names = version labels.
     * @return a DestinationRule named {@code <short>-destination}.
     */
    public static DestinationRule versions(final String host, final List<String> versions)
    {
        final List<DestinationRule.Subset> subsets = new ArrayList<>();
        for (final String v : versions)
        {
            subsets.add(new DestinationRule.Subset(v, Map.of("version", v), null));
        }
        return new DestinationRule("default", host.substring(0, host.indexOf('.')) + "-destination", host, null,
                subsets, List.of("*"), SourceRef.NONE);
    }

    /** @return the seed example: reviews-route (v2 for /wpcatalog, /consumercatalog with rewrite; else v1). */
    public static RoutingModel reviews()
    {
        final String reviews = "reviews.default.svc.cluster.local";
        final HttpRoute v2 = new HttpRoute("reviews-v2-routes",
                List.of(uri(StringMatch.prefix("/wpcatalog")), uri(StringMatch.prefix("/consumercatalog"))),
                List.of(to(reviews, "v2", 0)), null, null, new HttpRoute.Rewrite("/newcatalog", null, null), null,
                List.of(), HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
        final HttpRoute v1 = route("reviews-v1-route", List.of(), List.of(to(reviews, "v1", 0)));
        final VirtualService vs = new VirtualService("default", "reviews-route", List.of(reviews), List.of("mesh"),
                List.of("*"), List.of(v2, v1), List.of(), SourceRef.NONE);
        return new RoutingModel(List.of(vs), List.of(versions(reviews, List.of("v1", "v2"))),
                List.of(service("reviews", 9080, List.of("v1", "v2", "v3"), 1)), List.of(), List.of());
    }

    /**
     * A Bookinfo-like mesh: productpage, details, ratings, reviews (v1..v3); reviews routed by the
     * {@code end-user} header (jason → v2), 50/50 v1/v3 otherwise; ratings with a delay fault for jason;
     * plus {@code extra} generated VirtualServices (each with a few uri-prefix and header routes) so the
     * classifier has hundreds of routes when asked.
     *
     * @param extra number of extra VirtualServices (each with 8 routes).
     * @return the model.
     */
    public static RoutingModel bookinfo(final int extra)
    {
        final String reviews = "reviews.default.svc.cluster.local";
        final String ratings = "ratings.default.svc.cluster.local";
        final String productpage = "productpage.default.svc.cluster.local";
        final String details = "details.default.svc.cluster.local";
        final List<VirtualService> vss = new ArrayList<>();
        final List<RegistryService> services = new ArrayList<>();
        final List<DestinationRule> rules = new ArrayList<>();
        services.add(service("productpage", 9080, List.of("v1"), 1));
        services.add(service("details", 9080, List.of("v1"), 2));
        services.add(service("ratings", 9080, List.of("v1"), 3));
        services.add(service("reviews", 9080, List.of("v1", "v2", "v3"), 4));
        rules.add(versions(reviews, List.of("v1", "v2", "v3")));
        rules.add(versions(ratings, List.of("v1")));
        rules.add(versions(details, List.of("v1")));
        rules.add(versions(productpage, List.of("v1")));
        vss.add(vs("reviews", reviews, List.of(
                route("jason", List.of(header("end-user", "jason")), List.of(to(reviews, "v2", 0))),
                route("shift", List.of(), List.of(to(reviews, "v1", 50), to(reviews, "v3", 50))))));
        vss.add(vs("ratings", ratings, List.of(
                new HttpRoute("delay-jason", List.of(header("end-user", "jason")), List.of(to(ratings, "v1", 0)),
                        null, null, null, new HttpRoute.Fault(null, new HttpRoute.Delay(7000, 100)), List.of(),
                        HttpRoute.HeaderOperations.NONE, SourceRef.NONE),
                route("ratings-v1", List.of(), List.of(to(ratings, "v1", 0))))));
        vss.add(vs("details", details, List.of(route("details-v1", List.of(), List.of(to(details, "v1", 0))))));
        vss.add(vs("productpage", productpage, List.of(
                route("pp-api", List.of(uri(StringMatch.prefix("/api/v1/products"))),
                        List.of(to(productpage, "v1", 0))),
                route("pp-static", List.of(uri(StringMatch.prefix("/static")), uri(StringMatch.exact("/login")),
                        uri(StringMatch.exact("/logout"))), List.of(to(productpage, "v1", 0))),
                route("pp-default", List.of(), List.of(to(productpage, "v1", 0))))));
        for (int i = 0; i < extra; i++)
        {
            final String name = "svc" + i;
            final String host = name + ".default.svc.cluster.local";
            services.add(service(name, 8080, List.of("v1", "v2"), 10 + i));
            rules.add(versions(host, List.of("v1", "v2")));
            final List<HttpRoute> routes = new ArrayList<>();
            for (int r = 0; r < 6; r++)
            {
                routes.add(route("r" + r, List.of(uri(StringMatch.prefix("/api/v" + r + "/items")),
                        uri(StringMatch.exact("/exact/" + r))), List.of(to(host, r % 2 == 0 ? "v1" : "v2", 0))));
            }
            routes.add(route("canary", List.of(header("x-canary", "yes")), List.of(to(host, "v2", 0))));
            routes.add(route("rest", List.of(), List.of(to(host, "v1", 90), to(host, "v2", 10))));
            vss.add(vs(name, host, routes));
        }
        return new RoutingModel(vss, rules, services, List.of(), List.of());
    }

    private static VirtualService vs(final String name, final String host, final List<HttpRoute> routes)
    {
        return new VirtualService("default", name, List.of(host), List.of("mesh"), List.of("*"), routes, List.of(),
                SourceRef.NONE);
    }

    /**
     * @param id        request id.
     * @param authority authority.
     * @param path      path.
     * @param headers   headers.
     * @return a mesh request from namespace default, on the port of the sample service its authority names (a
     *         sidecar routes a service only on the ports it declares, docs/routing.md §1 item 2): 8080 for the
     *         {@code svcN} services of {@link #bookinfo(int)}, else 9080 (the bookinfo services').
     */
    public static HttpRequest request(final long id, final String authority, final String path,
            final Map<String, String> headers)
    {
        final int port = authority.startsWith("svc") ? 8080 : 9080;
        return new HttpRequest(id, 0, "10.0.0.5", port, "mesh", "default", Map.of("app", "productpage"), "GET",
                "http", authority, path, headers);
    }
}
