package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * A {@code networking.istio.io} Sidecar, resolved: which hosts the workloads it selects can reach, and
 * what they do with the others.
 *
 * @param namespace        metadata.namespace.
 * @param name             metadata.name.
 * @param workloadSelector {@code workloadSelector.labels}; empty = every workload of the namespace.
 * @param egress           its egress listeners in order; empty = Istio's default (every host visible).
 * @param outbound         its {@code outboundTrafficPolicy}, or {@code null} to use the mesh config's.
 * @param source           where it was written.
 */
public record SidecarSpec(
        String namespace,
        String name,
        Map<String, String> workloadSelector,
        List<EgressListener> egress,
        MeshConfig outbound,
        SourceRef source)
{
    /**
     * An {@code IstioEgressListener}.
     *
     * @param port  {@code port.number}, 0 for the catch-all listener.
     * @param hosts {@code namespace/host} entries: namespace {@code *}, a name, or {@code ~} (none), the
     *              Sidecar's own namespace already written for {@code .}; host {@code *},
     *              {@code *.example.com} or a name.
     */
    public record EgressListener(int port, List<String> hosts)
    {
    }

    /** @return {@code namespace/name}. */
    public String qualifiedName()
    {
        return namespace + "/" + name;
    }
}
