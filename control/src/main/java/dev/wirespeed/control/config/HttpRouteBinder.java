package dev.wirespeed.control.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.StringMatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;

/**
 * Binds and validates one {@code HTTPRoute} of a VirtualService ({@code spec.http[i]}) and the parts it
 * shares with TCP routes (destinations, weights); Istio's validation rules where Istio has them.
 */
final class HttpRouteBinder
{
    private final Diagnostics diags;
    private final String namespace;
    private final References refs;
    private final boolean inDelegate;

    HttpRouteBinder(final Diagnostics diags, final String namespace, final References refs)
    {
        this(diags, namespace, refs, false);
    }

    /**
     * @param diags      where findings go.
     * @param namespace  the document's namespace.
     * @param refs       references to check once everything is loaded.
     * @param inDelegate the routes belong to a delegate VirtualService (one without hosts).
     */
    HttpRouteBinder(final Diagnostics diags, final String namespace, final References refs, final boolean inDelegate)
    {
        this.diags = diags;
        this.namespace = namespace;
        this.refs = refs;
        this.inDelegate = inDelegate;
    }

    HttpRoute bind(final YamlNode node)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "name", "match", "route", "redirect",
                "directResponse", "delegate", "rewrite", "timeout", "retries", "fault", "mirror", "mirrors",
                "mirrorPercentage", "mirrorPercent", "corsPolicy", "headers");
        if (!r.present())
        {
            return null;
        }
        final String name = r.string("name");
        final List<HttpMatch> matches = new ArrayList<>();
        for (final YamlNode m : r.list("match"))
        {
            final HttpMatch match = match(m);
            if (match != null)
            {
                matches.add(match);
            }
        }
        HttpRoute.Delegate delegate = null;
        if (r.has("delegate"))
        {
            final FieldReader d = r.object("delegate", ERROR, "name", "namespace");
            final String delegateName = d.requiredString("name");
            final String delegateNs = d.string("namespace");
            if (delegateName != null && !delegateName.isEmpty())
            {
                delegate = new HttpRoute.Delegate(delegateName,
                        delegateNs == null || delegateNs.isEmpty() ? namespace : delegateNs);
            }
            if (inDelegate)
            {
                diags.error(r.field("delegate"), "delegate HTTP route cannot contain delegate (one level only)");
            }
            if (r.has("route"))
            {
                diags.error(r.field("route"), "root HTTP route must not specify route (it has a delegate)");
            }
            if (r.has("redirect"))
            {
                diags.error(r.field("redirect"), "root HTTP route must not specify redirect (it has a delegate)");
            }
        }
        final List<RouteDestination> route = destinations(r, "route", true);
        final HttpRoute.Redirect redirect = redirect(r.field("redirect"));
        final HttpRoute.DirectResponse direct = directResponse(r.field("directResponse"));
        final HttpRoute.Rewrite rewrite = rewrite(r.field("rewrite"));
        final HttpRoute.Fault fault = fault(r.field("fault"));
        final List<HttpRoute.Mirror> mirrors = mirrors(r);
        final HttpRoute.HeaderOperations headers = headers(r.field("headers"));
        final HttpRoute.Cors cors = new CorsPolicyBinder(diags, this).bind(r.field("corsPolicy"));
        checkTimeouts(r);
        if (delegate == null)
        {
            checkAction(r, route, redirect != null, direct != null);
        }
        return new HttpRoute(name, List.copyOf(matches), route, redirect, direct, rewrite, fault, mirrors, headers,
                Diagnostics.ref(node), delegate, cors);
    }

    private void checkAction(
            final FieldReader r, final List<RouteDestination> route, final boolean redirect, final boolean direct)
    {
        final boolean hasRoute = r.has("route");
        if (!hasRoute && !r.has("redirect") && !r.has("directResponse") && !r.has("delegate"))
        {
            diags.error(r.node(), "HTTP route must have one of \"route\", \"redirect\" or \"directResponse\"");
        }
        if (hasRoute && r.has("redirect"))
        {
            diags.error(r.field("redirect"), "HTTP route cannot contain both \"route\" and \"redirect\"");
        }
        if (hasRoute && r.has("directResponse"))
        {
            diags.error(r.field("directResponse"), "HTTP route cannot contain both \"route\" and \"directResponse\"");
        }
        if (r.has("redirect") && r.has("directResponse"))
        {
            diags.error(r.field("directResponse"),
                    "HTTP route cannot contain both \"redirect\" and \"directResponse\"");
        }
        if (!hasRoute)
        {
            for (final String onlyWithRoute : new String[] {"rewrite", "mirror", "mirrors", "mirrorPercentage"})
            {
                if (r.has(onlyWithRoute))
                {
                    diags.error(r.field(onlyWithRoute), "\"" + onlyWithRoute + "\" needs \"route\" (it cannot go with "
                            + (r.has("redirect") ? "\"redirect\"" : r.has("directResponse") ? "\"directResponse\""
                            : "no action") + ")");
                }
            }
        }
    }

    // ---- match --------------------------------------------------------------------------------------

    private HttpMatch match(final YamlNode node)
    {
        final FieldReader m = FieldReader.of(node, diags, ERROR, "name", "uri", "scheme", "method", "authority",
                "headers", "port", "sourceLabels", "gateways", "queryParams", "ignoreUriCase", "withoutHeaders",
                "sourceNamespace", "statPrefix");
        if (!m.present())
        {
            return null;
        }
        final List<String> gateways = new ArrayList<>();
        for (final String g : m.stringList("gateways"))
        {
            gateways.add(Names.resolveGateway(g, namespace));
        }
        refs.gateways(gateways, m.field("gateways"));
        return new HttpMatch(
                m.string("name"),
                stringMatch(m.field("uri"), false),
                stringMatch(m.field("scheme"), false),
                stringMatch(m.field("method"), false),
                stringMatch(m.field("authority"), false),
                headerMatches(m.field("headers"), true, false),
                headerMatches(m.field("withoutHeaders"), true, false),
                headerMatches(m.field("queryParams"), false, true),
                m.bool("ignoreUriCase", false),
                m.integerIn("port", 1, 65535, 0),
                m.stringMap("sourceLabels"),
                m.string("sourceNamespace"),
                List.copyOf(gateways));
    }

    private Map<String, StringMatch> headerMatches(final YamlNode node, final boolean lowerCase, final boolean query)
    {
        if (node == null || node.isNull())
        {
            return Map.of();
        }
        if (!node.isMap())
        {
            diags.error(node, "expected a mapping of names to string matches, got " + node.describe());
            return Map.of();
        }
        final Map<String, StringMatch> out = new LinkedHashMap<>();
        for (final Map.Entry<String, YamlNode> e : node.fields().entrySet())
        {
            if (e.getKey().isEmpty())
            {
                diags.error(node.key(e.getKey()), "empty name");
                continue;
            }
            if (lowerCase && !validHeaderName(e.getKey()))
            {
                diags.error(node.key(e.getKey()), "invalid header name \"" + e.getKey() + "\"");
                continue;
            }
            if (e.getValue().isNull())
            {
                diags.error(e.getValue(), (query ? "query parameter" : "header") + " match \"" + e.getKey()
                        + "\" cannot be null (write {} to match presence)");
                continue;
            }
            final StringMatch sm = stringMatch(e.getValue(), true);
            if (sm == null)
            {
                continue;
            }
            out.put(lowerCase ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey(), sm);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param node         a {@code StringMatch} mapping.
     * @param emptyPresent {@code {}} means "present" (headers, queryParams) instead of an error.
     * @return the match, or {@code null} when absent or invalid (reported).
     */
    StringMatch stringMatch(final YamlNode node, final boolean emptyPresent)
    {
        final FieldReader s = FieldReader.of(node, diags, ERROR, "exact", "prefix", "regex");
        if (!s.present())
        {
            return null;
        }
        int set = 0;
        StringMatch out = null;
        if (s.has("exact"))
        {
            set++;
            out = StringMatch.exact(s.string("exact"));
        }
        if (s.has("prefix"))
        {
            set++;
            out = StringMatch.prefix(s.string("prefix"));
        }
        if (s.has("regex"))
        {
            set++;
            final String re = s.string("regex");
            out = re != null && compiles(s.field("regex"), re) ? StringMatch.regex(re) : null;
        }
        if (set == 0)
        {
            if (emptyPresent && node.fields().isEmpty())
            {
                return StringMatch.present();
            }
            if (node.fields().isEmpty())
            {
                diags.error(node, "string match must set exactly one of \"exact\", \"prefix\", \"regex\"");
            }
            return null;
        }
        if (set > 1)
        {
            diags.error(node, "string match sets " + set
                    + " of \"exact\", \"prefix\", \"regex\"; exactly one is allowed");
            return null;
        }
        return out == null || out.value() == null ? null : out;
    }

    private boolean compiles(final YamlNode at, final String regex)
    {
        final String overLimit = RegexLimits.check(regex);
        if (overLimit != null)
        {
            diags.error(at, overLimit);
            return false;
        }
        try
        {
            Pattern.compile(regex);
            return true;
        }
        catch (final PatternSyntaxException e)
        {
            diags.error(at, "invalid RE2 regex: " + e.getMessage());
            return false;
        }
    }

    // ---- destinations -------------------------------------------------------------------------------

    /**
     * @param r         the route.
     * @param field     {@code route}.
     * @param http      HTTP route destinations (may carry {@code headers}).
     * @return the weighted destinations, validated.
     */
    List<RouteDestination> destinations(final FieldReader r, final String field, final boolean http)
    {
        final List<RouteDestination> out = new ArrayList<>();
        long sum = 0;
        boolean negative = false;
        for (final YamlNode item : r.list(field))
        {
            final FieldReader d = http
                    ? FieldReader.of(item, diags, ERROR, "destination", "weight", "headers")
                    : FieldReader.of(item, diags, ERROR, "destination", "weight");
            if (!d.present())
            {
                continue;
            }
            if (!d.has("destination"))
            {
                d.missing("destination");
            }
            final Destination dest = destination(d.field("destination"));
            final YamlNode w = d.field("weight");
            long weight = 0;
            if (w != null)
            {
                final Long l = FieldReader.asLong(w, diags);
                if (l != null && l < 0)
                {
                    diags.error(w, "weight must not be negative, got " + l);
                    negative = true;
                }
                else if (l != null && l > Integer.MAX_VALUE)
                {
                    diags.error(w, "weight " + l + " is too large");
                    negative = true;
                }
                else if (l != null)
                {
                    weight = l;
                }
            }
            final HttpRoute.HeaderOperations ops = http ? headers(d.field("headers")) : HttpRoute.HeaderOperations.NONE;
            sum += weight;
            if (dest != null)
            {
                out.add(new RouteDestination(dest, (int)weight, ops));
            }
        }
        if (r.has(field) && r.list(field).isEmpty() && r.field(field).isSeq())
        {
            diags.error(r.field(field), "\"" + field + "\" must list at least one destination");
        }
        if (r.list(field).size() > 1 && sum == 0 && !negative)
        {
            diags.error(r.field(field), "the weights of the " + r.list(field).size()
                    + " destinations sum to 0: no destination would get traffic");
        }
        return List.copyOf(out);
    }

    Destination destination(final YamlNode node)
    {
        final FieldReader d = FieldReader.of(node, diags, ERROR, "host", "subset", "port");
        if (!d.present())
        {
            return null;
        }
        final String host = d.requiredString("host");
        final String subset = d.string("subset");
        final FieldReader port = d.object("port", ERROR, "number");
        final int number = port.integerIn("number", 1, 65535, 0);
        if (host == null)
        {
            return null;
        }
        if (host.isEmpty())
        {
            diags.error(d.field("host"), "destination host must not be empty");
            return null;
        }
        final Destination dest = new Destination(Names.resolveHost(host, namespace),
                subset == null || subset.isEmpty() ? null : subset, number);
        refs.destination(dest, node);
        return dest;
    }

    // ---- actions ------------------------------------------------------------------------------------

    private HttpRoute.Redirect redirect(final YamlNode node)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "uri", "authority", "port", "derivePort", "scheme",
                "redirectCode");
        if (!r.present())
        {
            return null;
        }
        int port = r.integerIn("port", 1, 65535, 0);
        final String derive = r.string("derivePort");
        if (derive != null)
        {
            if (r.has("port"))
            {
                diags.error(r.field("derivePort"), "\"port\" and \"derivePort\" cannot both be set");
            }
            else if (derive.equals("FROM_REQUEST_PORT"))
            {
                port = HttpRoute.Redirect.FROM_REQUEST_PORT;
            }
            else if (!derive.equals("FROM_PROTOCOL_DEFAULT"))
            {
                diags.error(r.field("derivePort"),
                        "expected FROM_PROTOCOL_DEFAULT or FROM_REQUEST_PORT, got \"" + derive + "\"");
            }
        }
        int code = 301;
        if (r.has("redirectCode"))
        {
            final long c = r.integer("redirectCode", 301);
            if (c < 300 || c > 399)
            {
                diags.error(r.field("redirectCode"), c + " is not a valid redirect code, must be 3xx");
            }
            else
            {
                code = (int)c;
            }
        }
        if (!r.has("uri") && !r.has("authority") && !r.has("port") && !r.has("scheme") && !r.has("derivePort"))
        {
            diags.error(r.node(), "redirect must set \"uri\", \"authority\", \"scheme\" or \"port\"");
        }
        return new HttpRoute.Redirect(r.string("uri"), r.string("authority"), port, r.string("scheme"), code);
    }

    private HttpRoute.DirectResponse directResponse(final YamlNode node)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "status", "body");
        if (!r.present())
        {
            return null;
        }
        int status = 0;
        if (!r.has("status"))
        {
            r.missing("status");
        }
        else
        {
            status = r.integerIn("status", 200, 599, 0);
        }
        String body = null;
        final FieldReader b = r.object("body", ERROR, "string", "bytes");
        if (b.present())
        {
            if (b.has("string") && b.has("bytes"))
            {
                diags.error(b.node(), "body sets both \"string\" and \"bytes\"; exactly one is allowed");
            }
            else if (b.has("string"))
            {
                body = b.string("string");
            }
            else if (b.has("bytes"))
            {
                final String base64 = b.string("bytes");
                try
                {
                    body = base64 == null ? null
                            : new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
                }
                catch (final IllegalArgumentException e)
                {
                    diags.error(b.field("bytes"), "\"bytes\" must be base64: " + e.getMessage());
                }
            }
            else
            {
                diags.error(b.node(), "body must set \"string\" or \"bytes\"");
            }
        }
        return new HttpRoute.DirectResponse(status, body);
    }

    private HttpRoute.Rewrite rewrite(final YamlNode node)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "uri", "authority", "uriRegexRewrite");
        if (!r.present())
        {
            return null;
        }
        HttpRoute.RegexRewrite regex = null;
        final FieldReader rr = r.object("uriRegexRewrite", ERROR, "match", "rewrite");
        if (rr.present())
        {
            final String match = rr.requiredString("match");
            final String rewrite = rr.requiredString("rewrite");
            if (match != null && compiles(rr.field("match"), match) && rewrite != null)
            {
                regex = new HttpRoute.RegexRewrite(match, rewrite);
            }
        }
        if (r.has("uri") && r.has("uriRegexRewrite"))
        {
            diags.error(r.field("uriRegexRewrite"), "rewrite may not set both \"uri\" and \"uriRegexRewrite\"");
        }
        if (!r.has("uri") && !r.has("authority") && !r.has("uriRegexRewrite"))
        {
            diags.error(r.node(), "rewrite must set \"uri\", \"authority\" or \"uriRegexRewrite\"");
        }
        return new HttpRoute.Rewrite(r.string("uri"), r.string("authority"), regex);
    }

    private HttpRoute.Fault fault(final YamlNode node)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "delay", "abort");
        if (!r.present())
        {
            return null;
        }
        if (!r.has("delay") && !r.has("abort"))
        {
            diags.error(r.node(), "fault must set \"delay\" or \"abort\"");
        }
        HttpRoute.Delay delay = null;
        final FieldReader d = r.object("delay", ERROR, "fixedDelay", "exponentialDelay", "percentage", "percent");
        if (d.present())
        {
            if (d.has("exponentialDelay"))
            {
                diags.error(d.field("exponentialDelay"), "exponentialDelay is not supported (Istio does not either)");
            }
            final long nanos = duration(d, "fixedDelay", true);
            if (nanos >= 0 && nanos < 1_000_000L)
            {
                diags.error(d.field("fixedDelay"), "fixedDelay must be at least 1ms");
            }
            delay = new HttpRoute.Delay(Math.max(0, nanos) / 1_000_000L, percentage(d));
        }
        HttpRoute.Abort abort = null;
        final FieldReader a = r.object("abort", ERROR, "httpStatus", "grpcStatus", "http2Error", "percentage");
        if (a.present())
        {
            abort = AbortStatus.read(a, diags, percentage(a));
        }
        return new HttpRoute.Fault(abort, delay);
    }

    /**
     * {@code percentage: {value: x}} (0..100), or the deprecated integer {@code percent}; 0 when both are absent,
     * as Istio translates it: a delay without either gets Envoy percentage {@code percent} (an int32 whose
     * default is 0), an abort without {@code percentage} gets none and Envoy's fault filter reads the
     * message's default, 0.
     */
    private double percentage(final FieldReader r)
    {
        if (r.has("percentage"))
        {
            return percent(r.object("percentage", ERROR, "value"), 0.0);
        }
        if (r.has("percent"))
        {
            return r.integerIn("percent", 0, 100, 0);
        }
        return 0.0;
    }

    private double percent(final FieldReader p, final double dflt)
    {
        if (!p.present())
        {
            return dflt;
        }
        final Double v = p.number("value");
        if (v == null)
        {
            return p.has("value") ? dflt : 0.0;
        }
        if (v < 0 || v > 100 || v.isNaN())
        {
            diags.error(p.field("value"), "percentage must be in 0..100, got " + p.field("value").text());
            return dflt;
        }
        return v;
    }

    private List<HttpRoute.Mirror> mirrors(final FieldReader r)
    {
        final List<HttpRoute.Mirror> out = new ArrayList<>();
        if (r.has("mirror"))
        {
            double pct = 100.0;
            if (r.has("mirrorPercentage"))
            {
                pct = percent(r.object("mirrorPercentage", ERROR, "value"), 100.0);
            }
            else if (r.has("mirrorPercent"))
            {
                pct = r.integerIn("mirrorPercent", 0, 100, 100);
            }
            final Destination d = destination(r.field("mirror"));
            if (d != null)
            {
                out.add(new HttpRoute.Mirror(d, pct));
            }
        }
        else if (r.has("mirrorPercentage") || r.has("mirrorPercent"))
        {
            diags.error(r.has("mirrorPercentage") ? r.field("mirrorPercentage") : r.field("mirrorPercent"),
                    "mirror percentage without \"mirror\"");
        }
        if (r.has("mirror") && r.has("mirrors"))
        {
            diags.error(r.field("mirrors"), "\"mirror\" and \"mirrors\" cannot both be set");
        }
        for (final YamlNode m : r.list("mirrors"))
        {
            final FieldReader mr = FieldReader.of(m, diags, ERROR, "destination", "percentage");
            if (!mr.present())
            {
                continue;
            }
            if (!mr.has("destination"))
            {
                mr.missing("destination");
            }
            final Destination d = destination(mr.field("destination"));
            final double pct = percent(mr.object("percentage", ERROR, "value"), 100.0);
            if (d != null)
            {
                out.add(new HttpRoute.Mirror(d, pct));
            }
        }
        return List.copyOf(out);
    }

    HttpRoute.HeaderOperations headers(final YamlNode node)
    {
        final FieldReader h = FieldReader.of(node, diags, ERROR, "request", "response");
        if (!h.present())
        {
            return HttpRoute.HeaderOperations.NONE;
        }
        final HttpRoute.HeaderOperations request = headerOps(h.object("request", ERROR, "set", "add", "remove"));
        headerOps(h.object("response", ERROR, "set", "add", "remove"));
        return request;
    }

    private HttpRoute.HeaderOperations headerOps(final FieldReader r)
    {
        if (!r.present())
        {
            return HttpRoute.HeaderOperations.NONE;
        }
        final List<String> remove = new ArrayList<>();
        for (final String s : r.stringList("remove"))
        {
            final String name = s.toLowerCase(Locale.ROOT);
            if (!internal(name))
            {
                remove.add(name); // Istio drops removals of pseudo-headers and host
            }
        }
        final Map<String, String> set = new LinkedHashMap<>(lowerKeys(r, "set"));
        final Map<String, String> add = new LinkedHashMap<>(lowerKeys(r, "add"));
        String authority = authority(add);
        final String setAuthority = authority(set);
        if (setAuthority != null)
        {
            authority = setAuthority;
        }
        set.keySet().removeIf(HttpRouteBinder::internal);
        add.keySet().removeIf(HttpRouteBinder::internal);
        return new HttpRoute.HeaderOperations(Collections.unmodifiableMap(set), Collections.unmodifiableMap(add),
                List.copyOf(remove), authority);
    }

    /** Istio's {@code isInternalHeader}: a pseudo-header or {@code host}, which Envoy cannot set as a header. */
    private static boolean internal(final String name)
    {
        return name.startsWith(":") || name.equals("host");
    }

    /** Istio's {@code isAuthorityHeader}: a {@code host} or {@code :authority} value rewrites the authority. */
    private static String authority(final Map<String, String> ops)
    {
        String authority = null;
        for (final Map.Entry<String, String> e : ops.entrySet())
        {
            if (e.getKey().equals("host") || e.getKey().equals(":authority"))
            {
                authority = e.getValue();
            }
        }
        return authority;
    }

    private Map<String, String> lowerKeys(final FieldReader r, final String field)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : r.stringMap(field).entrySet())
        {
            if (!validHeaderName(e.getKey()))
            {
                diags.error(r.field(field).key(e.getKey()), "invalid header name \"" + e.getKey() + "\"");
                continue;
            }
            out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param name a header name.
     * @return whether it is an HTTP token (RFC 9110 {@code tchar}s), optionally with a leading {@code :}
     *         (pseudo-headers).
     */
    static boolean validHeaderName(final String name)
    {
        final int start = name.startsWith(":") ? 1 : 0;
        if (name.length() <= start)
        {
            return false;
        }
        for (int i = start; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final boolean ok = c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    // ---- accepted, not modelled ---------------------------------------------------------------------

    private void checkTimeouts(final FieldReader r)
    {
        final long timeout = duration(r, "timeout", false);
        if (timeout >= 0 && (timeout < 1_000_000L || timeout % 1_000_000L != 0))
        {
            // Istio's ValidateDuration (agent/validation.go) for the route timeout.
            diags.error(r.field("timeout"), timeout < 1_000_000L ? "timeout must be at least 1ms"
                    : "timeout: only durations to millisecond precision are supported");
        }
        final FieldReader retries = r.object("retries", ERROR, "attempts", "perTryTimeout", "retryOn",
                "retryRemoteLocalities", "retryIgnorePreviousHosts", "backoff");
        retries.integerIn("attempts", 0, Integer.MAX_VALUE, 0);
        duration(retries, "perTryTimeout", false);
        duration(retries, "backoff", false);
        retries.string("retryOn");
        retries.bool("retryRemoteLocalities", false);
        retries.bool("retryIgnorePreviousHosts", false);
    }

    /** @return the duration in nanoseconds, -1 when absent or invalid (reported). */
    long duration(final FieldReader r, final String name, final boolean required)
    {
        if (!r.has(name))
        {
            if (required && r.present())
            {
                r.missing(name);
            }
            return -1;
        }
        final String text = r.string(name);
        if (text == null)
        {
            return -1;
        }
        final long nanos = Names.parseDurationNanos(text);
        if (nanos == Names.DURATION_OUT_OF_RANGE)
        {
            diags.error(r.field(name), name + " \"" + text + "\" is out of range: at most " + Names.MAX_DURATION_TEXT
                    + " (Go's time.Duration, as Istio reads it)");
            return -1;
        }
        if (nanos < 0)
        {
            diags.error(r.field(name), "expected a duration such as 5s, 100ms or 1.5s, got \"" + text + "\"");
        }
        return nanos;
    }
}
