package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.RegistryService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wirespeed.control.config.ConfigLoaderValidationTest.diagnostics;
import static dev.wirespeed.control.config.ConfigLoaderValidationTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoint weights and localities, {@code outlierDetection} and {@code localityLbSetting} as loaded (docs/config.md),
 * with Istio's validation of them.
 */
class LocalityLbConfigTest
{
    private static final String RULE = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: inv
            spec:
              host: inventory.internal
              trafficPolicy:
                loadBalancer:
                  localityLbSetting:
            %s
            """;

    private static final String ENTRY = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: inv
            spec:
              hosts: [inventory.internal]
              resolution: STATIC
              ports: [{number: 80, name: http, protocol: HTTP}]
              endpoints:
              - address: 10.0.0.1
            %s
            """;

    @Test
    void shouldReadWeightsAndLocalitiesWithIstiosDefaults()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", ENTRY.formatted("""
                    weight: 4000000000
                    locality: us-east/a
                  - address: 10.0.0.2
                    weight: 0
                  - address: 10.0.0.3
                    labels: {istio-locality: eu-west.b.1}
                """));
        assertThat(c.errors()).isEmpty();
        final List<RegistryService.Endpoint> eps = c.model().services().get(0).endpoints();
        assertThat(eps).extracting(RegistryService.Endpoint::weight).containsExactly(4_000_000_000L, 1L, 1L);
        assertThat(eps).extracting(RegistryService.Endpoint::locality).containsExactly("us-east/a", "", "eu-west/b/1");
    }

    @Test
    void shouldRejectAWeightBeyondUint32()
    {
        assertThat(errors(ENTRY.formatted("    weight: 4294967296"))).containsExactly(
                "t.yaml:11:13: error: spec.endpoints[0].weight: value 4294967296 out of range 0..4294967295");
    }

    @Test
    void shouldReadOutlierDetectionAndFailover()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", RULE.formatted("""
                        failover:
                        - {from: us-east, to: eu-west}
                    outlierDetection: {consecutive5xxErrors: 3}
                """));
        assertThat(c.errors()).isEmpty();
        final DestinationRule.TrafficPolicy tp = c.model().destinationRules().get(0).trafficPolicy();
        assertThat(tp.outlierDetection()).isTrue();
        assertThat(tp.loadBalancer().locality().failover())
                .containsExactly(new DestinationRule.Failover("us-east", "eu-west"));
    }

    @Test
    void shouldRejectWhatIstiosValidationRejects()
    {
        assertThat(errors(RULE.formatted("""
                        failover:
                        - {from: us-east, to: us-east}
                        - {from: us-east/a, to: eu-west}
                """))).containsExactly(
                "t.yaml:11:11: error: spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0]: locality lb "
                        + "failover settings must specify different regions",
                "t.yaml:12:11: error: spec.trafficPolicy.loadBalancer.localityLbSetting.failover[1]: locality lb "
                        + "failover only specify region");
        assertThat(errors(RULE.formatted("""
                        distribute:
                        - {from: us-east/*, to: {"us-east/*": 80, "eu-west/*": 10}}
                        failover:
                        - {from: us-east, to: eu-west}
                """))).containsExactly(
                "t.yaml:11:33: error: spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to: total "
                        + "locality weight 90 != 100",
                "t.yaml:13:9: error: spec.trafficPolicy.loadBalancer.localityLbSetting.failover: can not "
                        + "simultaneously specify 'distribute' and 'failover'");
    }

    @Test
    void shouldWarnThatDistributeAndFailoverPriorityAreNotModelled()
    {
        assertThat(diagnostics(RULE.formatted("""
                        failoverPriority: [topology.kubernetes.io/region]
                """))).anyMatch(d -> d.contains("warning") && d.contains("failoverPriority is not modelled"));
        assertThat(diagnostics(RULE.formatted("""
                        distribute:
                        - {from: "*", to: {"us-east/*": 100}}
                """))).anyMatch(d -> d.contains("warning") && d.contains("distribute is not modelled"));
    }
}
