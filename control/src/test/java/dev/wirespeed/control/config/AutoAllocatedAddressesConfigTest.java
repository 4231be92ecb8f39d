package dev.wirespeed.control.config;

import dev.wirespeed.control.model.ClientProxies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ServiceEntry's {@code status.addresses} (Istio's auto-allocated addresses, docs/config.md) as loaded, and the
 * errors of a malformed one.
 */
class AutoAllocatedAddressesConfigTest
{
    private static final String ENTRY = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: db, namespace: shop%s}
            spec:
              hosts: [db.example, db2.example]
              ports: [{name: tcp, number: 5432, protocol: TCP}]
              resolution: %s
            %s
            """;

    private static LoadedConfig load(final String labels, final String resolution, final String status)
    {
        return new ConfigLoader().loadString("t.yaml", ENTRY.formatted(labels, resolution, status));
    }

    @Test
    void shouldKeepTheLastAddressOfEachFamilyOfEachHost()
    {
        final LoadedConfig c = load("", "DNS", """
                status:
                  addresses:
                  - {host: db.example, value: 240.240.0.1}
                  - {host: db.example, value: "2001:2::1"}
                  - {host: db.example, value: 240.240.0.9}
                  - {host: db2.example, value: "::ffff:240.240.0.4"}
                  - {host: other.example, value: 240.240.0.5}
                """);
        assertThat(c.formattedDiagnostics()).isEmpty();
        final ClientProxies.AutoAddresses auto = c.model().mesh().networks().proxies().autoAddresses();
        assertThat(auto.of("db.example")).containsExactly("240.240.0.9", "2001:2::1");
        // an IPv4-mapped IPv6 address is IPv6 (Go's Is4); a host the entry does not have is not read
        assertThat(auto.of("db2.example")).containsExactly("", "::ffff:240.240.0.4");
        assertThat(auto.hosts()).containsOnlyKeys("db.example", "db2.example");
        assertThat(auto.defaultCapture()).isFalse();
    }

    @Test
    void shouldIgnoreTheStatusOfAnEntryIstioDoesNotAllocateFor()
    {
        final String status = "status:\n  addresses: [{host: db.example, value: 240.240.0.1}]";
        // resolution NONE; the opt-out label (ignoring case)
        assertThat(load("", "NONE", status).model().mesh().networks().proxies().autoAddresses().hosts()).isEmpty();
        assertThat(load(", labels: {networking.istio.io/enable-autoallocate-ip: \"False\"}", "DNS", status).model()
                .mesh().networks().proxies().autoAddresses().hosts()).isEmpty();
        // another label value keeps it
        assertThat(load(", labels: {networking.istio.io/enable-autoallocate-ip: \"true\"}", "DNS", status).model()
                .mesh().networks().proxies().autoAddresses().hosts()).containsOnlyKeys("db.example");
    }

    @Test
    void shouldReportAMalformedStatusAddresses()
    {
        assertThat(load("", "DNS", "status:\n  addresses: {host: db.example}").formattedDiagnostics())
                .containsExactly("t.yaml:9:14: error: status.addresses: expected a list, got a mapping");
        assertThat(load("", "DNS", "status:\n  addresses: [240.240.0.1]").formattedDiagnostics())
                .containsExactly("t.yaml:9:15: error: status.addresses[0]: expected a mapping, got the string"
                        + " \"240.240.0.1\"");
        assertThat(load("", "DNS", "status:\n  addresses: [{host: db.example}]").formattedDiagnostics())
                .containsExactly("t.yaml:9:15: error: status.addresses[0].value: missing required field \"value\"");
        assertThat(load("", "DNS", "status:\n  addresses: [{host: db.example, value: 1.2.3.4, ip: x}]")
                .formattedDiagnostics()).containsExactly(
                "t.yaml:9:50: error: status.addresses[0].ip: unknown field \"ip\" (expected one of: host, value)");
        // a value that is no IP address: Istio skips it
        final LoadedConfig c = load("", "DNS", "status:\n  addresses: [{host: db.example, value: nowhere}]");
        assertThat(c.errors()).isEmpty();
        assertThat(c.formattedDiagnostics()).containsExactly("t.yaml:9:41: warning: status.addresses[0].value: status"
                + " address \"nowhere\" is not an IP address: Istio skips it");
        assertThat(c.model().mesh().networks().proxies().autoAddresses().hosts()).isEmpty();
    }

    @Test
    void shouldReadDnsCaptureAsIstiosStringBool()
    {
        assertThat(ClientProxyBinder.stringBool("true")).isTrue();
        assertThat(ClientProxyBinder.stringBool("1")).isTrue();
        assertThat(ClientProxyBinder.stringBool("True")).isTrue();
        assertThat(ClientProxyBinder.stringBool("yes")).isFalse();
        assertThat(ClientProxyBinder.stringBool("tRUE")).isFalse();
        assertThat(ClientProxyBinder.stringBool(null)).isFalse();
    }
}
