package dev.wirespeed.control.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.StringMatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;
import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/**
 * Reads the rules of HTTPRoutes and GRPCRoutes: matches, filters and backend references, with the checks
 * the Gateway API's schema and CEL rules make (a {@code ReplacePrefixMatch} needs a {@code PathPrefix}
 * match, a redirect takes no backends, a Service backend needs a port, ...).
 */
final class GatewayApiRuleBinder
{
    private static final String[] HTTP_FILTER = {"type", "requestHeaderModifier", "responseHeaderModifier",
        "requestMirror", "requestRedirect", "urlRewrite", "extensionRef", "cors", "externalAuth"};
    private static final String[] GRPC_FILTER = {"type", "requestHeaderModifier", "responseHeaderModifier",
        "requestMirror", "extensionRef"};

    private final Diagnostics diags;

    GatewayApiRuleBinder(final Diagnostics diags)
    {
        this.diags = diags;
    }

    GatewayApi.Rule defaultRule(final YamlNode where)
    {
        return new GatewayApi.Rule(null, 0, List.of(new GatewayApi.Match(GatewayApi.PathKind.PREFIX, "/", Map.of(),
                Map.of(), null)), HttpRoute.HeaderOperations.NONE, null, null, List.of(), List.of(), where);
    }

    /** A rule of a TCPRoute or TLSRoute: a name and weighted backends (their backendRefs take no filters). */
    GatewayApi.Rule l4Rule(final YamlNode node, final int index, final String ns)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "name", "backendRefs");
        if (!r.present())
        {
            return null;
        }
        for (final YamlNode b : r.list("backendRefs"))
        {
            final FieldReader br = FieldReader.of(b, diags, IGNORE);
            if (br.present() && br.has("filters"))
            {
                diags.error(br.field("filters"), "a TCPRoute or TLSRoute backendRef has no filters");
            }
        }
        return new GatewayApi.Rule(r.string("name"), index, List.of(), HttpRoute.HeaderOperations.NONE, null, null,
                List.of(), backends(r, ns), node);
    }

    GatewayApi.Rule httpRule(final YamlNode node, final int index, final String ns)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "name", "matches", "filters", "backendRefs",
                "timeouts", "retry", "sessionPersistence");
        if (!r.present())
        {
            return null;
        }
        FieldReader.of(r.field("timeouts"), diags, ERROR, "request", "backendRequest");
        FieldReader.of(r.field("retry"), diags, IGNORE);
        FieldReader.of(r.field("sessionPersistence"), diags, IGNORE);
        final List<GatewayApi.Match> matches = new ArrayList<>();
        for (final YamlNode m : r.list("matches"))
        {
            final GatewayApi.Match match = httpMatch(m);
            if (match != null)
            {
                matches.add(match);
            }
        }
        if (matches.isEmpty())
        {
            matches.add(new GatewayApi.Match(GatewayApi.PathKind.PREFIX, "/", Map.of(), Map.of(), null));
        }
        final Filters f = filters(r, ns, HTTP_FILTER);
        if (f.rewrite != null && f.rewrite.prefixPath() != null
                || f.redirect != null && f.redirect.prefixPath() != null)
        {
            for (final GatewayApi.Match m : matches)
            {
                if (m.pathKind() != GatewayApi.PathKind.PREFIX)
                {
                    diags.error(r.field("filters"), "ReplacePrefixMatch is only allowed with a PathPrefix match");
                    break;
                }
            }
        }
        final List<GatewayApi.BackendRef> backends = backends(r, ns);
        if (f.redirect != null && !backends.isEmpty())
        {
            diags.error(r.field("backendRefs"), "a rule with a RequestRedirect filter must not have backendRefs");
        }
        return new GatewayApi.Rule(r.string("name"), index, List.copyOf(matches), f.headers, f.redirect, f.rewrite,
                List.copyOf(f.mirrors), backends, node, f.cors);
    }

    GatewayApi.Rule grpcRule(final YamlNode node, final int index, final String ns)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "name", "matches", "filters", "backendRefs",
                "sessionPersistence");
        if (!r.present())
        {
            return null;
        }
        FieldReader.of(r.field("sessionPersistence"), diags, IGNORE);
        final List<GatewayApi.Match> matches = new ArrayList<>();
        for (final YamlNode m : r.list("matches"))
        {
            final FieldReader mr = FieldReader.of(m, diags, ERROR, "method", "headers");
            if (!mr.present())
            {
                continue;
            }
            GatewayApi.PathKind kind = null;
            String path = null;
            final FieldReader method = mr.object("method", ERROR, "type", "service", "method");
            if (method.present())
            {
                final String type = method.string("type");
                final boolean regex = "RegularExpression".equals(type);
                if (type != null && !regex && !type.equals("Exact"))
                {
                    diags.error(method.field("type"), "expected Exact or RegularExpression, got \"" + type + "\"");
                }
                final String service = method.string("service");
                final String name = method.string("method");
                if (service == null && name == null)
                {
                    diags.error(method.node(), "a gRPC method match needs \"service\" or \"method\"");
                }
                else if (regex)
                {
                    // Istio's conversion: /<service>/<method> as one regex.
                    kind = GatewayApi.PathKind.REGEX;
                    path = "/" + (service == null ? "[^/]+" : service) + "/" + (name == null ? ".+" : name);
                    checkRegex(method.node(), path);
                }
                else if (name == null)
                {
                    kind = GatewayApi.PathKind.PLAIN_PREFIX;
                    path = "/" + service + "/";
                }
                else if (service == null)
                {
                    kind = GatewayApi.PathKind.REGEX;
                    path = "/[^/]+/" + Pattern.quote(name);
                }
                else
                {
                    kind = GatewayApi.PathKind.EXACT;
                    path = "/" + service + "/" + name;
                }
            }
            matches.add(new GatewayApi.Match(kind, path, headerMatches(mr), Map.of(), null));
        }
        if (matches.isEmpty())
        {
            matches.add(new GatewayApi.Match(null, null, Map.of(), Map.of(), null));
        }
        final Filters f = filters(r, ns, GRPC_FILTER);
        return new GatewayApi.Rule(r.string("name"), index, List.copyOf(matches), f.headers, null, null,
                List.copyOf(f.mirrors), backends(r, ns), node);
    }

    private GatewayApi.Match httpMatch(final YamlNode node)
    {
        final FieldReader m = FieldReader.of(node, diags, ERROR, "path", "headers", "queryParams", "method");
        if (!m.present())
        {
            return null;
        }
        GatewayApi.PathKind kind = GatewayApi.PathKind.PREFIX;
        String value = "/";
        final FieldReader path = m.object("path", ERROR, "type", "value");
        if (path.present())
        {
            final String type = path.string("type");
            if (type != null)
            {
                switch (type)
                {
                    case "Exact":
                        kind = GatewayApi.PathKind.EXACT;
                        break;
                    case "PathPrefix":
                        break;
                    case "RegularExpression":
                        kind = GatewayApi.PathKind.REGEX;
                        break;
                    default:
                        diags.error(path.field("type"), "expected Exact, PathPrefix or RegularExpression, got \""
                                + type + "\"");
                        break;
                }
            }
            final String v = path.string("value");
            if (v != null)
            {
                value = v;
            }
            if (kind == GatewayApi.PathKind.REGEX)
            {
                checkRegex(path.field("value"), value);
            }
            else if (!value.startsWith("/"))
            {
                diags.error(path.field("value"), "path must be an absolute path (start with \"/\"), got \"" + v + "\"");
            }
            else if (value.contains("//") || value.contains("/./") || value.contains("/../") || value.contains("%2f")
                    || value.contains("%2F") || value.contains("#"))
            {
                diags.error(path.field("value"), "path must not contain \"//\", \"/./\", \"/../\", \"%2f\" or \"#\"");
            }
        }
        if (kind == GatewayApi.PathKind.PREFIX && value.length() > 1 && value.endsWith("/"))
        {
            // "When specified, a trailing `/` is ignored."
            value = value.substring(0, value.length() - 1);
        }
        final Map<String, StringMatch> query = new LinkedHashMap<>();
        for (final YamlNode q : m.list("queryParams"))
        {
            nameValue(q, query, false);
        }
        final String method = m.string("method");
        if (method != null && !List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH")
                .contains(method))
        {
            diags.error(m.field("method"), "expected one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, "
                    + "PATCH, got \"" + method + "\"");
        }
        return new GatewayApi.Match(kind, value, headerMatches(m), Map.copyOf(query), method);
    }

    private Map<String, StringMatch> headerMatches(final FieldReader m)
    {
        final Map<String, StringMatch> headers = new LinkedHashMap<>();
        for (final YamlNode h : m.list("headers"))
        {
            nameValue(h, headers, true);
        }
        return Map.copyOf(headers);
    }

    /** A header or query parameter match; the first of several with the same name wins (the spec's rule). */
    private void nameValue(final YamlNode node, final Map<String, StringMatch> into, final boolean header)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "type", "name", "value");
        if (!r.present())
        {
            return;
        }
        final String name = r.requiredString("name");
        final String value = r.requiredString("value");
        final String type = r.string("type");
        if (name == null || value == null)
        {
            return;
        }
        final StringMatch match;
        if (type == null || type.equals("Exact"))
        {
            match = StringMatch.exact(value);
        }
        else if (type.equals("RegularExpression"))
        {
            checkRegex(r.field("value"), value);
            match = StringMatch.regex(value);
        }
        else
        {
            diags.error(r.field("type"), "expected Exact or RegularExpression, got \"" + type + "\"");
            return;
        }
        into.putIfAbsent(header ? name.toLowerCase(Locale.ROOT) : name, match);
    }

    private void checkRegex(final YamlNode at, final String regex)
    {
        try
        {
            Pattern.compile(regex);
        }
        catch (final PatternSyntaxException e)
        {
            diags.error(at, "invalid RE2 regular expression: " + e.getMessage());
        }
    }

    /** The filters of one rule. */
    private static final class Filters
    {
        HttpRoute.HeaderOperations headers = HttpRoute.HeaderOperations.NONE;
        GatewayApi.Redirect redirect;
        GatewayApi.Rewrite rewrite;
        final List<GatewayApi.Mirror> mirrors = new ArrayList<>();
        HttpRoute.Cors cors;
    }

    private Filters filters(final FieldReader rule, final String ns, final String[] known)
    {
        final Filters out = new Filters();
        for (final YamlNode node : rule.list("filters"))
        {
            final FieldReader f = FieldReader.of(node, diags, ERROR, known);
            if (!f.present())
            {
                continue;
            }
            final String type = f.requiredString("type");
            if (type == null)
            {
                continue;
            }
            switch (type)
            {
                case "RequestHeaderModifier":
                    if (!out.headers.isEmpty())
                    {
                        diags.error(f.field("type"), "RequestHeaderModifier may appear only once in a rule");
                    }
                    out.headers = headerModifier(f.object("requestHeaderModifier", ERROR, "set", "add", "remove"));
                    break;
                case "ResponseHeaderModifier":
                    // Response headers are not part of a forwarding decision.
                    headerModifier(f.object("responseHeaderModifier", ERROR, "set", "add", "remove"));
                    break;
                case "RequestMirror":
                    final GatewayApi.Mirror mirror = mirror(f.object("requestMirror", ERROR, "backendRef", "percent",
                            "fraction"), ns);
                    if (mirror != null)
                    {
                        out.mirrors.add(mirror);
                    }
                    break;
                case "RequestRedirect":
                    out.redirect = redirect(f.object("requestRedirect", ERROR, "scheme", "hostname", "path", "port",
                            "statusCode"));
                    break;
                case "URLRewrite":
                    final FieldReader u = f.object("urlRewrite", ERROR, "hostname", "path");
                    final String[] path = pathModifier(u.object("path", ERROR, "type", "replaceFullPath",
                            "replacePrefixMatch"));
                    out.rewrite = new GatewayApi.Rewrite(u.string("hostname"), path[0], path[1]);
                    break;
                case "CORS":
                    if (known != HTTP_FILTER)
                    {
                        diags.error(f.field("type"), "filter type \"CORS\" is not supported in a GRPCRoute (Istio:"
                                + " unsupported filter type)");
                        break;
                    }
                    out.cors = CorsPolicyBinder.gatewayFilter(f.object("cors", ERROR, "allowOrigins",
                            "allowCredentials", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge"));
                    break;
                default:
                    diags.error(f.field("type"), "filter type \"" + type + "\" is not supported (supported: "
                            + "RequestHeaderModifier, ResponseHeaderModifier, RequestMirror"
                            + (known == HTTP_FILTER ? ", RequestRedirect, URLRewrite, CORS" : "") + ")");
                    break;
            }
        }
        if (out.redirect != null && out.rewrite != null)
        {
            diags.error(rule.field("filters"), "RequestRedirect and URLRewrite cannot both be set in one rule");
        }
        return out;
    }

    private HttpRoute.HeaderOperations headerModifier(final FieldReader h)
    {
        final Map<String, String> set = headerList(h, "set");
        final Map<String, String> add = headerList(h, "add");
        final List<String> remove = new ArrayList<>();
        for (final String r : h.stringList("remove"))
        {
            remove.add(r.toLowerCase(Locale.ROOT));
        }
        return new HttpRoute.HeaderOperations(set, add, List.copyOf(remove));
    }

    private Map<String, String> headerList(final FieldReader h, final String field)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final YamlNode n : h.list(field))
        {
            final FieldReader e = FieldReader.of(n, diags, ERROR, "name", "value");
            final String name = e.requiredString("name");
            final String value = e.requiredString("value");
            if (name != null && value != null)
            {
                out.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private GatewayApi.Mirror mirror(final FieldReader m, final String ns)
    {
        if (!m.present())
        {
            return null;
        }
        double pct = 100;
        if (m.has("percent"))
        {
            pct = m.integerIn("percent", 0, 100, 100);
        }
        final FieldReader fraction = m.object("fraction", ERROR, "numerator", "denominator");
        if (fraction.present())
        {
            final int num = fraction.integerIn("numerator", 0, Integer.MAX_VALUE, 0);
            final int den = fraction.integerIn("denominator", 1, Integer.MAX_VALUE, 100);
            if (num > den)
            {
                diags.error(fraction.node(), "numerator must not be greater than denominator");
            }
            pct = 100.0 * num / den;
            if (m.has("percent"))
            {
                diags.error(m.field("fraction"), "\"percent\" and \"fraction\" cannot both be set");
            }
        }
        if (!m.has("backendRef"))
        {
            m.missing("backendRef");
            return null;
        }
        final GatewayApi.BackendRef ref = backendRef(m.field("backendRef"), ns, false);
        return ref == null ? null : new GatewayApi.Mirror(ref, pct);
    }

    private GatewayApi.Redirect redirect(final FieldReader r)
    {
        final String scheme = r.string("scheme");
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https"))
        {
            diags.error(r.field("scheme"), "expected http or https, got \"" + scheme + "\"");
        }
        final int code = r.integerIn("statusCode", 100, 599, 302);
        if (!List.of(301, 302, 303, 307, 308).contains(code))
        {
            diags.error(r.field("statusCode"), "expected 301, 302, 303, 307 or 308, got " + code);
        }
        final String[] path = pathModifier(r.object("path", ERROR, "type", "replaceFullPath", "replacePrefixMatch"));
        return new GatewayApi.Redirect(scheme, r.string("hostname"), r.integerIn("port", 1, 65535, 0), path[0],
                path[1], code);
    }

    /** @return {ReplaceFullPath, ReplacePrefixMatch}, each {@code null} unless that type is set. */
    private String[] pathModifier(final FieldReader p)
    {
        final String[] out = new String[2];
        if (!p.present())
        {
            return out;
        }
        final String type = p.requiredString("type");
        if ("ReplaceFullPath".equals(type))
        {
            out[0] = p.requiredString("replaceFullPath");
            if (p.has("replacePrefixMatch"))
            {
                diags.error(p.field("replacePrefixMatch"), "replacePrefixMatch must not be set with ReplaceFullPath");
            }
        }
        else if ("ReplacePrefixMatch".equals(type))
        {
            out[1] = p.requiredString("replacePrefixMatch");
            if (p.has("replaceFullPath"))
            {
                diags.error(p.field("replaceFullPath"), "replaceFullPath must not be set with ReplacePrefixMatch");
            }
        }
        else if (type != null)
        {
            diags.error(p.field("type"), "expected ReplaceFullPath or ReplacePrefixMatch, got \"" + type + "\"");
        }
        return out;
    }

    private List<GatewayApi.BackendRef> backends(final FieldReader rule, final String ns)
    {
        final List<GatewayApi.BackendRef> out = new ArrayList<>();
        for (final YamlNode b : rule.list("backendRefs"))
        {
            final GatewayApi.BackendRef ref = backendRef(b, ns, true);
            if (ref != null)
            {
                out.add(ref);
            }
        }
        return List.copyOf(out);
    }

    private GatewayApi.BackendRef backendRef(final YamlNode node, final String ns, final boolean weighted)
    {
        final FieldReader b = weighted
                ? FieldReader.of(node, diags, ERROR, "group", "kind", "name", "namespace", "port", "weight", "filters")
                : FieldReader.of(node, diags, ERROR, "group", "kind", "name", "namespace", "port");
        if (!b.present())
        {
            return null;
        }
        final String name = b.requiredString("name");
        final String group = b.string("group") == null ? "" : b.string("group");
        final String kind = b.string("kind") == null ? "Service" : b.string("kind");
        final int port = b.integerIn("port", 1, 65535, 0);
        if (group.isEmpty() && kind.equals("Service") && !b.has("port"))
        {
            diags.error(b.refOf("port"), "a backendRef to a Service must have a port");
        }
        final int weight = b.integerIn("weight", 0, 1_000_000, 1);
        final String refNs = b.string("namespace");
        return name == null ? null : new GatewayApi.BackendRef(group, kind, refNs == null ? ns : refNs, name, port,
                weight, node, backendFilters(b));
    }

    /**
     * A backendRef's filters, as Istio translates them: RequestHeaderModifier becomes the destination's request
     * header operations, ResponseHeaderModifier acts on responses (checked, ignored); any other type is an error.
     */
    private HttpRoute.HeaderOperations backendFilters(final FieldReader b)
    {
        HttpRoute.HeaderOperations headers = HttpRoute.HeaderOperations.NONE;
        for (final YamlNode node : b.list("filters"))
        {
            final FieldReader f = FieldReader.of(node, diags, ERROR, HTTP_FILTER);
            final String type = f.present() ? f.requiredString("type") : null;
            if ("RequestHeaderModifier".equals(type))
            {
                if (!headers.isEmpty())
                {
                    diags.error(f.field("type"), "RequestHeaderModifier may appear only once in a backendRef");
                }
                headers = headerModifier(f.object("requestHeaderModifier", ERROR, "set", "add", "remove"));
            }
            else if ("ResponseHeaderModifier".equals(type))
            {
                headerModifier(f.object("responseHeaderModifier", ERROR, "set", "add", "remove"));
            }
            else if (type != null)
            {
                diags.error(f.field("type"), "filter type \"" + type + "\" is not supported on a backendRef "
                        + "(supported there: RequestHeaderModifier, ResponseHeaderModifier)");
            }
        }
        return headers;
    }
}
