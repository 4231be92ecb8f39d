package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.RegistryService;
import org.junit.jupiter.api.Test;

import java.util.List;

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
    void shouldReadDistributeAndFailoverPriorityWithoutWarnings()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", RULE.formatted("""
                        distribute:
                        - from: us-east/a/*
                          to: {"us-east/a/*": 60, "eu-west": 40}
                        failoverPriority: [topology.istio.io/network, "version=v1"]
                """));
        assertThat(c.formattedDiagnostics()).isEmpty();
        final DestinationRule.LocalitySetting s = c.model().destinationRules().get(0).trafficPolicy().loadBalancer()
                .locality();
        assertThat(s.distribute()).containsExactly(new DestinationRule.Distribute("us-east/a/*",
                java.util.Map.of("us-east/a/*", 60L, "eu-west", 40L)));
        assertThat(s.failoverPriority()).containsExactly("topology.istio.io/network", "version=v1");
    }

    @Test
    void shouldRejectDistributeWeightsAndLocalitiesAsIstioDoes()
    {
        assertThat(errors(RULE.formatted("""
                        distribute:
                        - {from: us-east, to: {"us-east": 0, "eu-west": 100}}
                """))).containsExactly("t.yaml:11:43: error: spec.trafficPolicy.loadBalancer.localityLbSetting"
                        + ".distribute[0].to.us-east: locality weight must be in range [1, 100]");
        assertThat(errors(RULE.formatted("""
                        distribute:
                        - {from: us-east, to: {"us-east/a": 50, "us-east/*": 50}}
                """))).containsExactly("t.yaml:11:49: error: spec.trafficPolicy.loadBalancer.localityLbSetting"
                        + ".distribute[0].to[\"us-east/*\"]: locality us-east/* overlap with previous specified ones");
        assertThat(errors(RULE.formatted("""
                        distribute:
                        - {from: "*/a", to: {"us-east": 100}}
                        - {from: us-east//b, to: {"us-east": 100}}
                """))).containsExactly("t.yaml:11:18: error: spec.trafficPolicy.loadBalancer.localityLbSetting"
                        + ".distribute[0].from: locality */a wildcard '*' number can not exceed 1 and must be in the "
                        + "end");
        assertThat(errors(RULE.formatted("""
                        distribute:
                        - {from: us-east, to: {"us-east//b": 100}}
                """))).containsExactly("t.yaml:11:32: error: spec.trafficPolicy.loadBalancer.localityLbSetting"
                        + ".distribute[0].to.us-east//b: locality us-east//b must not contain empty "
                        + "region/zone/subzone info");
        assertThat(errors(RULE.formatted("""
                        distribute:
                        - {from: us-east, to: {"eu-west": 100}}
                        - {from: us-east/a, to: {"eu-west": 100}}
                """))).containsExactly("t.yaml:12:18: error: spec.trafficPolicy.loadBalancer.localityLbSetting"
                        + ".distribute[1].from: locality us-east/a overlap with previous specified ones");
    }

    @Test
    void shouldRejectFailoverWithATopologyLabelInFailoverPriorityOrAWildcard()
    {
        assertThat(errors(RULE.formatted("""
                        failover:
                        - {from: us-east, to: "eu-*"}
                        failoverPriority: [version, topology.kubernetes.io/zone]
                """))).containsExactly(
                "t.yaml:11:11: error: spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0]: locality lb "
                        + "failover region should not contain '*' wildcard",
                "t.yaml:12:27: error: spec.trafficPolicy.loadBalancer.localityLbSetting.failoverPriority: can not "
                        + "simultaneously set 'failover' and topology label 'topology.kubernetes.io/zone' in "
                        + "'failover_priority'");
    }

    @Test
    void shouldReadAServicesTrafficDistributionFromItsSpecElseItsAnnotation()
    {
        final String service = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: s
                  annotations: {networking.istio.io/traffic-distribution: %s}
                spec:
                  ports: [{port: 80}]
                  %s
                """;
        assertThat(distribution(service.formatted("preferSameNode", "trafficDistribution: PreferClose")))
                .isEqualTo(RegistryService.TrafficDistribution.PREFER_SAME_ZONE);
        assertThat(distribution(service.formatted("PREFERSAMENODE", "trafficDistribution: Unknown")))
                .isEqualTo(RegistryService.TrafficDistribution.PREFER_SAME_NODE);
        assertThat(distribution(service.formatted("Any", "trafficDistribution: PreferSameNode")))
                .isEqualTo(RegistryService.TrafficDistribution.PREFER_SAME_NODE);
        assertThat(distribution(service.formatted("elsewhere", "")))
                .isEqualTo(RegistryService.TrafficDistribution.ANY);
    }

    private static RegistryService.TrafficDistribution distribution(final String yaml)
    {
        final LoadedConfig c = new ConfigLoader().loadString("s.yaml", yaml);
        assertThat(c.errors()).isEmpty();
        return c.model().services().get(0).trafficDistribution();
    }
}
