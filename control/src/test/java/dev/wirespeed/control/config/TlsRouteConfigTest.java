package dev.wirespeed.control.config;

import dev.wirespeed.control.model.TlsRoute;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** VirtualService {@code tls} routes: read into the model, checked as Istio's {@code validateTLSRoute} checks them. */
class TlsRouteConfigTest
{
    private static final String HEAD = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: login, namespace: default}
            spec:
              hosts: [login.default.svc.cluster.local, "*.bookinfo.com"]
              tls:
            """;

    private static LoadedConfig load(final String tls)
    {
        return new ConfigLoader().loadString("t.yaml", HEAD + tls);
    }

    @Test
    void shouldReadSniHostsAndTheL4ConditionsOfEachMatch()
    {
        final LoadedConfig c = load("""
              - match:
                - port: 443
                  sniHosts: [Login.Bookinfo.com, "*.bookinfo.com"]
                  destinationSubnets: [10.96.0.0/16]
                  sourceLabels: {app: web}
                  sourceNamespace: ns1
                  gateways: [mesh]
                route:
                - destination: {host: login.default.svc.cluster.local}
                  weight: 100
            """);
        assertThat(c.errors()).isEmpty();
        final List<TlsRoute> tls = c.model().virtualServices().get(0).tls();
        assertThat(tls).hasSize(1);
        final TlsRoute.TlsMatch m = tls.get(0).matches().get(0);
        assertThat(m.sniHosts()).containsExactly("login.bookinfo.com", "*.bookinfo.com");
        assertThat(m.destinationSubnets()).containsExactly("10.96.0.0/16");
        assertThat(m.port()).isEqualTo(443);
        assertThat(m.sourceLabels()).containsEntry("app", "web");
        assertThat(m.sourceNamespace()).isEqualTo("ns1");
        assertThat(m.gateways()).containsExactly("mesh");
        assertThat(tls.get(0).route().get(0).destination().host()).isEqualTo("login.default.svc.cluster.local");
        assertThat(c.warnings()).as("destinations are checked against the registry like tcp routes' ").singleElement()
            .satisfies(w -> assertThat(w.format()).contains("spec.tls[0].route[0].destination.host: host "
                + "login.default.svc.cluster.local has no registry service"));
    }

    @Test
    void shouldRejectWhatIstioRejectsWithFileLineAndColumn()
    {
        assertThat(load("""
              - route:
                - destination: {host: login.default.svc.cluster.local}
            """).errors().stream().map(Diagnostic::format).toList()).containsExactly(
            "t.yaml:7:5: error: spec.tls[0]: TLS route must have at least one match condition");
        assertThat(load("""
              - match:
                - port: 443
                route:
                - destination: {host: login.default.svc.cluster.local}
            """).errors().stream().map(Diagnostic::format).toList()).containsExactly(
            "t.yaml:8:7: error: spec.tls[0].match[0]: TLS match must have at least one SNI host");
        assertThat(load("""
              - match:
                - sniHosts: [shop.example.com]
                  destinationSubnets: [10.0.0.0/33]
            """).errors().stream().map(Diagnostic::format).toList()).containsExactly(
            "t.yaml:7:5: error: spec.tls[0].route: TLS route is required: \"route\" with at least one destination",
            "t.yaml:8:18: error: spec.tls[0].match[0].sniHosts[0]: SNI host \"shop.example.com\" is not a compatible"
                + " subset of any of the virtual service hosts: [login.default.svc.cluster.local, *.bookinfo.com]",
            "t.yaml:9:28: error: spec.tls[0].match[0].destinationSubnets[0]: invalid destinationSubnets entry"
                + " \"10.0.0.0/33\" (expected an IP address or CIDR)");
    }
}
