package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TCPRoutes, TLSRoutes and HTTPRoutes whose parent is a ListenerSet, on both implementations: the ListenerSet's
 * listeners serve the parent Gateway's connections and requests, a route attaches to them only through the
 * ListenerSet ({@code sectionName} and {@code port} choose among them), never through the Gateway.
 */
class ListenerSetConnectionsTest
{
    private static final String GW = "infra/gw";

    private static final String CONFIG = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: infra}
            spec:
              gatewayClassName: istio
              allowedListeners: {namespaces: {from: All}}
              listeners: [{name: http, port: 80, protocol: HTTP, hostname: gw.example}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: ListenerSet
            metadata: {name: ls, namespace: apps}
            spec:
              parentRef: {name: gw, namespace: infra}
              listeners:
              - {name: tcp, port: 9000, protocol: TCP}
              - name: tls
                port: 8443
                protocol: TLS
                hostname: tls.example
                tls: {mode: Passthrough}
              - {name: web, port: 80, protocol: HTTP, hostname: web.example}
              - {name: web-alt, port: 8080, protocol: HTTP, hostname: web.example}
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TCPRoute
            metadata: {name: tcp, namespace: apps}
            spec:
              parentRefs: [{kind: ListenerSet, name: ls, sectionName: tcp}]
              rules: [{backendRefs: [{name: echo, port: 9000}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {name: tls, namespace: apps}
            spec:
              parentRefs: [{kind: ListenerSet, name: ls}]
              hostnames: [tls.example]
              rules: [{backendRefs: [{name: secure, port: 443}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web, namespace: apps}
            spec:
              parentRefs: [{kind: ListenerSet, name: ls, port: 8080}]
              rules: [{backendRefs: [{name: echo, port: 9000}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: on-gateway, namespace: infra}
            spec:
              parentRefs: [{name: gw}]
              rules: [{backendRefs: [{name: infra-web, port: 80}]}]
            """ + service("echo", "apps", 9000, "10.0.0.1") + service("secure", "apps", 443, "10.0.0.2")
            + service("infra-web", "infra", 80, "10.0.0.3");

    private static String service(final String name, final String ns, final int port, final String ip)
    {
        return "---\napiVersion: v1\nkind: Service\nmetadata: {name: " + name + ", namespace: " + ns + "}\n"
                + "spec: {selector: {app: " + name + "}, ports: [{port: " + port + "}]}\n"
                + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: " + name + "-0, namespace: " + ns
                + ", labels: {app: " + name + "}}\nstatus: {podIP: " + ip + "}\n";
    }

    private static RoutingModel model()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", CONFIG);
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest connection(final int port, final String sni)
    {
        return new HttpRequest(0, 0, "203.0.113.7", port, GW, "default", Map.of(), null, null, "", "/", Map.of())
                .withSni(sni);
    }

    private static HttpRequest request(final int port, final String authority)
    {
        return new HttpRequest(1, 0, "203.0.113.7", port, GW, "default", Map.of(), "GET", "http", authority, "/",
                Map.of());
    }

    @Test
    void shouldProxyAConnectionOnAListenerSetsTcpListenerToItsRoutesBackend()
    {
        final RouteDecision d = Both.route(model(), connection(9000, ""));
        assertThat(d.action()).isEqualTo("route");
        assertThat(d.host()).isEqualTo("echo.apps.svc.cluster.local");
    }

    @Test
    void shouldPassATlsConnectionThroughByTheListenerSetListenersHostname()
    {
        final RoutingModel m = model();
        assertThat(Both.route(m, connection(8443, "tls.example")).host()).isEqualTo("secure.apps.svc.cluster.local");
        assertThat(Both.route(m, connection(8443, "other.example")).action()).isEqualTo("drop");
    }

    @Test
    void shouldAttachAnHttpRouteToTheListenerSetListenerItsPortNamesOnly()
    {
        final RoutingModel m = model();
        assertThat(Both.route(m, request(8080, "web.example:8080")).host()).isEqualTo("echo.apps.svc.cluster.local");
        // port 80's web.example listener is the ListenerSet's too, but the parentRef names port 8080
        assertThat(Both.route(m, request(80, "web.example")).status()).isEqualTo(404);
        // the Gateway's own listener serves the route attached to the Gateway, not the ListenerSet's routes
        assertThat(Both.route(m, request(80, "gw.example")).host()).isEqualTo("infra-web.infra.svc.cluster.local");
    }

    @Test
    void shouldServeAPlaceholderHttpsListenerOnlyThroughTheListenerSetThatFillsIt()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: infra}
                spec:
                  gatewayClassName: istio
                  allowedListeners: {namespaces: {from: All}}
                  listeners: [{name: https, port: 443, protocol: HTTPS, allowedRoutes: {namespaces: {from: All}}}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {name: ls, namespace: apps}
                spec:
                  parentRef: {name: gw, namespace: infra}
                  listeners:
                  - {name: a, port: 443, protocol: HTTPS, hostname: a.example, tls: {certificateRefs: [{name: a}]}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: on-set, namespace: apps}
                spec:
                  parentRefs: [{kind: ListenerSet, name: ls}]
                  rules: [{backendRefs: [{name: echo, port: 9000}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: on-placeholder, namespace: apps}
                spec:
                  parentRefs: [{name: gw, namespace: infra}]
                  rules: [{backendRefs: [{name: secure, port: 443}]}]
                """ + service("echo", "apps", 9000, "10.0.0.1") + service("secure", "apps", 443, "10.0.0.2"));
        assertThat(c.errors()).isEmpty();
        assertThat(c.warnings()).extracting(d -> d.message()).contains("listener \"https\" of Gateway infra/gw is "
                + "HTTPS without tls; a placeholder: Istio builds no server for it, no route attaches to it");
        final RoutingModel m = c.model();
        final HttpRequest a = new HttpRequest(0, 0, "203.0.113.7", 443, GW, "default", Map.of(), "GET", "https",
                "a.example", "/", Map.of());
        assertThat(Both.route(m, a).host()).isEqualTo("echo.apps.svc.cluster.local");
        final HttpRequest b = new HttpRequest(1, 0, "203.0.113.7", 443, GW, "default", Map.of(), "GET", "https",
                "b.example", "/", Map.of());
        assertThat(Both.route(m, b).status()).as("the placeholder has no server, the route on it none").isEqualTo(404);
    }
}
