package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;

import java.util.ArrayList;
import java.util.List;

/** Small rewrites of generated model parts. */
final class ModelEdits
{
    private ModelEdits()
    {
    }

    /**
     * @param h    a route.
     * @param port a listener port.
     * @return the route with every match block restricted to that port (a route without blocks gets one).
     */
    static HttpRoute onPort(final HttpRoute h, final int port)
    {
        final List<HttpMatch> blocks = new ArrayList<>();
        for (final HttpMatch m : h.matches().isEmpty() ? List.of(HttpMatch.ANY) : h.matches())
        {
            blocks.add(new HttpMatch(m.name(), m.uri(), m.scheme(), m.method(), m.authority(), m.headers(),
                    m.withoutHeaders(), m.queryParams(), m.ignoreUriCase(), port, m.sourceLabels(),
                    m.sourceNamespace(), m.gateways()));
        }
        return new HttpRoute(h.name(), List.copyOf(blocks), h.route(), h.redirect(), h.directResponse(), h.rewrite(),
                h.fault(), h.mirrors(), h.headers(), h.source(), h.delegate());
    }
}
