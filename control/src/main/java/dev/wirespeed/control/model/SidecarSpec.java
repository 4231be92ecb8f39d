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
     * @param port     {@code port.number}, 0 for the catch-all listener.
     * @param hosts    {@code namespace/host} entries: namespace {@code *}, a name, or {@code ~} (none), the
     *                 Sidecar's own namespace already written for {@code .}; host {@code *},
     *                 {@code *.example.com} or a name.
     * @param protocol for a listener with a port, Istio's protocol of {@code port.protocol} (upper-case, as
     *                 {@link RegistryService.ServicePort#protocol()}; {@code AUTO} when not written: Istio sniffs
     *                 it), which replaces the protocol of every service port it builds a listener for
     *                 (docs/routing.md §1 item 8); {@code null} for the catch-all listener.
     */
    public record EgressListener(int port, List<String> hosts, String protocol)
    {
        /**
         * A listener whose port (if any) writes no protocol.
         *
         * @param port  {@code port.number}, 0 for the catch-all listener.
         * @param hosts its {@code namespace/host} entries.
         */
        public EgressListener(final int port, final List<String> hosts)
        {
            this(port, hosts, port == 0 ? null : RegistryService.ServicePort.AUTO);
        }
    }

    /** @return {@code namespace/name}. */
    public String qualifiedName()
    {
        return namespace + "/" + name;
    }
}
