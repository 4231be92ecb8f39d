package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delegate VirtualServices as Istio merges them into their root ({@code pilot/pkg/model/virtualservice.go}):
 * which delegate a root route names, whether a root match and a delegate match conflict (then that pair is
 * dropped, and a delegate route with a match that fits no root match is dropped whole), and what a merged
 * route inherits from its root. The reference interpreter evaluates a pair as both matches holding; the
 * compiler merges each pair into one match block; both use the rules here.
 */
public final class Delegates
{
    private Delegates()
    {
    }

    /**
     * @param model the model.
     * @param root  the root VirtualService.
     * @param route one of its routes with a delegate.
     * @return the delegate VirtualService (one without hosts, exported to the root's namespace), or
     *         {@code null} when there is none: Istio then drops the root route.
     */
    public static VirtualService find(final RoutingModel model, final VirtualService root, final HttpRoute route)
    {
        final HttpRoute.Delegate ref = route.delegate();
        for (final VirtualService vs : model.virtualServices())
        {
            if (vs.hosts().isEmpty() && vs.name().equals(ref.name()) && vs.namespace().equals(ref.namespace()))
            {
                return vs.visibleTo(root.namespace()) ? vs : null;
            }
        }
        return null;
    }

    /**
     * Istio's {@code mergeHTTPMatchRequests} acceptance: a delegate route survives when it or the root has
     * no match, or when every one of its matches fits at least one root match.
     *
     * @param root     the root route's matches.
     * @param delegate the delegate route's matches.
     * @return whether the merged route exists.
     */
    public static boolean routeSurvives(final List<HttpMatch> root, final List<HttpMatch> delegate)
    {
        if (root.isEmpty() || delegate.isEmpty())
        {
            return true;
        }
        for (final HttpMatch leaf : delegate)
        {
            boolean fits = false;
            for (final HttpMatch r : root)
            {
                fits |= !conflict(r, leaf);
            }
            if (!fits)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Istio's {@code hasConflict}.
     *
     * @param root a root match.
     * @param leaf a delegate match.
     * @return whether the pair cannot be merged.
     */
    public static boolean conflict(final HttpMatch root, final HttpMatch leaf)
    {
        if (conflict(root.uri(), leaf.uri()) || conflict(root.scheme(), leaf.scheme())
                || conflict(root.method(), leaf.method()) || conflict(root.authority(), leaf.authority()))
        {
            return true;
        }
        if (mapConflict(root.headers(), leaf.headers()) || mapConflict(root.withoutHeaders(), leaf.withoutHeaders())
                || mapConflict(root.queryParams(), leaf.queryParams()))
        {
            return true;
        }
        if (root.ignoreUriCase() != leaf.ignoreUriCase())
        {
            return true;
        }
        if (root.port() > 0 && leaf.port() > 0 && root.port() != leaf.port())
        {
            return true;
        }
        if (root.sourceNamespace() != null && !root.sourceNamespace().isEmpty()
                && !root.sourceNamespace().equals(leaf.sourceNamespace()))
        {
            return true;
        }
        for (final Map.Entry<String, String> e : leaf.sourceLabels().entrySet())
        {
            final String v = root.sourceLabels().get(e.getKey());
            if (v != null && !v.equals(e.getValue()))
            {
                return true;
            }
        }
        if (!root.gateways().isEmpty() && !leaf.gateways().isEmpty())
        {
            final Set<String> rootGateways = new HashSet<>(root.gateways());
            return root.gateways().size() < leaf.gateways().size() || !rootGateways.containsAll(leaf.gateways());
        }
        return false;
    }

    private static boolean mapConflict(final Map<String, StringMatch> root, final Map<String, StringMatch> leaf)
    {
        for (final Map.Entry<String, StringMatch> e : leaf.entrySet())
        {
            if (conflict(root.get(e.getKey()), e.getValue()))
            {
                return true;
            }
        }
        return false;
    }

    /** Istio's {@code stringMatchConflict}; like Istio, an empty exact/prefix/regex counts as not written. */
    private static boolean conflict(final StringMatch root, final StringMatch leaf)
    {
        if (root == null || leaf == null)
        {
            return false;
        }
        final String rootExact = value(root, StringMatch.Kind.EXACT);
        final String rootPrefix = value(root, StringMatch.Kind.PREFIX);
        final String rootRegex = value(root, StringMatch.Kind.REGEX);
        final String leafExact = value(leaf, StringMatch.Kind.EXACT);
        final String leafPrefix = value(leaf, StringMatch.Kind.PREFIX);
        final String leafRegex = value(leaf, StringMatch.Kind.REGEX);
        if (!rootRegex.isEmpty() && (!leafRegex.isEmpty() || !leafPrefix.isEmpty() || !leafExact.isEmpty()))
        {
            return true;
        }
        if (!leafRegex.isEmpty() && (!rootRegex.isEmpty() || !rootPrefix.isEmpty() || !rootExact.isEmpty()))
        {
            return true;
        }
        if (!rootExact.isEmpty())
        {
            return !leafPrefix.isEmpty() || !leafExact.equals(rootExact);
        }
        if (!rootPrefix.isEmpty())
        {
            if (!leafPrefix.isEmpty())
            {
                return !leafPrefix.startsWith(rootPrefix);
            }
            if (!leafExact.isEmpty())
            {
                return !leafExact.startsWith(rootPrefix);
            }
        }
        return true;
    }

    private static String value(final StringMatch m, final StringMatch.Kind kind)
    {
        return m.kind() == kind ? m.value() : "";
    }

    /**
     * Istio's {@code mergeHTTPRoute} without the matches: the delegate route keeps what it sets and takes
     * from the root what it does not ({@code directResponse}, {@code rewrite}, {@code fault}, mirrors,
     * {@code headers}, {@code corsPolicy}); names join as {@code root-delegate}.
     *
     * @param root     the root route.
     * @param delegate a delegate route.
     * @param matches  the merged matches to give it.
     * @return the merged route.
     */
    public static HttpRoute inherit(final HttpRoute root, final HttpRoute delegate, final List<HttpMatch> matches)
    {
        final String name;
        if (delegate.name() == null || delegate.name().isEmpty())
        {
            name = root.name();
        }
        else
        {
            name = root.name() == null || root.name().isEmpty() ? delegate.name() : root.name() + "-" + delegate.name();
        }
        return new HttpRoute(name, matches, delegate.route(), delegate.redirect(),
                delegate.directResponse() != null ? delegate.directResponse() : root.directResponse(),
                delegate.rewrite() != null ? delegate.rewrite() : root.rewrite(),
                delegate.fault() != null ? delegate.fault() : root.fault(),
                delegate.mirrors().isEmpty() ? root.mirrors() : delegate.mirrors(),
                delegate.headers() == null || delegate.headers().isEmpty() ? root.headers() : delegate.headers(),
                delegate.source(), null, delegate.cors() != null ? delegate.cors() : root.cors());
    }
}
