package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes what a sidecar request for a host outside the registry reads of a candidate flagged {@code HC_OUTSIDE}
 * (L7Layout's {@code OUTSIDE} keys, docs/routing.md §1 item 5). Istio builds a sidecar's virtual hosts per
 * listener port from each VirtualService's hosts ({@code BuildSidecarVirtualHostWrapper}): a host that is no
 * service of that port becomes a domain only on the HTTP ports of the services the VirtualService claims (or port
 * 80), and a wildcard host that covers a service of the port becomes none. Which services a client sees and which
 * port it uses are known at lookup only, so the facts are written here and decided there.
 */
final class OutsideHostRecords
{
    private OutsideHostRecords()
    {
    }

    /**
     * @param ctx       the compile context.
     * @param hostStage the HOST_STAGE writer, with the candidate lists written.
     * @param listRefs  the candidate list of each host-stage key.
     */
    static void write(final CompileContext ctx, final IndexedTableWriter hostStage, final Map<Long, Integer> listRefs)
    {
        final List<VirtualService> all = ctx.model.virtualServices();
        final List<RegistryService> services = ctx.model.services();
        final int meshId = ctx.s("mesh");
        for (int v = 0; v < all.size(); v++)
        {
            final VirtualService vs = all.get(v);
            if (vs.http().isEmpty() || !vs.gateways().contains("mesh"))
            {
                continue;
            }
            final List<int[]> claims = new ArrayList<>();
            for (int i = 0; i < services.size(); i++)
            {
                final RegistryService s = services.get(i);
                final boolean exact = vs.hosts().contains(s.host());
                if (hasHttpPort(s) && (exact || coveredByWildcard(vs, s.host())))
                {
                    claims.add(new int[] {i, exact ? 1 : 0});
                }
            }
            if (!claims.isEmpty())
            {
                final int rec = hostStage.addInt(claims.size());
                for (final int[] c : claims)
                {
                    hostStage.addInt(c[0]);
                    hostStage.addInt(c[1]);
                }
                hostStage.put(hostKey(KEY_OUTSIDE, OUT_CLAIMS, v), rec);
            }
            for (final String h : vs.hosts())
            {
                if (h.startsWith("*"))
                {
                    writeCovered(ctx, hostStage, h, services);
                }
            }
        }
        for (int i = 0; i < services.size(); i++)
        {
            writeIndex(hostStage, i, services.get(i).host(), all, meshId, ctx, listRefs);
        }
    }

    /** The services a wildcard host covers (once per host). */
    private static void writeCovered(final CompileContext ctx, final IndexedTableWriter hostStage, final String h,
            final List<RegistryService> services)
    {
        final long key = h.equals("*") ? hostKey(KEY_OUTSIDE, OUT_ANY, 0)
                : hostKey(KEY_OUTSIDE, OUT_WILDCARD, ctx.s(h.substring(1)));
        if (hostStage.get(key) >= 0)
        {
            return;
        }
        final List<Integer> covered = new ArrayList<>();
        for (int i = 0; i < services.size(); i++)
        {
            if (covers(h, services.get(i).host()))
            {
                covered.add(i);
            }
        }
        if (covered.isEmpty())
        {
            return;
        }
        final int rec = hostStage.addInt(covered.size());
        for (final int i : covered)
        {
            hostStage.addInt(i);
        }
        hostStage.put(key, rec);
    }

    /** The mesh candidate lists whose key covers a service's host, most specific first. */
    private static void writeIndex(final IndexedTableWriter hostStage, final int svc, final String host,
            final List<VirtualService> all, final int meshId, final CompileContext ctx,
            final Map<Long, Integer> listRefs)
    {
        final TreeMap<Integer, Long> keys = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (final VirtualService vs : all)
        {
            if (!vs.gateways().contains("mesh"))
            {
                continue;
            }
            for (final String h : vs.hosts())
            {
                if (h.equals(host))
                {
                    keys.put(Integer.MAX_VALUE, hostKey(KEY_HOST_EXACT, meshId, ctx.s(h)));
                }
                else if (h.equals("*"))
                {
                    keys.put(-1, hostKey(KEY_HOST_ANY, meshId, 0));
                }
                else if (covers(h, host))
                {
                    keys.put(h.length(), hostKey(KEY_HOST_WILDCARD, meshId, ctx.s(h.substring(1))));
                }
            }
        }
        if (keys.isEmpty())
        {
            return;
        }
        final int rec = hostStage.addInt(keys.size());
        for (final long key : keys.values())
        {
            hostStage.addInt(listRefs.get(key));
        }
        hostStage.put(hostKey(KEY_OUTSIDE, OUT_INDEX, svc), rec);
    }

    private static boolean hasHttpPort(final RegistryService s)
    {
        for (final RegistryService.ServicePort p : s.ports())
        {
            if (p.isHttpOrSniffed())
            {
                return true;
            }
        }
        return false;
    }

    private static boolean coveredByWildcard(final VirtualService vs, final String host)
    {
        for (final String h : vs.hosts())
        {
            if (h.startsWith("*") && covers(h, host))
            {
                return true;
            }
        }
        return false;
    }

    /** Whether a VirtualService host covers a host: the same, {@code *}, or a wildcard suffix with a label before. */
    static boolean covers(final String vsHost, final String host)
    {
        return vsHost.equals(host) || vsHost.equals("*")
                || vsHost.startsWith("*.") && host.endsWith(vsHost.substring(1)) && host.length() > vsHost.length() - 1;
    }
}
