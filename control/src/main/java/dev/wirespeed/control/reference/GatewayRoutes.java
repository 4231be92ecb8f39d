package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.StringMatch;

import java.util.Map;

/**
 * How Istio builds a gateway's merged virtual host (docs/routing.md §1 item 5): which match blocks it
 * builds for a proxy, and which of them are catch-alls it moves behind the others ({@code SortVHostRoutes}).
 */
final class GatewayRoutes
{
    private GatewayRoutes()
    {
    }

    /** The conditions Istio decides while building a proxy's routes, not per request. */
    static boolean proxyConditionsHold(final HttpMatch m, final RequestFacts r)
    {
        if (m.port() != 0 && m.port() != r.port())
        {
            return false;
        }
        for (final Map.Entry<String, String> e : m.sourceLabels().entrySet())
        {
            if (!e.getValue().equals(r.sourceLabels().get(e.getKey())))
            {
                return false;
            }
        }
        if (m.sourceNamespace() != null && !m.sourceNamespace().equals(r.sourceNamespace()))
        {
            return false;
        }
        return m.gateways().isEmpty() || m.gateways().contains(r.gateway());
    }

    /**
     * Istio's {@code IsCatchAllRoute} of a block (or of a root and delegate block merged): path "/" (or none)
     * or regex ".*", no header or query matcher.
     */
    static boolean isCatchAll(final HttpMatch root, final HttpMatch leaf)
    {
        if (leaf != null)
        {
            return isCatchAll(root) && isCatchAll(leaf) || leaf.uri() != null && isCatchAll(leaf) && noMatchers(root);
        }
        return isCatchAll(root);
    }

    static boolean noMatchers(final HttpMatch m)
    {
        return m.headers().isEmpty() && m.withoutHeaders().isEmpty() && m.queryParams().isEmpty()
                && m.method() == null && m.authority() == null && m.scheme() == null;
    }

    static boolean isCatchAll(final HttpMatch m)
    {
        final StringMatch uri = m.uri();
        final boolean anyPath = uri == null
                || uri.kind() == StringMatch.Kind.PREFIX && "/".equals(uri.value())
                || uri.kind() == StringMatch.Kind.REGEX && ".*".equals(uri.value());
        return anyPath && m.headers().isEmpty() && m.withoutHeaders().isEmpty() && m.queryParams().isEmpty()
                && m.method() == null && m.authority() == null && m.scheme() == null;
    }
}
