package dev.wirespeed.control.compile;

import com.google.re2j.Pattern;
import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random HTTPRoutes on one Gateway, loaded from YAML, against an oracle written straight from the Gateway
 * API specification (segment-wise PathPrefix, the most specific hostname, the precedence rules between
 * routes and rules, the tie-breaks by creation time, name and rule order): the reference interpreter
 * must pick the rule the oracle picks, and the compiled FIB must agree with the reference. Some configs add a
 * ListenerSet (or an XListenerSet) to the Gateway, admitted or not by its {@code allowedListeners}, with one
 * listener whose hostname may conflict with the Gateway's; some routes name it as their parent. Prints its
 * seed; replay with {@code -Dwirespeed.seed=N}.
 */
class GatewayApiSpecProperties
{
    private static final int CONFIGS = Integer.getInteger("wirespeed.models", 150);
    private static final int REQUESTS = Integer.getInteger("wirespeed.requests", 40);
    private static final String[] PATHS = {"/", "/a", "/a/", "/a/b", "/ab", "/a/b/c", "/b", "/b/a", "/A"};
    private static final String[] REGEXES = {"/a.*", "/[ab]/.*", "/.*b"};
    private static final String[] HOSTNAMES = {"a.example.com", "*.example.com", "x.a.example.com", "*.a.example.com"};
    private static final String[] REQUEST_HOSTS = {"a.example.com", "b.example.com", "x.a.example.com",
        "y.x.a.example.com", "other.org"};
    private static final String[] METHODS = {"GET", "POST"};
    private static final String[] BACKENDS = {"s0", "s1", "s2"};
    /** A ListenerSet listener's hostname; {@code null} (any) conflicts with the Gateway's listener. */
    private static final String[] LISTENER_HOSTNAMES = {null, "a.example.com", "*.example.com", "b.example.com",
        "*.a.example.com"};
    private static final String[] ALLOWED_LISTENERS = {null, "None", "Same", "All"};

    /** One generated match, as the oracle reads it. */
    private record Match(String pathType, String path, String method, Map<String, String> headers,
                         Map<String, String> query)
    {
    }

    /** One generated rule: its matches and its one backend. */
    private record Rule(List<Match> matches, String backend)
    {
    }

    /** One generated route; {@code onListenerSet}: its parent is the ListenerSet, not the Gateway. */
    private record Route(String name, String created, List<String> hostnames, List<Rule> rules,
                         boolean onListenerSet)
    {
    }

    /**
     * The Gateway's {@code allowedListeners} and its one ListenerSet ({@code kind} null: none).
     *
     * @param allowed  {@code allowedListeners.namespaces.from}, {@code null} when not written.
     * @param kind     {@code ListenerSet}, {@code XListenerSet} or {@code null}.
     * @param ns       the ListenerSet's namespace.
     * @param hostname its listener's hostname ({@code null}: any).
     */
    private record Listeners(String allowed, String kind, String ns, String hostname)
    {
        boolean admitted()
        {
            return kind != null && ("All".equals(allowed) || "Same".equals(allowed) && ns.equals("ns"));
        }

        /** Whether routes attach to the ListenerSet's listener (admitted, and distinct from the Gateway's). */
        boolean serving()
        {
            return admitted() && hostname != null;
        }
    }

    @Test
    void referenceShouldPickTheRuleTheSpecificationPicks()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("GatewayApiSpecProperties seed=" + seed + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom master = new SplittableRandom(seed);
        final Map<String, Integer> coverage = new TreeMap<>();
        for (int c = 0; c < CONFIGS; c++)
        {
            final long configSeed = master.nextLong();
            final SplittableRandom rnd = new SplittableRandom(configSeed);
            final Listeners listeners = listeners(rnd);
            final List<Route> routes = routes(rnd, listeners);
            final String yaml = yaml(routes, listeners);
            final LoadedConfig loaded = new ConfigLoader().loadString("random.yaml", yaml);
            assertThat(loaded.errors()).as(yaml).isEmpty();
            final ReferenceRouter reference = new ReferenceRouter(loaded.model());
            try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
            {
                for (int i = 0; i < REQUESTS; i++)
                {
                    final HttpRequest request = request(rnd, i);
                    final String expected = oracle(routes, listeners, request);
                    final RouteDecision d = reference.route(request);
                    final String actual = d.action().equals("route")
                            ? d.route() + " -> " + d.host().substring(0, 2) : "no route " + d.status();
                    if (!expected.replace(" via listenerset", "").equals(actual)
                            || !d.equals(compiled.route(request)))
                    {
                        fail("seed=" + seed + " config#" + c + " (configSeed=" + configSeed + ") request#" + i
                                + "\n" + yaml + "\nrequest: " + request + "\nspecification: " + expected
                                + "\nreference: " + d + "\ncompiled: " + compiled.route(request));
                    }
                    coverage.merge(expected.startsWith("no route") ? "no-route" : "routed", 1, Integer::sum);
                    if (expected.contains(" via listenerset"))
                    {
                        coverage.merge("routed-via-listenerset", 1, Integer::sum);
                    }
                }
            }
            if (listeners.kind() != null)
            {
                coverage.merge(!listeners.admitted() ? "listenerset-not-admitted" : listeners.serving()
                        ? "listenerset-admitted" : "listenerset-conflicted", 1, Integer::sum);
                coverage.merge("listenerset-kind-" + listeners.kind(), 1, Integer::sum);
            }
        }
        System.out.println("GatewayApiSpecProperties coverage=" + coverage);
        assertThat(coverage.get("routed")).isGreaterThan(CONFIGS * REQUESTS / 4);
        assertThat(coverage.get("no-route")).isGreaterThan(CONFIGS * REQUESTS / 20);
        assertThat(coverage).containsKeys("listenerset-admitted", "listenerset-not-admitted", "listenerset-conflicted",
                "listenerset-kind-ListenerSet", "listenerset-kind-XListenerSet", "routed-via-listenerset");
    }

    // ------------------------------------------------------------------------------------------ generation

    private static Listeners listeners(final SplittableRandom rnd)
    {
        final String allowed = ALLOWED_LISTENERS[rnd.nextInt(ALLOWED_LISTENERS.length)];
        if (rnd.nextInt(3) == 0)
        {
            return new Listeners(allowed, null, null, null);
        }
        return new Listeners(allowed, rnd.nextInt(4) == 0 ? "XListenerSet" : "ListenerSet",
                rnd.nextInt(3) == 0 ? "other" : "ns", LISTENER_HOSTNAMES[rnd.nextInt(LISTENER_HOSTNAMES.length)]);
    }

    private static List<Route> routes(final SplittableRandom rnd, final Listeners listeners)
    {
        final List<Route> routes = new ArrayList<>();
        final int n = 1 + rnd.nextInt(4);
        for (int r = 0; r < n; r++)
        {
            final List<String> hostnames = new ArrayList<>();
            if (rnd.nextInt(3) > 0)
            {
                hostnames.add(HOSTNAMES[rnd.nextInt(HOSTNAMES.length)]);
            }
            final List<Rule> rules = new ArrayList<>();
            final int k = 1 + rnd.nextInt(3);
            for (int i = 0; i < k; i++)
            {
                final List<Match> matches = new ArrayList<>();
                final int m = rnd.nextInt(3);
                for (int j = 0; j < m; j++)
                {
                    matches.add(match(rnd));
                }
                rules.add(new Rule(matches, BACKENDS[rnd.nextInt(BACKENDS.length)]));
            }
            // Names and creation times in an order unrelated to document order.
            final String created = rnd.nextBoolean() ? "" : "2026-01-0" + (1 + rnd.nextInt(3)) + "T00:00:00Z";
            routes.add(new Route("r" + rnd.nextInt(100), created, hostnames, rules,
                    listeners.kind() != null && rnd.nextInt(3) == 0));
        }
        // Duplicate names are a config error; keep the first of each.
        final Map<String, Route> unique = new LinkedHashMap<>();
        for (final Route r : routes)
        {
            unique.putIfAbsent(r.name(), r);
        }
        return new ArrayList<>(unique.values());
    }

    private static Match match(final SplittableRandom rnd)
    {
        String type = null;
        String path = null;
        switch (rnd.nextInt(4))
        {
            case 0:
                type = "Exact";
                path = PATHS[rnd.nextInt(PATHS.length)];
                break;
            case 1:
            case 2:
                type = "PathPrefix";
                path = PATHS[rnd.nextInt(PATHS.length)];
                break;
            default:
                if (rnd.nextBoolean())
                {
                    type = "RegularExpression";
                    path = REGEXES[rnd.nextInt(REGEXES.length)];
                }
                break;
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        if (rnd.nextInt(3) == 0)
        {
            headers.put("x-v", rnd.nextBoolean() ? "1" : "2");
        }
        if (rnd.nextInt(4) == 0)
        {
            headers.put("x-w", "1");
        }
        final Map<String, String> query = new LinkedHashMap<>();
        if (rnd.nextInt(4) == 0)
        {
            query.put("q", rnd.nextBoolean() ? "1" : "2");
        }
        return new Match(type, path, rnd.nextInt(4) == 0 ? METHODS[rnd.nextInt(2)] : null, headers, query);
    }

    private static String yaml(final List<Route> routes, final Listeners listeners)
    {
        final StringBuilder y = new StringBuilder("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: ns}
                spec:
                  gatewayClassName: istio
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                """);
        if (listeners.allowed() != null)
        {
            y.append("  allowedListeners: {namespaces: {from: ").append(listeners.allowed()).append("}}\n");
        }
        final boolean x = "XListenerSet".equals(listeners.kind());
        if (listeners.kind() != null)
        {
            y.append("---\napiVersion: ")
                    .append(x ? "gateway.networking.x-k8s.io/v1alpha1" : "gateway.networking.k8s.io/v1")
                    .append("\nkind: ").append(listeners.kind()).append("\nmetadata: {name: ls, namespace: ")
                    .append(listeners.ns()).append("}\nspec:\n  parentRef: {name: gw, namespace: ns}\n")
                    .append("  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: ")
                    .append("{from: All}}").append(listeners.hostname() == null ? ""
                            : ", hostname: \"" + listeners.hostname() + "\"").append("}]\n");
        }
        final String listenerSetRef = x ? "{group: gateway.networking.x-k8s.io, kind: XListenerSet, name: ls, "
                + "namespace: " + listeners.ns() + "}"
                : "{kind: ListenerSet, name: ls, namespace: " + listeners.ns() + "}";
        for (final String s : BACKENDS)
        {
            y.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: ").append(s).append(", namespace: ns}\n")
                    .append("spec: {selector: {app: ").append(s).append("}, ports: [{name: http, port: 8080}]}\n")
                    .append("---\napiVersion: v1\nkind: Pod\nmetadata: {name: ").append(s)
                    .append("-p, namespace: ns, labels: {app: ").append(s).append("}}\nstatus: {podIP: 10.0.0.")
                    .append(s.charAt(1) - '0' + 1).append("}\n");
        }
        for (final Route r : routes)
        {
            y.append("---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ")
                    .append(r.name()).append(", namespace: ns")
                    .append(r.created().isEmpty() ? "" : ", creationTimestamp: \"" + r.created() + "\"")
                    .append("}\nspec:\n  parentRefs: [").append(r.onListenerSet() ? listenerSetRef : "{name: gw}")
                    .append("]\n");
            if (!r.hostnames().isEmpty())
            {
                y.append("  hostnames: [\"").append(String.join("\", \"", r.hostnames())).append("\"]\n");
            }
            y.append("  rules:\n");
            for (final Rule rule : r.rules())
            {
                y.append("  - backendRefs: [{name: ").append(rule.backend()).append(", port: 8080}]\n");
                if (!rule.matches().isEmpty())
                {
                    y.append("    matches:\n");
                }
                for (final Match m : rule.matches())
                {
                    y.append("    - {");
                    final List<String> parts = new ArrayList<>();
                    if (m.pathType() != null)
                    {
                        parts.add("path: {type: " + m.pathType() + ", value: \"" + m.path() + "\"}");
                    }
                    if (m.method() != null)
                    {
                        parts.add("method: " + m.method());
                    }
                    if (!m.headers().isEmpty())
                    {
                        parts.add("headers: [" + nameValues(m.headers()) + "]");
                    }
                    if (!m.query().isEmpty())
                    {
                        parts.add("queryParams: [" + nameValues(m.query()) + "]");
                    }
                    y.append(String.join(", ", parts)).append("}\n");
                }
            }
        }
        return y.toString();
    }

    private static String nameValues(final Map<String, String> m)
    {
        final List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add("{name: " + k + ", value: \"" + v + "\"}"));
        return String.join(", ", out);
    }

    private static HttpRequest request(final SplittableRandom rnd, final int id)
    {
        final Map<String, String> headers = new LinkedHashMap<>();
        if (rnd.nextBoolean())
        {
            headers.put("x-v", rnd.nextBoolean() ? "1" : "2");
        }
        if (rnd.nextBoolean())
        {
            headers.put("x-w", "1");
        }
        String path = PATHS[rnd.nextInt(PATHS.length)] + (rnd.nextInt(4) == 0 ? "x" : "");
        if (rnd.nextInt(3) == 0)
        {
            path += "?q=" + (1 + rnd.nextInt(2));
        }
        return new HttpRequest(id, 0, "10.9.0.1", 80, "ns/gw", "ns", Map.of(), METHODS[rnd.nextInt(2)], "http",
                REQUEST_HOSTS[rnd.nextInt(REQUEST_HOSTS.length)], path, headers);
    }

    // ------------------------------------------------------------------------------------------ the oracle

    private static boolean hostMatches(final String hostname, final String host)
    {
        return hostname.equals(host)
                || hostname.startsWith("*.") && host.endsWith(hostname.substring(1));
    }

    /** Specificity of a matching route hostname: exact names first, then longer wildcards; "*" last. */
    private static int specificity(final String hostname)
    {
        return hostname.equals("*") ? 0 : hostname.startsWith("*.") ? hostname.length() : 10_000;
    }

    private static boolean pathMatches(final Match m, final String path)
    {
        if (m.pathType() == null)
        {
            return true;
        }
        switch (m.pathType())
        {
            case "Exact":
                return path.equals(m.path());
            case "PathPrefix":
                final String p = m.path().length() > 1 && m.path().endsWith("/")
                        ? m.path().substring(0, m.path().length() - 1) : m.path();
                return p.equals("/") || path.equals(p) || path.startsWith(p + "/");
            default:
                return Pattern.compile(m.path()).matcher(path).matches();
        }
    }

    private static boolean matches(final Match m, final HttpRequest r)
    {
        final int q = r.path().indexOf('?');
        final String path = q < 0 ? r.path() : r.path().substring(0, q);
        final String query = q < 0 ? "" : r.path().substring(q + 1);
        if (!pathMatches(m, path) || m.method() != null && !m.method().equals(r.method()))
        {
            return false;
        }
        for (final Map.Entry<String, String> h : m.headers().entrySet())
        {
            if (!h.getValue().equals(r.headers().get(h.getKey())))
            {
                return false;
            }
        }
        for (final Map.Entry<String, String> e : m.query().entrySet())
        {
            if (!query.equals(e.getKey() + "=" + e.getValue()))
            {
                return false;
            }
        }
        return true;
    }

    /** The spec's precedence key: larger wins. */
    private static long[] precedence(final Match m)
    {
        final String type = m.pathType() == null ? "PathPrefix" : m.pathType();
        String path = m.pathType() == null ? "/" : m.path();
        if (type.equals("PathPrefix") && path.length() > 1 && path.endsWith("/"))
        {
            path = path.substring(0, path.length() - 1);
        }
        final int rank = type.equals("Exact") ? 3 : type.equals("PathPrefix") ? 2 : 1;
        return new long[] {rank, path.length(), m.method() == null ? 0 : 1, m.headers().size(), m.query().size()};
    }

    /**
     * The hostnames a route serves: its own (or any) on the Gateway's listener, which has no hostname; on the
     * ListenerSet's listener, none unless the Gateway admits the set and the listener does not conflict, else the
     * listener's hostname and the route's intersected, the more specific of a matching pair kept.
     */
    private static List<String> served(final Route route, final Listeners listeners)
    {
        if (!route.onListenerSet())
        {
            return route.hostnames().isEmpty() ? List.of("*") : route.hostnames();
        }
        if (!listeners.serving())
        {
            return List.of();
        }
        final String l = listeners.hostname();
        if (route.hostnames().isEmpty())
        {
            return List.of(l);
        }
        final List<String> out = new ArrayList<>();
        for (final String h : route.hostnames())
        {
            final String keep = h.equals(l) || l.startsWith("*.") && hostMatches(l, h) ? h
                    : h.startsWith("*.") && hostMatches(h, l) ? l : null;
            if (keep != null && !out.contains(keep))
            {
                out.add(keep);
            }
        }
        return out;
    }

    private static String oracle(final List<Route> routes, final Listeners listeners, final HttpRequest r)
    {
        final String host = r.authority();
        // The most specific hostname any route serves that covers the request's host.
        String best = null;
        for (final Route route : routes)
        {
            for (final String h : served(route, listeners))
            {
                if ((h.equals("*") || hostMatches(h, host)) && (best == null || specificity(h) > specificity(best)))
                {
                    best = h;
                }
            }
        }
        if (best == null)
        {
            return "no route 404";
        }
        // Oldest first, then namespace/name.
        final List<Route> ordered = new ArrayList<>(routes);
        ordered.sort(java.util.Comparator.comparing(Route::created).thenComparing(Route::name));
        long[] bestKey = null;
        String winner = null;
        for (final Route route : ordered)
        {
            if (!served(route, listeners).contains(best))
            {
                continue;
            }
            for (int i = 0; i < route.rules().size(); i++)
            {
                final Rule rule = route.rules().get(i);
                final List<Match> ms = rule.matches().isEmpty()
                        ? List.of(new Match(null, null, null, Map.of(), Map.of())) : rule.matches();
                for (final Match m : ms)
                {
                    final long[] key = precedence(m);
                    if (matches(m, r) && (bestKey == null || java.util.Arrays.compare(key, bestKey) > 0))
                    {
                        bestKey = key;
                        winner = "ns." + route.name() + "." + i + " -> " + rule.backend()
                                + (route.onListenerSet() ? " via listenerset" : "");
                    }
                }
            }
        }
        return winner == null ? "no route 404" : winner;
    }
}
