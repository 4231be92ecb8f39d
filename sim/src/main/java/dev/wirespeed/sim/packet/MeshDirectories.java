package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.pipeline.forward.MeshDirectory;

/**
 * Builds the packet forwarder's {@link MeshDirectory} from a resolved model: the HTTP ports of every
 * service (port name {@code http}/{@code http-*}/..., {@code appProtocol}, or a ServiceEntry HTTP protocol:
 * {@link RegistryService.ServicePort#isHttp()}), every service address, and every endpoint as a workload in
 * its service's namespace with its labels.
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
        for (final RegistryService s : model.services())
        {
            for (final RegistryService.ServicePort p : s.ports())
            {
                if (p.isHttp())
                {
                    b.httpPort(p.number());
                }
            }
            for (final String a : s.addresses())
            {
                b.serviceAddress(a);
            }
            for (final RegistryService.Endpoint e : s.endpoints())
            {
                b.workload(e.address(), s.namespace(), e.labels());
            }
        }
        return b.build();
    }
}
