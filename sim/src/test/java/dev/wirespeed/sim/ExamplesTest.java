package dev.wirespeed.sim;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped examples behave as docs/user-guide.md and examples/bookinfo/README.md say. */
class ExamplesTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples");

    private static Engine engine(final String folder)
    {
        return Engine.load(List.of(EXAMPLES.resolve(folder)));
    }

    private static HttpRequest request(
            final long id, final String authority, final String path, final Map<String, String> headers)
    {
        return new HttpRequest(id, 0, "10.1.0.10", 9080, "mesh", "default", Map.of("app", "productpage"), "GET", "http",
                authority, path, headers);
    }

    @Test
    void shouldRewriteOnlyTheMatchedPrefixAndRouteToV2InTheSeedExample()
    {
        try (Engine e = engine("reviews"))
        {
            final RouteDecision books = e.route(request(0, "reviews", "/wpcatalog/books", Map.of()));
            assertThat(books.action()).isEqualTo("route");
            assertThat(books.vs()).isEqualTo("default/reviews-route");
            assertThat(books.route()).isEqualTo("reviews-v2-routes");
            assertThat(books.cluster()).isEqualTo("outbound|9080|v2|reviews.default.svc.cluster.local");
            assertThat(books.subset()).isEqualTo("v2");
            assertThat(books.endpoint()).isEqualTo("10.1.0.12:9080");
            assertThat(books.path()).isEqualTo("/newcatalog/books");
            assertThat(books.egressPort()).isEqualTo(3);
            assertThat(books.nextHop()).isEqualTo("192.168.0.1");

            final RouteDecision consumer = e.route(request(1, "reviews", "/consumercatalog", Map.of()));
            assertThat(consumer.subset()).isEqualTo("v2");
            assertThat(consumer.path()).isEqualTo("/newcatalog");

            final RouteDecision anything = e.route(request(2, "reviews", "/anything", Map.of()));
            assertThat(anything.route()).isEqualTo("reviews-v1-route");
            assertThat(anything.cluster()).isEqualTo("outbound|9080|v1|reviews.default.svc.cluster.local");
            assertThat(anything.endpoint()).isEqualTo("10.1.0.11:9080");
            assertThat(anything.path()).isEqualTo("/anything");

            final RouteDecision withQuery = e.route(request(3, "reviews", "/wpcatalog/books?page=2", Map.of()));
            assertThat(withQuery.path()).isEqualTo("/newcatalog/books?page=2");
        }
    }

    @Test
    void shouldRouteJasonToV2AndEveryoneElseToV1()
    {
        try (Engine e = engine("bookinfo/request-routing"))
        {
            assertThat(e.route(request(0, "reviews", "/reviews/0", Map.of("end-user", "jason"))).endpoint())
                    .isEqualTo("10.1.0.42:9080");
            assertThat(e.route(request(1, "reviews", "/reviews/0", Map.of("end-user", "JASON"))).endpoint())
                    .isEqualTo("10.1.0.41:9080");
            assertThat(e.route(request(2, "reviews", "/reviews/0", Map.of())).subset()).isEqualTo("v1");
            assertThat(e.route(request(3, "productpage", "/productpage", Map.of())).cluster())
                    .isEqualTo("outbound|9080|v1|productpage.default.svc.cluster.local");
        }
    }

    @Test
    void shouldShiftHalfTheTrafficToV3()
    {
        final Map<String, Integer> shares = shares("bookinfo/traffic-shifting-50-50", 10_000);
        assertThat(shares.keySet()).containsExactlyInAnyOrder("v1", "v3");
        assertThat(shares.get("v1")).isBetween(4_700, 5_300);
    }

    @Test
    void shouldShiftTwentyPercentOfTheTrafficToV2()
    {
        final Map<String, Integer> shares = shares("bookinfo/traffic-shifting-80-20", 10_000);
        assertThat(shares.keySet()).containsExactlyInAnyOrder("v1", "v2");
        assertThat(shares.get("v2")).isBetween(1_700, 2_300);
    }

    private static Map<String, Integer> shares(final String folder, final int n)
    {
        final Map<String, Integer> shares = new HashMap<>();
        try (Engine e = engine(folder))
        {
            for (int i = 0; i < n; i++)
            {
                final RouteDecision d = e.route(request(i, "reviews", "/reviews/" + i, Map.of()));
                assertThat(d.action()).isEqualTo("route");
                shares.merge(d.subset(), 1, Integer::sum);
            }
        }
        return shares;
    }

    @Test
    void shouldDelayJasonsRatingsBySevenSeconds()
    {
        try (Engine e = engine("bookinfo/fault-delay"))
        {
            final RouteDecision jason = e.route(request(0, "ratings", "/ratings/0", Map.of("end-user", "jason")));
            assertThat(jason.action()).isEqualTo("route");
            assertThat(jason.flags()).isEqualTo("DI");
            assertThat(jason.delayMillis()).isEqualTo(7_000);
            assertThat(jason.endpoint()).isEqualTo("10.1.0.30:9080");
            final RouteDecision bob = e.route(request(1, "ratings", "/ratings/1", Map.of("end-user", "bob")));
            assertThat(bob.flags()).isEqualTo("-");
            assertThat(bob.delayMillis()).isEqualTo(-1);
        }
    }

    @Test
    void shouldAbortJasonsRatingsWithStatus500()
    {
        try (Engine e = engine("bookinfo/fault-abort"))
        {
            final RouteDecision jason = e.route(request(0, "ratings", "/ratings/0", Map.of("end-user", "jason")));
            assertThat(jason.action()).isEqualTo("abort");
            assertThat(jason.status()).isEqualTo(500);
            assertThat(jason.flags()).isEqualTo("FI");
            final RouteDecision other = e.route(request(1, "ratings", "/ratings/1", Map.of()));
            assertThat(other.action()).isEqualTo("route");
            assertThat(other.endpoint()).isEqualTo("10.1.0.30:9080");
        }
    }

    @Test
    void shouldRefuseAConfigWithErrorsListingFileLineAndColumn()
    {
        final String yaml = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\n"
                + "spec:\n  hosts: [reviews]\n  http:\n  - route:\n"
                + "    - destination: {host: reviews}\n      weight: -1\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Engine.fromYaml(Map.of("bad.yaml", yaml)))
                .isInstanceOf(EngineConfigException.class)
                .hasMessageStartingWith("bad.yaml:9:")
                .hasMessageContaining("weight");
    }

    private static HttpRequest from(final long id, final String app, final String authority, final String path,
            final String dst)
    {
        return new HttpRequest(id, 0, null, 0, "mesh", "default", Map.of("app", app), "GET", "http", authority, path,
                Map.of()).withDst(dst);
    }

    @Test
    void shouldPassThroughOrBlockUnknownHostsAsTheMeshConfigAndSidecarsSay()
    {
        try (Engine e = engine("mesh-config"))
        {
            final RouteDecision external = e.route(from(0, "productpage", "www.example.com", "/", "93.184.215.14:80"));
            assertThat(external.action()).isEqualTo("route");
            assertThat(external.route()).isEqualTo("allow_any");
            assertThat(external.cluster()).isEqualTo("PassthroughCluster");
            assertThat(external.endpoint()).isEqualTo("93.184.215.14:80");
            assertThat(external.egressPort()).isEqualTo(1);
            assertThat(external.nextHop()).isEqualTo("192.168.0.254");
            assertThat(e.route(from(1, "productpage", "reviews:9080", "/reviews/0", null)).cluster())
                    .isEqualTo("outbound|9080||reviews.default.svc.cluster.local");
            // ratings is outside productpage's egress hosts: unknown to it, passed through to its cluster IP
            assertThat(e.route(from(2, "productpage", "ratings:9080", "/", "10.96.0.12:9080")).cluster())
                    .isEqualTo("PassthroughCluster");
            final RouteDecision blocked = e.route(from(3, "reviews", "www.example.com", "/", "93.184.215.14:80"));
            assertThat(blocked.action()).isEqualTo("direct");
            assertThat(blocked.route()).isEqualTo("block_all");
            assertThat(blocked.status()).isEqualTo(502);
            assertThat(e.route(from(4, "reviews", "ratings:9080", "/", null)).endpoint()).isEqualTo("10.1.0.30:9080");
        }
    }

    @Test
    void shouldServeHostsOutsideTheRegistryOnlyWhereASidecarHasTheirVirtualHost()
    {
        try (Engine e = engine("outside-hosts"))
        {
            final dev.wirespeed.control.reference.ReferenceRouter ref =
                    new dev.wirespeed.control.reference.ReferenceRouter(e.model());
            final String[][] cases = {
                // authority, dst, expected vs (null: none), expected cluster
                {"www.example.com:9080", "93.184.215.14:9080", "default/reviews-and-www",
                    "outbound|9080||reviews.default.svc.cluster.local"},
                {"www.example.com", "93.184.215.14:80", "default/reviews-and-www",
                    "outbound|9080||reviews.default.svc.cluster.local"},
                {"www.example.com:8080", "93.184.215.14:8080", null, "PassthroughCluster"},
                {"shop.example.com", "203.0.113.10:80", "default/example-wildcard", "outbound|80||shop.example.com"},
                {"api.example.com", "198.51.100.7:80", null, "PassthroughCluster"},
            };
            for (int i = 0; i < cases.length; i++)
            {
                final HttpRequest r = from(i, "productpage", cases[i][0], "/", cases[i][1]);
                final RouteDecision d = e.route(r);
                assertThat(d.vs()).as(cases[i][0]).isEqualTo(cases[i][2]);
                assertThat(d.cluster()).as(cases[i][0]).isEqualTo(cases[i][3]);
                final RouteDecision expected = ref.route(r);
                assertThat(expected.vs()).as(cases[i][0]).isEqualTo(cases[i][2]);
                assertThat(expected.cluster()).as(cases[i][0]).isEqualTo(cases[i][3]);
            }
        }
    }

    @Test
    void shouldRouteAServiceOnAPortItDoesNotDeclareAsAHostOutsideTheRegistry()
    {
        try (Engine e = engine("undeclared-port"))
        {
            final dev.wirespeed.control.reference.ReferenceRouter ref =
                    new dev.wirespeed.control.reference.ReferenceRouter(e.model());
            final String reviews = "reviews.default.svc.cluster.local";
            final String[][] cases = {
                // authority, dst, expected vs (null: none), expected cluster
                {"reviews:9080", "10.96.0.20:9080", "default/reviews-route", "outbound|9080|v2|" + reviews},
                {reviews + ":8080", "10.96.0.20:8080", "default/catalog-and-reviews", "outbound|9080|v1|" + reviews},
                {"reviews:8080", "10.96.0.20:8080", null, "PassthroughCluster"},
                {"10.96.0.20:8080", "10.96.0.20:8080", null, "PassthroughCluster"},
                {reviews, "10.96.0.20:80", "default/reviews-route", "outbound|9080|v2|" + reviews},
                {"reviews", "10.96.0.20:80", null, "PassthroughCluster"},
                {"catalog:8080", "10.96.0.30:8080", "default/catalog-and-reviews",
                    "outbound|8080||catalog.default.svc.cluster.local"},
            };
            for (int i = 0; i < cases.length; i++)
            {
                final String path = cases[i][0].startsWith("catalog") ? "/catalog/1" : "/reviews/1";
                final HttpRequest r = from(i, "productpage", cases[i][0], path, cases[i][1]);
                final RouteDecision d = e.route(r);
                assertThat(d.vs()).as(cases[i][0]).isEqualTo(cases[i][2]);
                assertThat(d.cluster()).as(cases[i][0]).isEqualTo(cases[i][3]);
                final RouteDecision expected = ref.route(r);
                assertThat(expected.vs()).as(cases[i][0]).isEqualTo(cases[i][2]);
                assertThat(expected.cluster()).as(cases[i][0]).isEqualTo(cases[i][3]);
            }
            assertThat(e.route(from(10, "productpage", "reviews:8080", "/", "10.96.0.20:8080")).endpoint())
                    .isEqualTo("10.96.0.20:8080");
        }
    }

    @Test
    void shouldProxyHttpRequestsAsConnectionsOnPortsWithoutAnHttpListener()
    {
        try (Engine e = engine("outbound-listeners"))
        {
            final dev.wirespeed.control.reference.ReferenceRouter ref =
                    new dev.wirespeed.control.reference.ReferenceRouter(e.model());
            final String[][] cases = {
                // namespace, app, authority, port, dst, expected cluster, expected route (- none), routed as HTTP
                {"default", "productpage", "reviews:9080", "0", "10.96.0.20:9080",
                    "outbound|9080||reviews.default.svc.cluster.local", "-", "http"},
                {"default", "productpage", "www.example.com", "0", "93.184.215.14:80", "PassthroughCluster", "-",
                    "tcp"},
                {"default", "productpage", "www.example.com:9080", "0", "93.184.215.14:9080", "PassthroughCluster",
                    "allow_any", "http"},
                {"default", "productpage", "catalog:8000", "0", "10.96.0.30:8000",
                    "outbound|8000|v1|catalog.default.svc.cluster.local", "-", "http"},
                {"default", "productpage", "db.example.org:5432", "0", "198.51.100.7:5432", "PassthroughCluster", "-",
                    "tcp"},
                {"default", "productpage", "anything.example.net:7000", "0", "198.51.100.8:7000", "PassthroughCluster",
                    "allow_any", "http"},
                {"default", "productpage", "billing.finance:8080", "0", "10.96.0.50:8080", "PassthroughCluster", "-",
                    "tcp"},
                {"finance", "web", "billing:8080", "0", "10.96.0.50:8080",
                    "outbound|8080||billing.finance.svc.cluster.local", "-", "http"},
                {"default", "batch", "reviews:9080", "0", "10.96.0.20:9080",
                    "outbound|9080||reviews.default.svc.cluster.local", "-", "tcp"},
                {"locked", "web", "www.example.com", "0", "93.184.215.14:80", "BlackHoleCluster", "-", "tcp"},
                {"locked", "web", "www.example.com:9080", "0", "93.184.215.14:9080", null, "block_all", "tcp"},
                // the original destination picks catalog's sniffed and postgres' TCP listener, whatever the authority
                {"default", "productpage", "www.example.com:8000", "0", "10.96.0.30:8000",
                    "outbound|8000|v1|catalog.default.svc.cluster.local", "-", "http"},
                {"default", "productpage", "db.example.org:5432", "0", "10.96.0.40:5432",
                    "outbound|5432||postgres.default.svc.cluster.local", "-", "tcp"},
                // legacy-db's first address is a CIDR: its chains of the wildcard listener match 10.5.0.0/16 and its
                // other address 203.0.113.9, whatever the authority; a dst outside them is the authority's
                {"default", "productpage", "db.example.org:5432", "0", "10.5.3.4:5432",
                    "outbound|5432||legacy-db.corp.internal", "-", "tcp"},
                {"default", "productpage", "db.example.org:5432", "0", "203.0.113.9:5432",
                    "outbound|5432||legacy-db.corp.internal", "-", "tcp"},
                {"default", "productpage", "www.example.com:8500", "0", "10.5.0.10:8500",
                    "outbound|8500||legacy-db.corp.internal", "-", "http"},
                {"default", "productpage", "db.example.org:5432", "0", "10.6.0.1:5432", "PassthroughCluster", "-",
                    "tcp"},
                // legacy-db's CIDR chain beside reviews' HTTP chain on 0.0.0.0_9080: the prefix is matched first
                {"default", "productpage", "reviews:9080", "0", "10.5.3.4:9080",
                    "outbound|9080||legacy-db.corp.internal", "-", "tcp"},
                {"default", "productpage", "reviews:9080", "0", "10.96.0.20:9080",
                    "outbound|9080||reviews.default.svc.cluster.local", "-", "http"},
            };
            for (int i = 0; i < cases.length; i++)
            {
                final String[] c = cases[i];
                final HttpRequest r = new HttpRequest(i, 0, null, Integer.parseInt(c[3]), "mesh", c[0],
                        Map.of("app", c[1]), "GET", "http", c[2], "/items", Map.of()).withDst(c[4]);
                final RouteDecision d = e.route(r);
                assertThat(d).as(c[0] + " " + c[2] + ": compiled vs reference")
                        .isEqualTo(ref.route(r).withL3(d.egressPort(), d.nextHop()));
                assertThat(d.cluster()).as(c[2]).isEqualTo(c[5]);
                assertThat(d.route()).as(c[2]).isEqualTo(c[6].equals("-") ? null : c[6]);
                assertThat(d.path()).as(c[2] + " routed as " + c[7]).isEqualTo(c[7].equals("http") ? "/items" : null);
            }
            final RouteDecision connection = e.route(new HttpRequest(22, 0, null, 8000, "mesh", "default", Map.of(),
                    "GET", "http", "10.96.0.30", "/", Map.of()).withSni("").withDst("10.96.0.30:8000"));
            assertThat(connection.cluster()).isEqualTo("outbound|8000||catalog.default.svc.cluster.local");
            assertThat(connection.path()).as("a connection to a sniffed port is proxied as TCP").isNull();
        }
    }

    private static HttpRequest viaGateway(final long id, final String path, final Map<String, String> headers)
    {
        return new HttpRequest(id, 0, null, 0, "default/bookinfo-gateway", "default", Map.of(), "GET", "http",
                "bookinfo.example.com", path, headers);
    }

    @Test
    void shouldMergeTheGatewayHostAndApplyTheDelegateAndHeaderOperations()
    {
        try (Engine e = engine("delegate"))
        {
            final RouteDecision v2 = e.route(viaGateway(0, "/reviews/v2/1", Map.of()));
            assertThat(v2.vs()).isEqualTo("default/bookinfo");
            assertThat(v2.route()).isEqualTo("reviews-v2");
            assertThat(v2.subset()).isEqualTo("v2");
            assertThat(v2.headers()).isEqualTo(Map.of("x-entry", "gateway"));
            assertThat(e.route(viaGateway(1, "/reviews/1", Map.of())).route()).isEqualTo("reviews-v1");
            final RouteDecision ratings = e.route(viaGateway(2, "/ratings/1?debug=true", Map.of("cookie", "s=1")));
            assertThat(ratings.vs()).isEqualTo("default/ratings");
            assertThat(ratings.headers()).isEqualTo(Map.of("x-debug", "1"));
            assertThat(ratings.removedHeaders()).containsExactly("cookie");
            // the first VirtualService's catch-all goes behind the second's routes, and still takes the rest
            assertThat(e.route(viaGateway(3, "/ratings/1", Map.of())).route()).isEqualTo("home");
            assertThat(e.route(viaGateway(4, "/", Map.of())).cluster())
                    .isEqualTo("outbound|9080|v1|productpage.default.svc.cluster.local");
        }
    }
}
