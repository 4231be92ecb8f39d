package dev.wirespeed.control.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How Istio merges the top-level traffic policies of two DestinationRules for one host ({@code mergeDestinationRule},
 * docs/routing.md §4): rules of the same origin (both written, or both generated from Gateway API backend policies)
 * keep the first rule's policy, the later one's only when the first has none; a written rule and a generated one
 * ({@code mergeBackendPolicyTrafficPolicy}) merge field by field, the written rule's {@code loadBalancer},
 * {@code outlierDetection} and {@code tls} winning where it sets them and the generated one's filling the gaps; their
 * {@code portLevelSettings} are the written rule's, each filled the same way from the generated entry for its port,
 * then the generated entries for the other ports. Whatever the order they come in.
 */
public final class BackendPolicyMerge
{
    private BackendPolicyMerge()
    {
    }

    /**
     * @param first          the merged rule's policy so far, or {@code null}.
     * @param firstGenerated whether the merged rule (its first rule) was generated from backend policies.
     * @param later          the later rule's policy, or {@code null}.
     * @param laterGenerated whether the later rule was.
     * @return the merged policy.
     */
    public static DestinationRule.TrafficPolicy merge(final DestinationRule.TrafficPolicy first,
            final boolean firstGenerated, final DestinationRule.TrafficPolicy later, final boolean laterGenerated)
    {
        if (firstGenerated == laterGenerated)
        {
            return first != null ? first : later;
        }
        return writtenWins(laterGenerated ? first : later, laterGenerated ? later : first);
    }

    private static DestinationRule.TrafficPolicy writtenWins(final DestinationRule.TrafficPolicy written,
            final DestinationRule.TrafficPolicy generated)
    {
        if (written == null || generated == null)
        {
            return written == null ? generated : written;
        }
        final List<DestinationRule.PortPolicy> ports = new ArrayList<>();
        for (final DestinationRule.PortPolicy p : written.portLevelSettings())
        {
            final DestinationRule.PortPolicy g = generated.forPort(p.port());
            ports.add(g == null ? p : new DestinationRule.PortPolicy(p.port(),
                    p.loadBalancer() != null ? p.loadBalancer() : g.loadBalancer(),
                    p.outlierDetection() || g.outlierDetection(), p.tlsMode() != null ? p.tlsMode() : g.tlsMode()));
        }
        for (final DestinationRule.PortPolicy g : generated.portLevelSettings())
        {
            if (written.forPort(g.port()) == null)
            {
                ports.add(g);
            }
        }
        return new DestinationRule.TrafficPolicy(
                written.loadBalancer() != null ? written.loadBalancer() : generated.loadBalancer(), List.copyOf(ports),
                written.outlierDetection() || generated.outlierDetection(),
                written.tlsMode() != null ? written.tlsMode() : generated.tlsMode());
    }
}
