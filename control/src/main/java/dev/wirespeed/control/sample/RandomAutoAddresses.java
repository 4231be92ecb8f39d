package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.l7.RequestHash;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Auto-allocated ServiceEntry addresses and DNS capture in random models (docs/routing.md §4 "Clusters"): in about
 * half the models, ServiceEntry hosts without addresses (not {@code NONE}) get an IPv4 and an IPv6 address (now and
 * then one family only), the mesh default and each client's proxy sometimes turn DNS capture on, and requests now and
 * then name such an address as authority or destination. Drawn from a stream of its own (seeded from the services),
 * so the other draws of a model stay as they were.
 */
final class RandomAutoAddresses
{
    private RandomAutoAddresses()
    {
    }

    /**
     * @param proxies  the clients' proxies as drawn.
     * @param services the registry.
     * @param seed     the model's mesh draw (from the services).
     * @return them with auto-allocated addresses and DNS capture, or as they were.
     */
    static ClientProxies draw(final ClientProxies proxies, final List<RegistryService> services, final long seed)
    {
        final SplittableRandom r = new SplittableRandom(RequestHash.mix64(seed * 0x9E3779B97F4A7C15L + 0xA070));
        if (r.nextInt(2) == 0)
        {
            return proxies;
        }
        final Map<String, List<String>> hosts = new LinkedHashMap<>();
        int k = 1;
        for (final RegistryService s : services)
        {
            if (s.host().endsWith(".svc.cluster.local") || !s.addresses().isEmpty() || s.passthrough()
                    || hosts.containsKey(s.host()) || r.nextInt(3) == 0)
            {
                continue;
            }
            final int families = r.nextInt(6); // 0: IPv4 only, 1: IPv6 only, else both
            hosts.put(s.host(), List.of(families == 1 ? "" : "240.240.0." + k, families == 0 ? "" : "2001:2::" + k));
            k++;
        }
        final List<ClientProxies.Proxy> out = new ArrayList<>();
        for (final ClientProxies.Proxy p : proxies.proxies())
        {
            final ClientProxies.View v = p.view();
            out.add(new ClientProxies.Proxy(p.namespace(), p.name(), p.addresses(), new ClientProxies.View(
                    v.networks(), v.ipMode(), v.router(), r.nextInt(3) != 0)));
        }
        return new ClientProxies(proxies.defaultView(), List.copyOf(out), proxies.placed(), proxies.remote(),
                proxies.clusterLocal(), proxies.clusterAddresses(), new ClientProxies.AutoAddresses(Map.copyOf(hosts),
                r.nextInt(3) == 0));
    }

    /**
     * @return {@link RandomClusterAddresses#swap}, then {@link #swap}.
     */
    static String swapBoth(final RoutingModel model, final long id, final int salt, final String text)
    {
        return swap(model, id, salt, RandomClusterAddresses.swap(model, id, salt, text));
    }

    /**
     * @param model a model.
     * @param id    the request's id.
     * @param salt  tells the authority's draw from the destination's.
     * @param text  an authority or destination as drawn ({@code null}: none).
     * @return it, or now and then an auto-allocated address in its place (its port kept).
     */
    static String swap(final RoutingModel model, final long id, final int salt, final String text)
    {
        final Map<String, List<String>> hosts = model.mesh().networks().proxies().autoAddresses().hosts();
        final long mix = RequestHash.mix64(id * 7753 + salt);
        if (hosts.isEmpty() || mix % 3 != 0 || text == null)
        {
            return text;
        }
        final List<String> all = new ArrayList<>();
        for (final List<String> pair : hosts.values())
        {
            pair.stream().filter(a -> !a.isEmpty()).forEach(all::add);
        }
        all.sort(null);
        final String to = all.get((int)Math.floorMod(mix >>> 8, (long)all.size()));
        final int colon = text.indexOf(':');
        final String rest = text.startsWith("[") && text.indexOf(']') > 0 ? text.substring(text.indexOf(']') + 1)
                : colon > 0 && colon == text.lastIndexOf(':') ? text.substring(colon) : "";
        return rest.isEmpty() ? to : to.indexOf(':') >= 0 ? "[" + to + "]" + rest : to + rest;
    }
}
