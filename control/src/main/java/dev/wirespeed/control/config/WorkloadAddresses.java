package dev.wirespeed.control.config;

import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.TopologyLabels;

/**
 * What Istio makes of a WorkloadEntry or ServiceEntry endpoint beyond its fields (docs/routing.md §4): whether it
 * needs an address, and the labels it adds to it ({@code AugmentLabels}).
 */
final class WorkloadAddresses
{
    private WorkloadAddresses()
    {
    }

    /**
     * Istio's {@code validateWorkloadEntry}: an address is required unless a network is named; without one the
     * workload is reached through its network's gateways only (docs/routing.md §4 "Networks"), with a warning.
     *
     * @param diags where to report.
     * @return whether the workload is an endpoint.
     */
    static boolean addressOrNetwork(final FieldReader w, final String address, final String network,
            final Diagnostics diags)
    {
        if (address != null && !address.isEmpty())
        {
            return true;
        }
        if (network == null || network.isEmpty())
        {
            if (address == null && !w.has("address"))
            {
                w.missing("address");
            }
            else if (address != null)
            {
                diags.error(w.field("address"), "address is required unless a network is set");
            }
            return false;
        }
        diags.warning(w.has("address") ? Diagnostics.ref(w.field("address")) : w.refOf("address"),
                "address is unset with network \"" + network + "\": reached through that network's gateways only");
        return true;
    }

    /**
     * A WorkloadEntry's or ServiceEntry endpoint's labels as Istio's {@code convertWorkloadEntryToWorkloadInstance}
     * gives them ({@code AugmentLabels} with the cluster id, its locality and no node), once selected by the raw ones.
     */
    static RegistryService.Endpoint workloadLabels(final RegistryService.Endpoint e)
    {
        return new RegistryService.Endpoint(e.address(), TopologyLabels.augment(e.labels(), MeshNetworks.CLUSTER_ID,
                e.locality(), "", ""), e.ports(), e.healthy(), e.name(), e.weight(), e.locality(), e.network(),
                e.tlsMode());
    }

}
