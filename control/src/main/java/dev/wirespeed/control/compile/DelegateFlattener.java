package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.Delegates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces every delegating root route by its delegate's routes merged into it, as Istio does before it
 * translates routes ({@code mergeVirtualServices}): each merged route's match blocks are the non-conflicting
 * (delegate match, root match) pairs, each merged into one block (Istio's {@code mergeHTTPMatchRequest}: the
 * delegate's conditions over the root's). The classifier then compiles ordinary routes.
 */
final class DelegateFlattener
{
    private DelegateFlattener()
    {
    }

    /**
     * @param model a model.
     * @return the same model when nothing delegates, else one whose root VirtualServices hold merged routes.
     */
    static RoutingModel flatten(final RoutingModel model)
    {
        boolean any = false;
        final List<VirtualService> out = new ArrayList<>();
        for (final VirtualService vs : model.virtualServices())
        {
            final List<HttpRoute> http = new ArrayList<>();
            boolean changed = false;
            for (final HttpRoute route : vs.http())
            {
                if (route.delegate() == null)
                {
                    http.add(route);
                    continue;
                }
                changed = true;
                final VirtualService delegate = Delegates.find(model, vs, route);
                if (delegate == null)
                {
                    continue;
                }
                for (final HttpRoute leaf : delegate.http())
                {
                    if (leaf.delegate() != null || !Delegates.routeSurvives(route.matches(), leaf.matches()))
                    {
                        continue;
                    }
                    http.add(Delegates.inherit(route, leaf, mergeMatches(route.matches(), leaf.matches())));
                }
            }
            any |= changed;
            out.add(changed ? new VirtualService(vs.namespace(), vs.name(), vs.hosts(), vs.gateways(), vs.exportTo(),
                    List.copyOf(http), vs.tcp(), vs.tls(), vs.source()) : vs);
        }
        return any ? new RoutingModel(List.copyOf(out), model.destinationRules(), model.services(), model.gateways(),
                model.routeTables(), model.mesh(), model.sidecars(), model.peerAuthentications(), model.authorization(),
                model.requestAuthn())
                : model;
    }

    private static List<HttpMatch> mergeMatches(final List<HttpMatch> root, final List<HttpMatch> delegate)
    {
        if (root.isEmpty())
        {
            return delegate;
        }
        if (delegate.isEmpty())
        {
            return root;
        }
        final List<HttpMatch> out = new ArrayList<>();
        for (final HttpMatch leaf : delegate)
        {
            for (final HttpMatch r : root)
            {
                if (!Delegates.conflict(r, leaf))
                {
                    out.add(merge(r, leaf));
                }
            }
        }
        return out;
    }

    private static HttpMatch merge(final HttpMatch root, final HttpMatch leaf)
    {
        return new HttpMatch(leaf.name() != null ? leaf.name() : root.name(), or(leaf.uri(), root.uri()),
                or(leaf.scheme(), root.scheme()), or(leaf.method(), root.method()),
                or(leaf.authority(), root.authority()), union(root.headers(), leaf.headers()),
                union(root.withoutHeaders(), leaf.withoutHeaders()), union(root.queryParams(), leaf.queryParams()),
                leaf.ignoreUriCase(), leaf.port() != 0 ? leaf.port() : root.port(),
                union(root.sourceLabels(), leaf.sourceLabels()),
                leaf.sourceNamespace() != null ? leaf.sourceNamespace() : root.sourceNamespace(),
                leaf.gateways().isEmpty() ? root.gateways() : leaf.gateways());
    }

    private static StringMatch or(final StringMatch a, final StringMatch b)
    {
        return a != null ? a : b;
    }

    private static <V> Map<String, V> union(final Map<String, V> root, final Map<String, V> leaf)
    {
        final Map<String, V> m = new LinkedHashMap<>(root);
        m.putAll(leaf);
        return m;
    }
}
