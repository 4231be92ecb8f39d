package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static dev.wirespeed.control.compile.Models.web;
import static dev.wirespeed.control.compile.Models.webRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chains of the wildcard listener of a service whose first address is a CIDR (docs/routing.md §1 item 8): Istio's
 * {@code buildSidecarOutboundListener} matches them on the prefixes of all the service's addresses, Envoy takes the
 * longest matching prefix. Both implementations are compared by {@link Both}.
 */
class CidrListenersTest
{
    private static final String WIDE = "wide.corp.internal";
    private static final String NARROW = "narrow.corp.internal";
    private static final String OUTSIDE = "db.example.org:5432";

    private static RegistryService entry(final String host, final List<String> addresses, final String protocol,
            final List<String> exportTo)
    {
        return new RegistryService(host, "default", addresses,
                List.of(new RegistryService.ServicePort("db", 5432, 5432, protocol)),
                List.of(new RegistryService.Endpoint("10.5.0.10", Map.of(), Map.of(), true, null)),
                SourceRef.NONE, exportTo, true, false);
    }

    private static RoutingModel model(final RegistryService... services)
    {
        final List<RegistryService> all = new java.util.ArrayList<>(List.of(web()));
        all.addAll(List.of(services));
        return new RoutingModel(List.of(vs("web-route", List.of(WEB), List.of(to("v1", List.of(), "v1")))),
                List.of(webRule(null)), all, List.of(), List.of());
    }

    private static HttpRequest http(final String dst)
    {
        return new HttpRequest(1, 0, "10.9.0.1", 5432, "mesh", "default", Map.of(), null, null, OUTSIDE, "/a",
                Map.of()).withDst(dst);
    }

    private static String cluster(final RoutingModel m, final String dst)
    {
        final RouteDecision d = Both.route(m, http(dst));
        return d.cluster();
    }

    @Test
    void shouldTakeTheLongestMatchingPrefixOfTheCidrServices()
    {
        final RoutingModel m = model(entry(WIDE, List.of("10.5.0.0/16", "2001:db8::/32", "192.0.2.7"), "TCP",
                List.of("*")), entry(NARROW, List.of("10.5.7.0/24"), "TCP", List.of("*")));
        assertThat(cluster(m, "10.5.3.4:5432")).isEqualTo("outbound|5432||" + WIDE);
        assertThat(cluster(m, "10.5.7.9:5432")).as("the /24 is longer").isEqualTo("outbound|5432||" + NARROW);
        assertThat(cluster(m, "[2001:db8::9]:5432")).as("an IPv6 prefix among its other addresses")
                .isEqualTo("outbound|5432||" + WIDE);
        assertThat(cluster(m, "192.0.2.7:5432")).as("an address alone: a full-length prefix")
                .isEqualTo("outbound|5432||" + WIDE);
        assertThat(cluster(m, "192.0.2.8:5432")).isEqualTo("PassthroughCluster");
        assertThat(cluster(m, "10.6.0.1:5432")).isEqualTo("PassthroughCluster");
    }

    @Test
    void shouldSkipHiddenServicesAndHttpPorts()
    {
        final RoutingModel hidden = model(entry(WIDE, List.of("10.5.0.0/16"), "TCP", List.of("*")),
                entry(NARROW, List.of("10.5.7.0/24"), "TCP", List.of("other")));
        assertThat(cluster(hidden, "10.5.7.9:5432")).as("narrow is not exported to default: wide's chain")
                .isEqualTo("outbound|5432||" + WIDE);
        final RoutingModel http = model(entry(WIDE, List.of("10.5.0.0/16"), "HTTP", List.of("*")));
        assertThat(Both.route(http, http("10.5.3.4:5432")).cluster())
                .as("an HTTP port is on the wildcard HTTP chain: the authority decides")
                .isNotEqualTo("outbound|5432||" + WIDE);
    }

    @Test
    void shouldKeepTheCidrChainBesideAnotherServicesHttpChainOnTheWildcardListener()
    {
        // Istio merges them either way (TCPOverAuto, HTTPOverTCP: mergeTCPFilterChains; the HTTP chain matches on
        // ALPN and raw_buffer, the CIDR chain on prefixes: no conflict), and Envoy matches the destination prefix
        // before the application protocol: the CIDR chain takes a dst it covers, the HTTP chain the others
        final RegistryService api = new RegistryService("api.corp.internal", "default", List.of("10.96.0.99"),
                List.of(new RegistryService.ServicePort("http", 5432, 8080, "HTTP")),
                List.of(new RegistryService.Endpoint("10.7.0.10", Map.of(), Map.of(), true, null)), SourceRef.NONE);
        for (final boolean apiFirst : new boolean[] {true, false})
        {
            final RegistryService wide = entry(WIDE, List.of("10.5.0.0/16"), "TCP", List.of("*"));
            final RoutingModel m = apiFirst ? model(api, wide) : model(wide, api);
            assertThat(cluster(m, "10.5.3.4:5432")).isEqualTo("outbound|5432||" + WIDE);
            final HttpRequest toApi = new HttpRequest(1, 0, "10.9.0.1", 5432, "mesh", "default", Map.of(), null,
                    null, "api.corp.internal:5432", "/a", Map.of());
            assertThat(Both.route(m, toApi.withDst("10.5.3.4:5432")).cluster()).as("the prefix before the ALPN")
                    .isEqualTo("outbound|5432||" + WIDE);
            assertThat(Both.route(m, toApi.withDst("10.96.0.99:5432")).cluster())
                    .isEqualTo("outbound|5432||api.corp.internal");
            assertThat(Both.route(m, toApi.withDst("10.6.0.1:5432")).cluster())
                    .isEqualTo("outbound|5432||api.corp.internal");
            assertThat(Both.route(m, http("10.5.3.4:5432").withSni("")).cluster()).as("a connection")
                    .isEqualTo("outbound|5432||" + WIDE);
            assertThat(Both.route(m, http("10.6.0.1:5432").withSni("")).cluster()).as("the fall-through chain")
                    .isEqualTo("PassthroughCluster");
        }
    }

    @Test
    void shouldNotAllocateMatchingTheDestinationOnThePrefixes()
    {
        final com.sun.management.ThreadMXBean mx = FastPathAllocationTest.threadAllocation();
        final RoutingModel m = model(entry(WIDE, List.of("10.5.0.0/16", "2001:db8::/32"), "TCP", List.of("*")),
                entry(NARROW, List.of("10.5.7.0/24"), "AUTO", List.of("*")));
        try (CompiledRouter router = CompiledRouter.compile(m))
        {
            final HttpRequest[] requests = {http("10.5.3.4:5432"), http("10.5.7.9:5432"), http("[2001:db8::9]:5432"),
                http("10.6.0.1:5432")};
            assertThat(FastPathAllocationTest.allocatedBy(mx, router, requests))
                    .as("bytes allocated by 100,000 lookups").isLessThan(1024);
        }
    }
}
