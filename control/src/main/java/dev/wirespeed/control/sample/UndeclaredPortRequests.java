package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.List;

/**
 * Sidecar requests for a registry service on a port it does not declare but another service of the same mesh
 * VirtualService declares as HTTP (docs/routing.md §1 item 2): there the VirtualService has a virtual host, so it
 * serves the first service as a host outside the registry, by its full name only. Chosen from the request id, not
 * the random stream, so the other generated requests stay as they were.
 */
final class UndeclaredPortRequests
{
    private UndeclaredPortRequests()
    {
    }

    /**
     * @param model the model.
     * @param id         the request id.
     * @param gateway    the request's gateway ({@code null}: mesh).
     * @param connection whether the request is a connection or on a gateway's server.
     * @return {authority, port} for about one sidecar HTTP request in eight when the model has such a pair, else
     *         {@code null}.
     */
    static String[] pick(final RoutingModel model, final long id, final String gateway, final boolean connection)
    {
        final long mix = (id + 1) * 0xC2B2AE3D27D4EB4FL >>> 33;
        if (mix % 8 != 0 || connection || gateway != null && !"mesh".equals(gateway))
        {
            return null;
        }
        final List<String[]> pairs = new ArrayList<>();
        for (final VirtualService vs : model.virtualServices())
        {
            if (!vs.gateways().contains("mesh") || vs.http().isEmpty())
            {
                continue;
            }
            for (final String h : vs.hosts())
            {
                final RegistryService named = service(model, h);
                for (final String other : named == null ? List.<String>of() : vs.hosts())
                {
                    final RegistryService claimed = service(model, other);
                    for (final RegistryService.ServicePort p : claimed == null ? List.<RegistryService.ServicePort>of()
                            : claimed.ports())
                    {
                        if (p.isHttp() && !declares(named, p.number()))
                        {
                            pairs.add(new String[] {named.host(), Integer.toString(p.number())});
                        }
                    }
                }
            }
        }
        if (pairs.isEmpty())
        {
            return null;
        }
        final String[] pair = pairs.get((int)(mix / 8 % pairs.size()));
        // sometimes by its short name or with the port in the authority: neither names the service on that port
        final int form = (int)(mix / 64 % 4);
        final String host = form == 0 ? pair[0].substring(0, pair[0].indexOf('.')) : pair[0];
        return new String[] {form == 1 ? host + ":" + pair[1] : host, pair[1]};
    }

    private static RegistryService service(final RoutingModel model, final String host)
    {
        for (final RegistryService s : model.services())
        {
            if (s.host().equals(host))
            {
                return s;
            }
        }
        return null;
    }

    private static boolean declares(final RegistryService s, final int port)
    {
        for (final RegistryService.ServicePort p : s.ports())
        {
            if (p.number() == port)
            {
                return true;
            }
        }
        return false;
    }
}
