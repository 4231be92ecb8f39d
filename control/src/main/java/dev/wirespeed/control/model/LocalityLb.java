package dev.wirespeed.control.model;

import java.util.List;

/**
 * How the client's locality and labels choose a cluster's endpoints (docs/routing.md §4), as Istio resolves it
 * ({@code GetEffectiveLbSetting}, then {@code ApplyLocalityLoadBalancer}): the cluster's load balancer's
 * {@code localityLbSetting} ({@code enabled: false}: none); else the service's traffic distribution (a failover
 * priority that needs no {@code outlierDetection}); else the mesh config's. Then {@code distribute} applies
 * whatever the outlier detection; without it, {@code failoverPriority} (with the {@code failover} regions when it
 * also writes some) or the locality failover apply only with {@code outlierDetection} or a traffic distribution.
 * Shared by the compiler and the reference interpreter: this is configuration, the request-time choice each
 * implements on its own.
 *
 * @param kind    what chooses.
 * @param setting the setting it comes from (for {@link Kind#PRIORITY} of a traffic distribution, one Istio makes).
 */
public record LocalityLb(Kind kind, DestinationRule.LocalitySetting setting)
{
    /** What chooses the endpoints. */
    public enum Kind
    {
        /** Istio's {@code applyLocalityFailover}: region, zone, subzone, and the {@code failover} regions. */
        FAILOVER,
        /** {@code applyFailoverPriorities}: the labels, then (with {@code failover} entries) the locality. */
        PRIORITY,
        /** {@code applyLocalityWeights}: locality weights for the client's locality, then an endpoint. */
        DISTRIBUTE
    }

    /**
     * @param lb                the cluster's merged load balancer, or {@code null}.
     * @param service           the destination service.
     * @param mesh              the mesh config's setting.
     * @param outlierDetection  whether the cluster's merged traffic policy sets {@code outlierDetection}.
     * @return the choice, {@code null} when the client's locality and labels play no part.
     */
    public static LocalityLb of(final DestinationRule.LoadBalancer lb, final RegistryService service,
            final DestinationRule.LocalitySetting mesh, final boolean outlierDetection)
    {
        DestinationRule.LocalitySetting s;
        boolean force = false;
        if (lb != null && lb.locality() != null)
        {
            s = lb.locality();
        }
        else if (service.trafficDistribution() != RegistryService.TrafficDistribution.ANY)
        {
            s = new DestinationRule.LocalitySetting(true, List.of(), List.of(),
                    service.trafficDistribution().failoverPriority());
            force = true;
        }
        else
        {
            s = mesh;
        }
        if (s == null || s.disabled())
        {
            return null;
        }
        if (!s.distribute().isEmpty())
        {
            return new LocalityLb(Kind.DISTRIBUTE, s);
        }
        if (!outlierDetection && !force)
        {
            return null;
        }
        return new LocalityLb(s.failoverPriority().isEmpty() ? Kind.FAILOVER : Kind.PRIORITY, s);
    }

    /**
     * Istio's {@code priorityLabelOverrides}: a {@code failoverPriority} entry {@code name=value} compares the
     * endpoints' {@code name} with {@code value} instead of the client's.
     *
     * @param entry an entry.
     * @return {name, value or {@code null}}.
     */
    public static String[] priorityLabel(final String entry)
    {
        final String[] parts = entry.split("=", -1);
        return new String[] {parts[0], parts.length == 2 ? parts[1] : null};
    }

    /** The label Istio lets a client miss without losing the rest of its order (first in the list only). */
    public static final String NETWORK_LABEL = "topology.istio.io/network";

    /**
     * Istio's {@code LocalityMatch}: a locality pattern ({@code from} or a {@code to} key) matches a locality when
     * its region is {@code *} or equal, and its zone and subzone are {@code *}, absent or equal.
     *
     * @param locality {region, zone, subzone}.
     * @param pattern  the pattern as written.
     * @return whether it matches.
     */
    public static boolean localityMatch(final String[] locality, final String pattern)
    {
        final String[] items = pattern.split("/", -1);
        final String region = items[0];
        final String zone = items.length > 1 ? items[1] : "";
        final String subzone = items.length > 2 ? items[2] : "";
        return (region.equals("*") || region.equals(locality[0]))
                && (zone.equals("*") || zone.isEmpty() || zone.equals(locality[1]))
                && (subzone.equals("*") || subzone.isEmpty() || subzone.equals(locality[2]));
    }
}
