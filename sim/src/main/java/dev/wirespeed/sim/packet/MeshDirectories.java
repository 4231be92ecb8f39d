package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.pipeline.forward.MeshDirectory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the packet forwarder's {@link MeshDirectory} from a resolved model: every service address (a remote
 * cluster's own ones too), every endpoint
 * as a workload in its service's namespace with its labels, and the client classes: the kind of a client's wildcard
 * listener on each port, its listeners bound to addresses that read otherwise, and whether its virtual outbound
 * listener sniffs ({@link ClientListenerPorts}: its Sidecar's egress listeners, the services exported to it), class 0
 * for a source that is no workload (namespace {@code default}, no labels, as the request view gives it) and one per
 * distinct set of a workload's.
 */
public final class MeshDirectories
{
    private MeshDirectories()
    {
    }

    /**
     * @param model a resolved model.
     * @return its directory.
     */
    public static MeshDirectory from(final RoutingModel model)
    {
        final MeshDirectory.Builder b = new MeshDirectory.Builder();
        final ClientListenerPorts unknown = ClientListenerPorts.of(model,
            new String(MeshDirectory.defaultNamespace(), StandardCharsets.UTF_8), Map.of());
        b.defaultClass(unknown.http(), unknown.sniffed(), unknown.tcp(), unknown.sniffsUndeclaredPorts(),
            unknown.bound());
        final Map<List<Object>, Integer> classes = new HashMap<>();
        for (final RegistryService s : model.services())
        {
            for (final String a : s.addresses())
            {
                b.serviceAddress(a);
            }
            for (final RegistryService.Endpoint e : s.endpoints())
            {
                if (!e.address().isEmpty()) // a WorkloadEntry without an address sends nothing a capture holds
                {
                    final Map<String, String> labels = withLocality(e);
                    // a client's listeners depend on its namespace and its Sidecar only: one class per pair
                    final SidecarSpec sidecar = ClientListenerPorts.sidecarOf(model, s.namespace(), labels);
                    final List<Object> client = List.of(s.namespace(), sidecar == null ? -1
                        : model.sidecars().indexOf(sidecar));
                    Integer known = classes.get(client);
                    if (known == null)
                    {
                        final ClientListenerPorts c = ClientListenerPorts.of(model, s.namespace(), sidecar);
                        known = b.clientClass(c.http(), c.sniffed(), c.tcp(), c.sniffsUndeclaredPorts(), c.bound());
                        classes.put(client, known);
                    }
                    b.workload(e.address(), s.namespace(), labels, known);
                }
            }
        }
        // a remote cluster's own addresses of a host (docs/routing.md §4 "Clusters"): its clients connect to them
        model.mesh().networks().proxies().clusterAddresses().values()
            .forEach(byCluster -> byCluster.values().forEach(list -> list.forEach(b::serviceAddress)));
        return b.build();
    }

    /**
     * A workload's labels as a captured client's {@code sourceLabels}, with its locality (its node's, its label's)
     * as the {@code topology.*} labels a trace writes for it (docs/routing.md §4): Istio knows a proxy's locality.
     */
    public static Map<String, String> withLocality(final RegistryService.Endpoint e)
    {
        if (e.locality().isEmpty())
        {
            return e.labels();
        }
        final String[] parts = EndpointOrder.localityParts(e.locality());
        final Map<String, String> out = new LinkedHashMap<>(e.labels());
        final String[] names = {EndpointOrder.REGION_LABEL, EndpointOrder.ZONE_LABEL, EndpointOrder.SUBZONE_LABEL};
        for (int k = 0; k < names.length; k++)
        {
            if (!parts[k].isEmpty())
            {
                out.putIfAbsent(names[k], parts[k]);
            }
        }
        return out;
    }
}
