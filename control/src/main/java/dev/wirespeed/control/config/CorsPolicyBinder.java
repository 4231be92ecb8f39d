package dev.wirespeed.control.config;

import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.StringMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;

/**
 * Binds a VirtualService route's {@code corsPolicy} with Istio's checks ({@code validateCORSPolicy}): an
 * {@code allowOrigins} entry is an exact, prefix or regex match with a non-empty value (a valid RE2 regex),
 * {@code allowMethods} are HTTP methods Go knows (or {@code *}), {@code allowHeaders} and {@code exposeHeaders}
 * are header names (or {@code *}), {@code maxAge} is a whole number of seconds, {@code unmatchedPreflights} is
 * {@code FORWARD}, {@code IGNORE} or {@code UNSPECIFIED}. What the decision reads is what Istio's
 * {@code TranslateCORSPolicy} gives Envoy: the origin matchers ({@code allowOrigins}, else the deprecated
 * {@code allowOrigin} as exact matches) and {@code forward_not_matching_preflights}.
 */
final class CorsPolicyBinder
{
    /** Istio's {@code supportedCORSMethods}: Go's {@code net/http} method names and {@code *}. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "*");
    /** The regex Istio writes for a Gateway API origin {@code *}: a valid origin {@code scheme://host(:port)}. */
    static final String ANY_ORIGIN = "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$";

    /** RFC 7230 {@code tchar}s, Istio's {@code validHeaderNameRegex}. */
    private static final String TCHARS_PUNCTUATION = "!#$%&'*+-.^_`|~";

    private final Diagnostics diags;
    private final HttpRouteBinder routes;

    CorsPolicyBinder(final Diagnostics diags, final HttpRouteBinder routes)
    {
        this.diags = diags;
        this.routes = routes;
    }

    /**
     * @param node the {@code corsPolicy} value, or {@code null}.
     * @return the policy, or {@code null} when absent or not a mapping (reported).
     */
    HttpRoute.Cors bind(final YamlNode node)
    {
        final FieldReader c = FieldReader.of(node, diags, ERROR, "allowOrigin", "allowOrigins", "allowMethods",
                "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials", "unmatchedPreflights");
        if (!c.present())
        {
            return null;
        }
        final List<StringMatch> origins = new ArrayList<>();
        for (final YamlNode o : c.list("allowOrigins"))
        {
            final StringMatch m = routes.stringMatch(o, false);
            if (m != null && m.value().isEmpty())
            {
                // Istio's validateAllowOrigins
                diags.error(o, "'' is not a valid match type for CORS allow origins");
            }
            else if (m != null)
            {
                origins.add(m);
            }
        }
        final List<String> deprecated = c.stringList("allowOrigin");
        if (!c.has("allowOrigins") || c.list("allowOrigins").isEmpty())
        {
            // Istio's TranslateCORSPolicy: allowOrigins when set, else allowOrigin as exact matches (unchecked)
            for (final String o : deprecated)
            {
                origins.add(StringMatch.exact(o));
            }
        }
        for (final YamlNode m : c.list("allowMethods"))
        {
            final String method = FieldReader.asString(m, diags);
            if (method != null && !METHODS.contains(method))
            {
                diags.error(m, "\"" + method + "\" is not a supported HTTP method (expected one of GET, HEAD, POST, "
                        + "PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE or *)");
            }
        }
        headerNames(c, "allowHeaders");
        headerNames(c, "exposeHeaders");
        final long maxAge = routes.duration(c, "maxAge", false);
        if (maxAge >= 0 && maxAge < 1_000_000L)
        {
            diags.error(c.field("maxAge"), "maxAge must be at least 1ms"); // Istio's ValidateDuration
        }
        else if (maxAge >= 0 && maxAge % 1_000_000_000L != 0)
        {
            diags.error(c.field("maxAge"), "max_age duration is accurate only to seconds precision");
        }
        c.bool("allowCredentials", false);
        final String unmatched = c.string("unmatchedPreflights");
        if (unmatched != null && !Set.of("UNSPECIFIED", "FORWARD", "IGNORE").contains(unmatched))
        {
            diags.error(c.field("unmatchedPreflights"), "unmatchedPreflights must be FORWARD, IGNORE or UNSPECIFIED"
                    + ", got \"" + unmatched + "\"");
        }
        return new HttpRoute.Cors(List.copyOf(origins), !"IGNORE".equals(unmatched));
    }

    /**
     * A Gateway API HTTPRoute {@code CORS} filter as Istio converts it ({@code createCorsFilter}): an origin
     * {@code *} becomes a regex of any {@code scheme://host[:port]} (which does not match {@code *} itself, so it
     * does not allow every origin the way Envoy's {@code *} does), an origin without {@code *} an exact match, one
     * ending in its only {@code *} a prefix match, any other a regex where each {@code *} is {@code .*}; empty
     * origins are skipped. {@code unmatchedPreflights} is always {@code IGNORE}: Envoy answers every preflight.
     *
     * @param f the {@code cors} field of the filter.
     * @return the policy.
     */
    static HttpRoute.Cors gatewayFilter(final FieldReader f)
    {
        final List<StringMatch> origins = new ArrayList<>();
        for (final String origin : f.stringList("allowOrigins"))
        {
            if (origin.isEmpty())
            {
                continue;
            }
            if (origin.equals("*"))
            {
                origins.add(StringMatch.regex(ANY_ORIGIN));
            }
            else if (origin.indexOf('*') < 0)
            {
                origins.add(StringMatch.exact(origin));
            }
            else if (origin.indexOf('*') == origin.length() - 1)
            {
                origins.add(StringMatch.prefix(origin.substring(0, origin.length() - 1)));
            }
            else
            {
                origins.add(StringMatch.regex("^" + quoteMeta(origin).replace("\\*", ".*") + "$"));
            }
        }
        f.stringList("allowMethods");
        f.stringList("allowHeaders");
        f.stringList("exposeHeaders");
        f.bool("allowCredentials", false);
        f.integer("maxAge", 5);
        return new HttpRoute.Cors(List.copyOf(origins), false);
    }

    /** Go's {@code regexp.QuoteMeta}: a backslash before each of {@code \.+*?()|[]{}^$}. */
    static String quoteMeta(final String s)
    {
        final StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++)
        {
            final char ch = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(ch) >= 0)
            {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    private void headerNames(final FieldReader c, final String field)
    {
        for (final YamlNode h : c.list(field))
        {
            final String name = FieldReader.asString(h, diags);
            if (name == null)
            {
                continue;
            }
            if (name.isEmpty())
            {
                diags.error(h, "header name cannot be empty");
            }
            else if (!"*".equals(name) && !isToken(name))
            {
                diags.error(h, "header name " + name + " is not a valid header name");
            }
        }
    }

    /** @return whether every character is an RFC 7230 {@code tchar}. */
    static boolean isToken(final String name)
    {
        for (int i = 0; i < name.length(); i++)
        {
            final char ch = name.charAt(i);
            final boolean alnum = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9';
            if (!alnum && TCHARS_PUNCTUATION.indexOf(ch) < 0)
            {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
