package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.GatewayNames;
import dev.wirespeed.control.model.MeshNetworks;

import java.util.ArrayList;
import java.util.List;

/**
 * The network gateways of the random models ({@link RandomRoutingModels#meshNetworks}) given by host name, with and
 * without DNS answers ({@link GatewayNames}), and without mTLS port (docs/routing.md §4 "Networks").
 */
public final class RandomNetworkGateways
{
    /** The addresses the DNS answers of {@link #named} give. */
    public static final java.util.Set<String> NAMED_GATEWAY_ADDRESSES = java.util.Set.of("198.51.100.9",
            "198.51.100.10", "198.51.100.11", "2001:db8:1::a");
    /** The address of the HBONE-only gateway of {@link #named}. */
    public static final String HBONE_ONLY_GATEWAY = "198.51.100.12";
    private static final GatewayNames ANSWERS = GatewayNames.NONE.with(java.util.Map.of(
            "gw.net2.example", List.of("198.51.100.10", "198.51.100.9"),
            "GW.net1.example.", List.of("2001:db8:1:0::a", "::ffff:198.51.100.11")));

    private RandomNetworkGateways()
    {
    }

    /**
     * Gateways given by host name and HBONE-only ones (docs/routing.md §4 "Networks"), by bits 4 to 6 of the networks'
     * mix: sometimes a net2 name without DNS answer (no gateway), a net2 name of two answers, or a net1 name in the
     * registry's cluster whose answers are an IPv6 and an IPv4-mapped address (IPv4 once written as Istio's resolver
     * writes it); sometimes a net3 gateway in the registry's cluster without mTLS port, which only a gateway's proxy
     * uses.
     */
    static List<MeshNetworks.Gateway> named(final long mix)
    {
        final List<MeshNetworks.Gateway> out = new ArrayList<>();
        switch ((int)(mix >>> 4 & 3))
        {
            case 1 -> out.addAll(ANSWERS.expand(new MeshNetworks.Gateway("net2", "", "gw.net3.example", 15443)));
            case 2 -> out.addAll(ANSWERS.expand(new MeshNetworks.Gateway("net2", "", "gw.net2.example", 15443)));
            case 3 -> out.addAll(ANSWERS.expand(new MeshNetworks.Gateway("net1", MeshNetworks.CLUSTER_ID,
                    "gw.net1.example", 15443)));
            default ->
            {
            }
        }
        if ((mix >>> 6 & 1) != 0)
        {
            out.add(new MeshNetworks.Gateway("net3", MeshNetworks.CLUSTER_ID, HBONE_ONLY_GATEWAY, 0,
                    MeshNetworks.HBONE_PORT));
        }
        return out;
    }

    /**
     * Sometimes (one model in three with gateways) a Gateway API east-west gateway beside net1's Service gateway at its
     * address and port: another gateway by its service account (Istio's {@code NetworkGateway.ServiceAccount}), so
     * 198.51.100.1:15443 counts twice (docs/routing.md §4 "Networks"). Drawn from a stream of its own, derived from
     * the networks' mix, so the other draws stay as they were.
     */
    static List<MeshNetworks.Gateway> gatewayApiTwin(final long mix)
    {
        final java.util.SplittableRandom dice = new java.util.SplittableRandom(
                dev.wirespeed.fib.l7.RequestHash.mix64(mix ^ 0x6A7E_5A11_C0DE_0002L));
        return dice.nextInt(3) == 0 ? List.of(new MeshNetworks.Gateway("net1", MeshNetworks.CLUSTER_ID,
                "198.51.100.1", 15443, 0, "istio-system/eastwest")) : List.of();
    }
}
