package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * One {@code HTTPRoute} of a VirtualService: its match blocks (OR-ed; empty = matches everything) and
 * its action. Exactly one of {@code route}, {@code redirect}, {@code directResponse} is set (the loader
 * rejects anything else); {@code rewrite}, {@code fault}, {@code mirrors} and {@code headers} only go
 * with {@code route} (fault also with the others, where Istio allows it).
 *
 * @param name           the route's name, or {@code null}.
 * @param matches        match blocks in order.
 * @param route          weighted destinations, empty when the action is a redirect or direct response.
 * @param redirect       the redirect, or {@code null}.
 * @param directResponse the direct response, or {@code null}.
 * @param rewrite        the rewrite, or {@code null}.
 * @param fault          fault injection, or {@code null}.
 * @param mirrors        mirror destinations ({@code mirror} + {@code mirrorPercentage}, and {@code mirrors}).
 * @param headers        request header operations, or {@link HeaderOperations#NONE}.
 * @param source         where {@code spec.http[i]} was written.
 * @param delegate       the delegate VirtualService this root route hands its requests to, or {@code null}
 *                       (then {@code route}, {@code redirect} and {@code directResponse} are not set, or the
 *                       delegate's routes inherit {@code directResponse}, {@code rewrite}, {@code fault},
 *                       {@code mirrors}, {@code headers}, {@code cors} from it).
 * @param cors           the route's {@code corsPolicy} (or a Gateway API CORS filter), or {@code null}.
 */
public record HttpRoute(
        String name,
        List<HttpMatch> matches,
        List<RouteDestination> route,
        Redirect redirect,
        DirectResponse directResponse,
        Rewrite rewrite,
        Fault fault,
        List<Mirror> mirrors,
        HeaderOperations headers,
        SourceRef source,
        Delegate delegate,
        Cors cors)
{
    /**
     * A route that is not a delegating root route.
     *
     * @param name           the route's name, or {@code null}.
     * @param matches        match blocks in order.
     * @param route          weighted destinations.
     * @param redirect       the redirect, or {@code null}.
     * @param directResponse the direct response, or {@code null}.
     * @param rewrite        the rewrite, or {@code null}.
     * @param fault          fault injection, or {@code null}.
     * @param mirrors        mirror destinations.
     * @param headers        request header operations.
     * @param source         where it was written.
     */
    public HttpRoute(
            final String name,
            final List<HttpMatch> matches,
            final List<RouteDestination> route,
            final Redirect redirect,
            final DirectResponse directResponse,
            final Rewrite rewrite,
            final Fault fault,
            final List<Mirror> mirrors,
            final HeaderOperations headers,
            final SourceRef source)
    {
        this(name, matches, route, redirect, directResponse, rewrite, fault, mirrors, headers, source, null, null);
    }

    /**
     * A route without a CORS policy.
     *
     * @param name           the route's name, or {@code null}.
     * @param matches        match blocks in order.
     * @param route          weighted destinations.
     * @param redirect       the redirect, or {@code null}.
     * @param directResponse the direct response, or {@code null}.
     * @param rewrite        the rewrite, or {@code null}.
     * @param fault          fault injection, or {@code null}.
     * @param mirrors        mirror destinations.
     * @param headers        request header operations.
     * @param source         where it was written.
     * @param delegate       the delegate, or {@code null}.
     */
    public HttpRoute(
            final String name,
            final List<HttpMatch> matches,
            final List<RouteDestination> route,
            final Redirect redirect,
            final DirectResponse directResponse,
            final Rewrite rewrite,
            final Fault fault,
            final List<Mirror> mirrors,
            final HeaderOperations headers,
            final SourceRef source,
            final Delegate delegate)
    {
        this(name, matches, route, redirect, directResponse, rewrite, fault, mirrors, headers, source, delegate, null);
    }

    /**
     * @param cors a CORS policy, or {@code null}.
     * @return this route with that policy.
     */
    public HttpRoute withCors(final Cors cors)
    {
        return new HttpRoute(name, matches, route, redirect, directResponse, rewrite, fault, mirrors, headers, source,
                delegate, cors);
    }

    /**
     * What of a {@code corsPolicy} decides a request: Envoy's CORS filter (after the fault filter, before the
     * router) answers a preflight itself with 200 when the origin is allowed, or whatever the origin when
     * {@code forwardUnmatched} is false (docs/routing.md §3). The response headers it adds (allowed methods,
     * headers, max age, credentials) are not part of a decision.
     *
     * @param allowOrigins     the allowed origins as Envoy's string matchers (Istio: {@code allowOrigins}, else the
     *                         deprecated {@code allowOrigin} as exact matches); empty allows no origin.
     * @param forwardUnmatched {@code unmatchedPreflights: FORWARD} (Istio's default): a preflight whose origin is
     *                         not allowed is routed like any request; {@code IGNORE} (the Gateway API's CORS
     *                         filter): Envoy answers it too, without CORS headers.
     */
    public record Cors(List<StringMatch> allowOrigins, boolean forwardUnmatched)
    {
    }

    /**
     * {@code http[].delegate}: the VirtualService (one without hosts) whose routes replace this one.
     *
     * @param name      its name.
     * @param namespace its namespace (the root's when not written).
     */
    public record Delegate(String name, String namespace)
    {
    }

    /**
     * {@code HTTPRewrite}.
     *
     * @param uri             replaces the matched uri prefix (for a prefix match) or the whole path
     *                        (otherwise); {@code null} if absent. On a redirect route whose
     *                        {@code redirect.uri} is absent it gives the redirect's path the same way (the
     *                        Gateway API's RequestRedirect ReplacePrefixMatch; Istio VirtualServices never
     *                        set both).
     * @param authority       replaces the authority; {@code null} if absent.
     * @param uriRegexRewrite RE2 regex and rewrite (with {@code \1} groups) applied to the path
     *                        without query; {@code null} if absent.
     */
    public record Rewrite(String uri, String authority, RegexRewrite uriRegexRewrite)
    {
    }

    /**
     * {@code RegexRewrite}.
     *
     * @param match   RE2 regex, applied to every non-overlapping match in the path (Envoy's
     *                {@code regex_rewrite} substitutes all matches).
     * @param rewrite substitution; {@code \1}..{@code \9} refer to capture groups.
     */
    public record RegexRewrite(String match, String rewrite)
    {
    }

    /**
     * {@code HTTPRedirect}.
     *
     * @param uri          replaces the path (query dropped unless written in it); {@code null} keeps it.
     * @param authority    replaces the authority; {@code null} keeps it.
     * @param port         replaces the port; 0 keeps the port the request's authority writes (no port, and
     *                     {@code derivePort: FROM_PROTOCOL_DEFAULT}: Istio sets no port on Envoy's redirect);
     *                     {@link #FROM_REQUEST_PORT} the request's port ({@code derivePort: FROM_REQUEST_PORT}).
     * @param scheme       replaces the scheme; {@code null} keeps it.
     * @param redirectCode status code, 301 when absent.
     */
    public record Redirect(String uri, String authority, int port, String scheme, int redirectCode)
    {
        /** {@link #port()} of {@code derivePort: FROM_REQUEST_PORT}. */
        public static final int FROM_REQUEST_PORT = -1;
    }

    /**
     * {@code HTTPDirectResponse}.
     *
     * @param status the status code.
     * @param body   the body as a string, {@code null} when absent.
     */
    public record DirectResponse(int status, String body)
    {
    }

    /**
     * {@code HTTPFaultInjection}.
     *
     * @param abort the abort, or {@code null}.
     * @param delay the delay, or {@code null}.
     */
    public record Fault(Abort abort, Delay delay)
    {
    }

    /**
     * An injected abort.
     *
     * @param httpStatus the status returned (200 for a {@code grpcStatus} abort: Envoy's fault filter answers it
     *                   with HTTP 200 and the gRPC status).
     * @param percentage percent of requests aborted, 0..100 (0 when absent: Istio translates no percentage to 0%).
     * @param grpcStatus the gRPC status code of a {@code grpcStatus} abort (Envoy's {@code abort.grpc_status}), -1
     *                   for an {@code httpStatus} one.
     */
    public record Abort(int httpStatus, double percentage, int grpcStatus)
    {
        /**
         * An {@code httpStatus} abort.
         *
         * @param httpStatus the status returned.
         * @param percentage percent of requests aborted.
         */
        public Abort(final int httpStatus, final double percentage)
        {
            this(httpStatus, percentage, -1);
        }
    }

    /**
     * An injected delay.
     *
     * @param fixedDelayMillis the delay in milliseconds.
     * @param percentage       percent of requests delayed, 0..100 (0 when absent: Istio translates no
     *                         percentage to 0%).
     */
    public record Delay(long fixedDelayMillis, double percentage)
    {
    }

    /**
     * A mirror destination.
     *
     * @param destination where the copy goes.
     * @param percentage  percent of requests mirrored, 0..100 (100 when absent).
     */
    public record Mirror(Destination destination, double percentage)
    {
    }

    /**
     * {@code Headers.request} operations ({@code response} ones are checked only). As Istio translates them,
     * {@code host} and {@code :authority} in {@code set}/{@code add} rewrite the authority (from {@code set}
     * when both) and other pseudo-headers are dropped; they never reach these maps.
     *
     * @param set       header name (lower-case) to value, replacing.
     * @param add       header name (lower-case) to value, appending.
     * @param remove    header names (lower-case) removed.
     * @param authority the authority written through a {@code host}/{@code :authority} header, or {@code null}.
     */
    public record HeaderOperations(Map<String, String> set, Map<String, String> add, List<String> remove,
            String authority)
    {
        public static final HeaderOperations NONE = new HeaderOperations(Map.of(), Map.of(), List.of(), null);

        /**
         * Operations that write no authority.
         *
         * @param set    header name to value, replacing.
         * @param add    header name to value, appending.
         * @param remove header names removed.
         */
        public HeaderOperations(final Map<String, String> set, final Map<String, String> add,
                final List<String> remove)
        {
            this(set, add, remove, null);
        }

        /** @return whether it changes nothing. */
        public boolean isEmpty()
        {
            return set.isEmpty() && add.isEmpty() && remove.isEmpty() && authority == null;
        }
    }
}
