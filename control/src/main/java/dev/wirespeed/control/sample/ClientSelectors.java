package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.TopologyLabels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the random models select a client by (a VirtualService's {@code sourceLabels}, a Sidecar's or
 * DestinationRule's {@code workloadSelector}): a workload label, or one of the labels Istio writes on the proxy
 * (docs/routing.md "The client's labels": its cluster, network, locality and node), and the locality labels of
 * a Pod that the random requests carry for them.
 */
final class ClientSelectors
{
    /** One label each: {@code app} (half of them), then the labels Istio writes on a proxy. */
    static final String[][] LABELS = {
        {"app", "productpage"}, {"app", "web"}, {"app", "productpage"}, {"app", "web"}, {"app", "web"},
        {TopologyLabels.CLUSTER_LABEL, MeshNetworks.CLUSTER_ID},
        {TopologyLabels.CLUSTER_LABEL, RandomServices.REMOTE_CLUSTER},
        {MeshNetworks.NETWORK_LABEL, "net1"}, {MeshNetworks.NETWORK_LABEL, "net2"},
        {EndpointOrder.REGION_LABEL, "us-east"}, {EndpointOrder.REGION_LABEL, "eu-west"},
        {EndpointOrder.ZONE_LABEL, "a"}, {EndpointOrder.SUBZONE_LABEL, "1"},
        {TopologyLabels.HOSTNAME_LABEL, "node-1"}};

    /** A Pod's locality label values (docs/routing.md §1): dots, slashes, empty parts, more than three parts. */
    private static final String[] POD_LOCALITIES = {"us-east.a.1", "eu-west.c", "us-east/b", "ap-south..2", "",
        "us-east.a.2.x", "eu-west"};

    private ClientSelectors()
    {
    }

    /**
     * @param label a row of {@link #LABELS}.
     * @return a selector of that one label.
     */
    static Map<String, String> selector(final String[] label)
    {
        return Map.of(label[0], label[1]);
    }

    /**
     * A Pod's locality label on a client, drawn from the request id (not the random stream): none mostly,
     * {@code topology.istio.io/locality} or the older {@code istio-locality}, or both.
     *
     * @param id     the request id.
     * @param labels its labels so far.
     * @return the labels, with a locality label at times.
     */
    static Map<String, String> podLocality(final long id, final Map<String, String> labels)
    {
        final long mix = dev.wirespeed.fib.l7.RequestHash.mix64(id * 31337 + 11);
        if ((mix & 3) != 0)
        {
            return labels;
        }
        final Map<String, String> out = new LinkedHashMap<>(labels);
        final String value = POD_LOCALITIES[(int)Math.floorMod(mix >>> 8, (long)POD_LOCALITIES.length)];
        final int which = (int)(mix >>> 4 & 3);
        if (which != 1)
        {
            out.put(TopologyLabels.LOCALITY_LABEL, value);
        }
        if (which != 0)
        {
            out.put(TopologyLabels.OLD_LOCALITY_LABEL, which == 3 ? "eu-west.c.1" : value);
        }
        return Map.copyOf(out);
    }
}
