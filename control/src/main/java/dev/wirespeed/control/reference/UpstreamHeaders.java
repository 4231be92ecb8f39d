package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpRoute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request headers a route sends upstream (docs/routing.md §3.5), as Envoy evaluates what Istio
 * generates: each level removes first, then sets (replace every value) and adds (append a value) in order.
 * A route with one destination is one level (the route's operations, then the destination's); a route with
 * several destinations is two (the chosen destination's weighted-cluster level, then the route's).
 */
public final class UpstreamHeaders
{
    private UpstreamHeaders()
    {
    }

    /**
     * @param request     the request's headers (one value each).
     * @param route       the route's operations.
     * @param destination the chosen destination's operations.
     * @param weighted    the route has several destinations.
     * @return the upstream headers, name to values, in the request's order then added names.
     */
    public static Map<String, List<String>> apply(final Map<String, String> request,
            final HttpRoute.HeaderOperations route, final HttpRoute.HeaderOperations destination,
            final boolean weighted)
    {
        final Map<String, List<String>> h = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : request.entrySet())
        {
            h.put(e.getKey(), new ArrayList<>(List.of(e.getValue())));
        }
        if (weighted)
        {
            level(h, List.of(destination));
            level(h, List.of(route));
        }
        else
        {
            level(h, List.of(route, destination));
        }
        return h;
    }

    private static void level(final Map<String, List<String>> h, final List<HttpRoute.HeaderOperations> parts)
    {
        for (final HttpRoute.HeaderOperations ops : parts)
        {
            for (final String name : ops.remove())
            {
                h.remove(name);
            }
        }
        for (final HttpRoute.HeaderOperations ops : parts)
        {
            for (final Map.Entry<String, String> e : ops.set().entrySet())
            {
                h.put(e.getKey(), new ArrayList<>(List.of(e.getValue())));
            }
            for (final Map.Entry<String, String> e : ops.add().entrySet())
            {
                h.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
        }
    }

    /**
     * @param request  the request's headers.
     * @param upstream the upstream headers.
     * @return headers whose upstream value differs (values joined with {@code ,}), sorted; {@code null} if none.
     */
    public static Map<String, String> changed(final Map<String, String> request,
            final Map<String, List<String>> upstream)
    {
        final Map<String, String> out = new TreeMap<>();
        for (final Map.Entry<String, List<String>> e : upstream.entrySet())
        {
            final String joined = String.join(",", e.getValue());
            if (!joined.equals(request.get(e.getKey())) || e.getValue().size() != 1)
            {
                out.put(e.getKey(), joined);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * @param request  the request's headers.
     * @param upstream the upstream headers.
     * @return request headers not sent upstream, sorted; {@code null} if none.
     */
    public static List<String> removed(final Map<String, String> request, final Map<String, List<String>> upstream)
    {
        final List<String> out = new ArrayList<>();
        for (final String name : request.keySet())
        {
            if (!upstream.containsKey(name))
            {
                out.add(name);
            }
        }
        out.sort(null);
        return out.isEmpty() ? null : out;
    }

    /**
     * The authority rewrite: the route's ({@code rewrite.authority}, else a {@code host} header operation)
     * and the destination's; with several destinations the destination's wins, with one the route's.
     *
     * @param routeAuthority       the route's rewrite, or {@code null}.
     * @param destinationAuthority the destination's, or {@code null}.
     * @param weighted             the route has several destinations.
     * @return the authority to send, or {@code null} to keep the request's.
     */
    public static String authority(final String routeAuthority, final String destinationAuthority,
            final boolean weighted)
    {
        if (weighted)
        {
            return destinationAuthority != null ? destinationAuthority : routeAuthority;
        }
        return routeAuthority != null ? routeAuthority : destinationAuthority;
    }
}
