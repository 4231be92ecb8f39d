package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.PeerAuthentication;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.SourceRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random PeerAuthentications for a model's services (docs/routing.md §4 "Networks", §5.2): mesh-wide ones in the root
 * namespace, namespace-wide ones and workload ones (selecting a version or zone, sometimes with port-level modes for
 * the services' target ports), with every mode, {@code UNSET} among them, and creation times that tie or not. Drawn
 * from a stream of their own, seeded from the services, so the rest of a model stays as it was.
 */
final class RandomPeerAuthentications
{
    private static final PeerAuthentication.Mode[] MODES = {PeerAuthentication.Mode.DISABLE,
        PeerAuthentication.Mode.DISABLE, PeerAuthentication.Mode.UNSET, PeerAuthentication.Mode.PERMISSIVE,
        PeerAuthentication.Mode.STRICT};
    private static final String[] CREATED = {"", "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z"};

    private final SplittableRandom rnd;
    private final List<RegistryService> services;

    private RandomPeerAuthentications(final SplittableRandom rnd, final List<RegistryService> services)
    {
        this.rnd = rnd;
        this.services = services;
    }

    /**
     * @param services      the model's services.
     * @param rootNamespace the mesh config's root namespace.
     * @return none (about a third of models), or one to four policies.
     */
    static List<PeerAuthentication> draw(final List<RegistryService> services, final String rootNamespace)
    {
        long seed = services.size() * 977L + 5;
        for (final RegistryService s : services)
        {
            seed = seed * 31 + s.host().hashCode() + s.endpoints().size() * 17L;
        }
        final RandomPeerAuthentications dice = new RandomPeerAuthentications(
                new SplittableRandom(dev.wirespeed.fib.l7.RequestHash.mix64(seed)), services);
        final List<PeerAuthentication> out = new ArrayList<>();
        if (services.isEmpty() || dice.rnd.nextInt(3) == 0)
        {
            return out;
        }
        final int n = 1 + dice.rnd.nextInt(4);
        for (int i = 0; i < n; i++)
        {
            out.add(dice.policy(i, rootNamespace));
        }
        return out;
    }

    private PeerAuthentication policy(final int i, final String rootNamespace)
    {
        final RegistryService svc = services.get(rnd.nextInt(services.size()));
        final int scope = rnd.nextInt(5); // 0: mesh-wide, 1: namespace-wide, else a workload's
        final String ns = scope == 0 ? rootNamespace : scope == 4 && rnd.nextInt(2) == 0 ? rootNamespace
                : svc.namespace();
        final Map<String, String> selector = new LinkedHashMap<>();
        final Map<Integer, PeerAuthentication.Mode> ports = new LinkedHashMap<>();
        if (scope >= 2)
        {
            if (rnd.nextInt(3) == 0)
            {
                selector.put("zone", rnd.nextInt(2) == 0 ? "a" : "b");
            }
            else
            {
                selector.put("version", RandomRoutingModels.VERSIONS[rnd.nextInt(3)]);
            }
            if (rnd.nextInt(2) == 0)
            {
                final int k = 1 + rnd.nextInt(2);
                for (int p = 0; p < k; p++)
                {
                    ports.put(targetPort(svc), MODES[rnd.nextInt(MODES.length)]);
                }
            }
        }
        return new PeerAuthentication(ns, "pa" + i, Map.copyOf(selector), MODES[rnd.nextInt(MODES.length)],
                Map.copyOf(ports), CREATED[rnd.nextInt(CREATED.length)], SourceRef.NONE);
    }

    /** A port an endpoint of the service listens on: a target port, or the {@code http} override 18080. */
    private int targetPort(final RegistryService svc)
    {
        if (svc.ports().isEmpty() || rnd.nextInt(5) == 0)
        {
            return 18080;
        }
        return svc.ports().get(rnd.nextInt(svc.ports().size())).targetPort();
    }
}
