package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.pipeline.forward.MeshDirectory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the packet forwarder's {@link MeshDirectory} from a resolved model: the HTTP ports of every
 * service (port name {@code http}/{@code http-*}/..., {@code appProtocol}, or a ServiceEntry HTTP protocol:
 * {@link RegistryService.ServicePort#isHttp()}), the sniffed ports ({@link RegistryService.ServicePort#isAuto()}),
 * every service address (a remote cluster's own ones too), and every endpoint as a workload in
 * its service's namespace with its labels; under the mesh's {@code ALLOW_ANY_DYNAMIC_DNS} the other ports are sniffed.
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
        final MeshDirectory.Builder b = new MeshDirectory.Builder()
            .sniffUndeclaredPorts(model.mesh().outboundPolicy() == MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS);
        for (final RegistryService s : model.services())
        {
            for (final RegistryService.ServicePort p : s.ports())
            {
                if (p.isHttp())
                {
                    b.httpPort(p.number());
                }
                else if (p.isAuto())
                {
                    b.sniffedPort(p.number());
                }
            }
            for (final String a : s.addresses())
            {
                b.serviceAddress(a);
            }
            for (final RegistryService.Endpoint e : s.endpoints())
            {
                if (!e.address().isEmpty()) // a WorkloadEntry without an address sends nothing a capture holds
                {
                    b.workload(e.address(), s.namespace(), withLocality(e));
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
