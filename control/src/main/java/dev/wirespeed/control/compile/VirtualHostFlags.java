package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.VirtualService;
import java.util.List;

import static dev.wirespeed.fib.l7.L7Layout.HC_EXPORT_ALL;
import static dev.wirespeed.fib.l7.L7Layout.HC_HTTP;
import static dev.wirespeed.fib.l7.L7Layout.HC_HTTP_PROXY;
import static dev.wirespeed.fib.l7.L7Layout.HC_OUTSIDE;

/**
 * What a VirtualService's record says about its HTTP routes, for the host stage: the record's {@code VS_HTTP}
 * kind and the flags a host candidate list repeats beside each VirtualService.
 */
final class VirtualHostFlags
{
    private VirtualHostFlags()
    {
    }

    /**
     * @param all the VirtualServices.
     * @return {@link #candidateFlags(VirtualService)} of each, by index.
     */
    static int[] candidateFlags(final List<VirtualService> all)
    {
        final int[] flags = new int[all.size()];
        for (int v = 0; v < flags.length; v++)
        {
            flags[v] = candidateFlags(all.get(v));
        }
        return flags;
    }

    /** The flags a host candidate list repeats from a VirtualService's record (L7Layout's HC_*). */
    static int candidateFlags(final VirtualService vs)
    {
        int flags = vs.exportTo().contains("*") ? HC_EXPORT_ALL : 0;
        if (!vs.http().isEmpty())
        {
            flags |= HC_HTTP;
            if (!buildsHttpForEveryProxy(vs))
            {
                flags |= HC_HTTP_PROXY;
            }
            if (vs.gateways().contains("mesh"))
            {
                flags |= HC_OUTSIDE; // a sidecar serves its hosts outside the registry on some ports only
            }
        }
        return flags;
    }

    /** Whether a block of the VirtualService has no port, source or gateway condition (VS_HTTP_ALWAYS). */
    static boolean buildsHttpForEveryProxy(final VirtualService vs)
    {
        for (final HttpRoute route : vs.http())
        {
            for (final HttpMatch m : route.matches().isEmpty() ? List.of(HttpMatch.ANY) : route.matches())
            {
                if (m.port() == 0 && m.sourceNamespace() == null && m.sourceLabels().isEmpty()
                        && m.gateways().isEmpty())
                {
                    return true;
                }
            }
        }
        return false;
    }
}
