package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.SourceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Edits of a random model for the client-listener tests, from their own random stream: services whose listeners mix
 * kinds on one port (a TCP or sniffed service with an address, or one without address, on a port others declare as
 * HTTP, sniffed or TCP, also as MONGO or MYSQL; a headless one with endpoints) and Sidecar egress listeners with
 * protocol {@code HTTP_PROXY} (docs/routing.md §1 item 8).
 */
final class MixedListenerModels
{
    private static final String[] NAMESPACES = {"default", "ns1", "ns2", "istio-system"};
    private static final int[] PORTS = {80, 8000, 9080, 3306, 3128};
    private static final String[] PROTOCOLS = {"HTTP", "TCP", RegistryService.ServicePort.AUTO, "TLS", "GRPC", "MONGO",
        "MYSQL"};

    private MixedListenerModels()
    {
    }

    static RoutingModel edit(final RoutingModel model, final SplittableRandom rnd)
    {
        final List<RegistryService> services = new ArrayList<>(model.services());
        final int extra = rnd.nextInt(4);
        for (int i = 0; i < extra; i++)
        {
            services.add(service(rnd, i));
        }
        final List<SidecarSpec> sidecars = new ArrayList<>();
        for (final SidecarSpec s : model.sidecars())
        {
            sidecars.add(rnd.nextInt(3) == 0 ? withHttpProxy(s, rnd) : s);
        }
        return new RoutingModel(model.virtualServices(), model.destinationRules(), services, model.gateways(),
            model.routeTables(), model.mesh(), sidecars, model.peerAuthentications());
    }

    private static RegistryService service(final SplittableRandom rnd, final int i)
    {
        final String ns = NAMESPACES[rnd.nextInt(NAMESPACES.length)];
        final int port = PORTS[rnd.nextInt(PORTS.length)];
        final String protocol = PROTOCOLS[rnd.nextInt(PROTOCOLS.length)];
        final int where = rnd.nextInt(4);
        // an address of its own, none (the wildcard listener), or headless with endpoints (per-endpoint listeners)
        final List<String> addresses = where == 0 ? List.of("10.9." + i + ".1") : where == 1
            ? List.of("fd00:9::" + (i + 1)) : List.of();
        final boolean headless = where == 3;
        final List<RegistryService.Endpoint> endpoints = new ArrayList<>();
        final int n = 1 + rnd.nextInt(2);
        for (int k = 0; k < n; k++)
        {
            endpoints.add(new RegistryService.Endpoint("10.8." + i + "." + (k + 1), Map.of("app", "mixed" + i),
                Map.of(), true, "mixed" + i + "-" + k));
        }
        return new RegistryService("mixed" + i + "." + ns + ".svc.cluster.local", ns, addresses,
            List.of(new RegistryService.ServicePort("p" + port, port, port, protocol)), endpoints, SourceRef.NONE,
            List.of("*"), false, headless);
    }

    private static SidecarSpec withHttpProxy(final SidecarSpec s, final SplittableRandom rnd)
    {
        final List<SidecarSpec.EgressListener> egress = new ArrayList<>();
        final int port = PORTS[rnd.nextInt(PORTS.length)];
        final List<String> hosts = rnd.nextBoolean() ? List.of("*/*") : List.of(s.namespace() + "/*");
        egress.add(new SidecarSpec.EgressListener(port, hosts, "HTTP_PROXY"));
        for (final SidecarSpec.EgressListener l : s.egress())
        {
            if (l.port() != port)
            {
                egress.add(l);
            }
        }
        if (rnd.nextBoolean() && egress.stream().noneMatch(l -> l.port() == 0))
        {
            egress.add(new SidecarSpec.EgressListener(0, List.of("*/*")));
        }
        return new SidecarSpec(s.namespace(), s.name(), s.workloadSelector(), egress, s.outbound(), s.source());
    }
}
