package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.get;
import static dev.wirespeed.control.compile.Models.match;
import static dev.wirespeed.control.compile.Models.model;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest
{
    private static HttpMatch block(final StringMatch method, final Map<String, StringMatch> headers,
            final Map<String, StringMatch> without, final Map<String, StringMatch> query)
    {
        return new HttpMatch(null, null, null, method, null, headers, without, query, false, 0, Map.of(), null,
                List.of());
    }

    private static HttpRequest req(final String method, final String path, final Map<String, String> headers)
    {
        return new HttpRequest(3, 0, null, 0, null, null, Map.of("app", "web"), method, null, "web", path, headers);
    }

    @Test
    void shouldPickTheFirstMatchingRouteWhateverItsSpecificity()
    {
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(
                to("any-get", List.of(block(StringMatch.exact("GET"), Map.of(), Map.of(), Map.of())), "v1"),
                to("jason-get", List.of(block(StringMatch.exact("GET"),
                        Map.of("end-user", StringMatch.exact("jason")), Map.of(), Map.of())), "v2")))));
        assertThat(Both.route(m, req("GET", "/", Map.of("end-user", "jason"))).route()).isEqualTo("any-get");
        assertThat(Both.route(m, req("POST", "/", Map.of("end-user", "jason"))).flags()).isEqualTo("NR");
    }

    @Test
    void shouldOrMatchBlocksAndAndConditions()
    {
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(
                to("either", List.of(
                        block(StringMatch.exact("PUT"), Map.of("x", StringMatch.prefix("ab")), Map.of(), Map.of()),
                        block(null, Map.of(), Map.of(), Map.of("debug", StringMatch.present()))), "v1")))));
        assertThat(Both.route(m, req("PUT", "/", Map.of("x", "abc"))).route()).isEqualTo("either");
        assertThat(Both.route(m, req("PUT", "/", Map.of("x", "b"))).flags()).isEqualTo("NR");
        assertThat(Both.route(m, req("GET", "/p?debug", Map.of())).route()).isEqualTo("either");
        assertThat(Both.route(m, req("GET", "/p?debugx=1", Map.of())).flags()).isEqualTo("NR");
    }

    @Test
    void shouldFindHeaderQueryAndMethodKeyedRoutesByTheValueBytes()
    {
        // x-user values of one length that differ in one byte (and one longer than a word), an empty value, two
        // blocks under one value whose first fails on another condition, query and method keys: the lists are found
        // by the value's hash and proven by its bytes
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(
                to("u1-post", List.of(block(StringMatch.exact("POST"), Map.of("x-user", StringMatch.exact("u1")),
                        Map.of(), Map.of())), "v1"),
                to("u1", List.of(block(null, Map.of("x-user", StringMatch.exact("u1")), Map.of(), Map.of())), "v1"),
                to("u2", List.of(block(null, Map.of("x-user", StringMatch.exact("u2")), Map.of(), Map.of())), "v2"),
                to("long", List.of(block(null, Map.of("x-user", StringMatch.exact("a-rather-long-user-name")),
                        Map.of(), Map.of())), "v1"),
                to("empty", List.of(block(null, Map.of("x-user", StringMatch.exact("")), Map.of(), Map.of())), "v2"),
                to("q7", List.of(block(null, Map.of(), Map.of(), Map.of("id", StringMatch.exact("q7")))), "v1"),
                to("delete", List.of(block(StringMatch.exact("DELETE"), Map.of(), Map.of(), Map.of())), "v2")))));
        assertThat(Both.route(m, req("POST", "/", Map.of("x-user", "u1"))).route()).isEqualTo("u1-post");
        assertThat(Both.route(m, req("GET", "/", Map.of("x-user", "u1"))).route()).isEqualTo("u1");
        assertThat(Both.route(m, req("GET", "/", Map.of("x-user", "u2"))).route()).isEqualTo("u2");
        assertThat(Both.route(m, req("GET", "/", Map.of("x-user", "u3"))).flags()).isEqualTo("NR");
        assertThat(Both.route(m, req("GET", "/", Map.of("x-user", "a-rather-long-user-name"))).route())
                .isEqualTo("long");
        assertThat(Both.route(m, req("GET", "/", Map.of("x-user", "a-rather-long-user-namf"))).flags())
                .isEqualTo("NR");
        assertThat(Both.route(m, req("GET", "/", Map.of("x-user", ""))).route()).isEqualTo("empty");
        assertThat(Both.route(m, req("GET", "/x?page=1&id=q7", Map.of())).route()).isEqualTo("q7");
        assertThat(Both.route(m, req("GET", "/x?id=q77", Map.of())).flags()).isEqualTo("NR");
        assertThat(Both.route(m, req("DELETE", "/", Map.of())).route()).isEqualTo("delete");
        assertThat(Both.route(m, req("DELETF", "/", Map.of())).flags()).isEqualTo("NR");
    }

    @Test
    void shouldEvaluateEveryHeaderAndQueryConditionKind()
    {
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(
                to("regex", List.of(block(null, Map.of("end-user", StringMatch.regex("ja.*n")), Map.of(), Map.of())),
                        "v1"),
                to("present", List.of(block(null, Map.of("cookie", StringMatch.present()), Map.of(), Map.of())), "v1"),
                to("query-exact", List.of(block(null, Map.of(), Map.of(), Map.of("a", StringMatch.exact("1")))), "v1"),
                to("query-regex", List.of(block(null, Map.of(), Map.of(), Map.of("a", StringMatch.regex("[0-9]+")))),
                        "v1"),
                to("without", List.of(block(null, Map.of(), Map.of("x-block", StringMatch.exact("yes")), Map.of())),
                        "v1")))));
        assertThat(Both.route(m, req("GET", "/", Map.of("end-user", "jason", "x-block", "yes"))).route())
                .isEqualTo("regex");
        assertThat(Both.route(m, req("GET", "/", Map.of("end-user", "jasonx", "cookie", ""))).route())
                .isEqualTo("present");
        assertThat(Both.route(m, req("GET", "/p?b=2&a=1&a=2", Map.of())).route()).isEqualTo("query-exact");
        assertThat(Both.route(m, req("GET", "/p?a=22", Map.of())).route()).isEqualTo("query-regex");
        assertThat(Both.route(m, req("GET", "/p?a=x", Map.of("x-block", "no"))).route()).isEqualTo("without");
        assertThat(Both.route(m, req("GET", "/p?a=x", Map.of("x-block", "yes"))).flags()).isEqualTo("NR");
    }

    /** web with HTTP ports 80, 443 and 8443 (a sidecar routes a service only on the ports it declares). */
    private static RoutingModel withHttpPorts(final List<VirtualService> vss)
    {
        final RegistryService w = Models.web();
        final RegistryService web = new RegistryService(w.host(), w.namespace(), w.addresses(),
                List.of(new RegistryService.ServicePort("http", 80, 8080, "HTTP"),
                        new RegistryService.ServicePort("http-secure", 443, 8443, "HTTP"),
                        new RegistryService.ServicePort("http-alt", 8443, 8443, "HTTP")),
                w.endpoints(), SourceRef.NONE);
        return new RoutingModel(vss, List.of(Models.webRule(null)), List.of(web), List.of(), List.of());
    }

    @Test
    void shouldMatchPortSchemeAuthorityLabelsNamespaceAndGateway()
    {
        final HttpMatch all = new HttpMatch(null, null, StringMatch.exact("https"), null,
                StringMatch.prefix("web"), Map.of(), Map.of(), Map.of(), false, 443, Map.of("app", "web"), "default",
                List.of("mesh"));
        final RoutingModel m = withHttpPorts(List.of(vs("web", List.of(WEB), List.of(to("all", List.of(all), "v1")))));
        final HttpRequest ok = new HttpRequest(1, 0, null, 0, "mesh", "default", Map.of("app", "web"), "GET",
                "https", "web", "/", Map.of());
        assertThat(Both.route(m, ok).route()).isEqualTo("all");
        final HttpRequest wrongLabel = new HttpRequest(1, 0, null, 0, "mesh", "default", Map.of("app", "db"), "GET",
                "https", "web", "/", Map.of());
        // the only block's port/source conditions fail: Istio builds none of the VirtualService's routes for this
        // proxy, so the service's default route answers (docs/routing.md §1 item 4), not the VirtualService's 404
        assertThat(Both.route(m, wrongLabel).vs()).isNull();
        assertThat(Both.route(m, wrongLabel).flags()).isNotEqualTo("NR");
        final HttpRequest wrongPort = new HttpRequest(1, 0, null, 8443, "mesh", "default", Map.of("app", "web"),
                "GET", "https", "web", "/", Map.of());
        assertThat(Both.route(m, wrongPort).vs()).isNull();
        final HttpRequest wrongScheme = new HttpRequest(1, 0, null, 443, "mesh", "default", Map.of("app", "web"),
                "GET", "http", "web", "/", Map.of());
        assertThat(Both.route(m, wrongScheme).flags()).as("a request condition: the route is built, it fails")
                .isEqualTo("NR");
    }

    @Test
    void shouldHandleMoreThanSixtyFourBlocks()
    {
        final List<dev.wirespeed.control.model.HttpRoute> routes = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++)
        {
            routes.add(to("r" + i, List.of(match(StringMatch.exact("/p" + i))), "v1"));
        }
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), routes)));
        assertThat(Both.route(m, get("web", "/p149")).route()).isEqualTo("r149");
        assertThat(Both.route(m, get("web", "/p64")).route()).isEqualTo("r64");
        assertThat(Both.route(m, get("web", "/p150")).flags()).isEqualTo("NR");
    }
}
