package dev.wirespeed.control.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest
{
    @Test
    void shouldResolveShortHostsInTheNamespaceOnly()
    {
        assertThat(Names.resolveHost("Reviews", "prod")).isEqualTo("reviews.prod.svc.cluster.local");
        assertThat(Names.resolveHost("reviews.prod", "x")).isEqualTo("reviews.prod");
        assertThat(Names.resolveHost("*.example.com", "x")).isEqualTo("*.example.com");
        assertThat(Names.resolveHost("*", "x")).isEqualTo("*");
    }

    @Test
    void shouldNormaliseGatewayNames()
    {
        assertThat(Names.resolveGateway("mesh", "a")).isEqualTo("mesh");
        assertThat(Names.resolveGateway("gw", "a")).isEqualTo("a/gw");
        assertThat(Names.resolveGateway("b/gw", "a")).isEqualTo("b/gw");
        assertThat(Names.resolveGateway("./gw", "a")).isEqualTo("a/gw");
        assertThat(Names.resolveGateway("gw.b.svc.cluster.local", "a")).isEqualTo("b/gw");
    }

    @Test
    void shouldResolveExportTo()
    {
        assertThat(Names.resolveExportTo(List.of(), "a")).containsExactly("*");
        assertThat(Names.resolveExportTo(List.of(".", "b"), "a")).containsExactly("a", "b");
        assertThat(Names.resolveExportTo(List.of("~"), "a")).isEmpty();
    }

    @Test
    void shouldDeriveKubernetesPortProtocolsLikeIstio()
    {
        assertThat(Names.kubernetesPortProtocol(8080, "http", null, null)).isEqualTo("HTTP");
        assertThat(Names.kubernetesPortProtocol(8080, "http-web", null, null)).isEqualTo("HTTP");
        assertThat(Names.kubernetesPortProtocol(8080, "http2-x", null, null)).isEqualTo("HTTP2");
        assertThat(Names.kubernetesPortProtocol(8080, "grpc-web", null, null)).isEqualTo("GRPC-WEB");
        assertThat(Names.kubernetesPortProtocol(8080, "grpc-x", null, null)).isEqualTo("GRPC");
        assertThat(Names.kubernetesPortProtocol(8080, "HTTPS", null, null)).isEqualTo("HTTPS");
        assertThat(Names.kubernetesPortProtocol(8080, "mongo-db", null, null)).isEqualTo("MONGO");
        assertThat(Names.kubernetesPortProtocol(8080, "redis", null, null)).isEqualTo("REDIS");
        assertThat(Names.kubernetesPortProtocol(8080, "mysql", null, null)).isEqualTo("MYSQL");
        assertThat(Names.kubernetesPortProtocol(8080, "web", null, null)).isEqualTo("AUTO");
        assertThat(Names.kubernetesPortProtocol(8080, "httpx", null, null)).isEqualTo("AUTO");
        assertThat(Names.kubernetesPortProtocol(8080, null, null, null)).isEqualTo("AUTO");
        // Istio's ConvertProtocol: an undeclared protocol on a well-known port is TCP, not sniffed
        assertThat(Names.kubernetesPortProtocol(3306, "db", null, null)).isEqualTo("TCP");
        assertThat(Names.kubernetesPortProtocol(27017, null, null, null)).isEqualTo("TCP");
        assertThat(Names.kubernetesPortProtocol(25, "smtp", null, null)).isEqualTo("TCP");
        assertThat(Names.kubernetesPortProtocol(53, null, null, null)).isEqualTo("TCP");
        assertThat(Names.kubernetesPortProtocol(8080, "tcp", null, "kubernetes.io/wss")).isEqualTo("HTTPS");
        assertThat(Names.kubernetesPortProtocol(8080, "tcp", null, "kubernetes.io/ws")).isEqualTo("HTTP");
        assertThat(Names.kubernetesPortProtocol(8080, null, "UDP", null)).isEqualTo("UDP");
        assertThat(Names.kubernetesPortProtocol(8080, "tcp", null, "grpc-web")).isEqualTo("GRPC-WEB");
        assertThat(Names.kubernetesPortProtocol(8080, "tcp", null, "kubernetes.io/h2c")).isEqualTo("HTTP2");
        assertThat(Names.kubernetesPortProtocol(8080, "http", null, "unknown-thing")).isEqualTo("AUTO");
        assertThat(Names.kubernetesPortProtocol(8080, "http", "UDP", "http")).isEqualTo("UDP");
    }

    @Test
    void shouldParseGoStyleDurations()
    {
        assertThat(Names.parseDurationNanos("7s")).isEqualTo(7_000_000_000L);
        assertThat(Names.parseDurationNanos("1.5s")).isEqualTo(1_500_000_000L);
        assertThat(Names.parseDurationNanos("100ms")).isEqualTo(100_000_000L);
        assertThat(Names.parseDurationNanos("1m30s")).isEqualTo(90_000_000_000L);
        assertThat(Names.parseDurationNanos("5")).isEqualTo(-1);
        assertThat(Names.parseDurationNanos("s")).isEqualTo(-1);
    }
}
