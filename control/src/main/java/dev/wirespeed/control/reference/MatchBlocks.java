package dev.wirespeed.control.reference;

import com.google.re2j.Pattern;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.StringMatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The match-block test of the reference interpreter (docs/routing.md §2): every condition of a block must
 * hold. {@link #whyNot} also says which condition failed first and why, in the words {@code explain} prints
 * ({@code header `end-user` exact `jason` ≠ `bob`}); the plain test, {@link #matches}, is kept as small as it
 * was before explain existed, so the walk without a listener runs the same code. Thread-safe (it
 * keeps only a regex cache).
 */
final class MatchBlocks
{
    /** What {@link #firstFailure} returns for a failed block when no description is asked for. */
    static final String FAILED = "failed";

    private final Map<String, Pattern> regexCache = new ConcurrentHashMap<>();

    /** Whether every condition of a block holds (the decision; {@link #whyNot} only words a failure). */
    boolean matches(final HttpMatch m, final RequestFacts r)
    {
        if (m.uri() != null && !stringMatches(m.uri(), r.uri(), m.ignoreUriCase()))
        {
            return false;
        }
        if (m.scheme() != null && !stringMatches(m.scheme(), r.scheme(), false))
        {
            return false;
        }
        if (m.method() != null && !stringMatches(m.method(), r.method(), false))
        {
            return false;
        }
        if (m.authority() != null && !stringMatches(m.authority(), r.authority(), false))
        {
            return false;
        }
        for (final Map.Entry<String, StringMatch> e : m.headers().entrySet())
        {
            final String v = r.headers().get(e.getKey());
            if (v == null || !stringMatches(e.getValue(), v, false))
            {
                return false;
            }
        }
        for (final Map.Entry<String, StringMatch> e : m.withoutHeaders().entrySet())
        {
            // Istio sets treat_missing_header_as_empty on an inverted value match: a missing header reads as ""
            final String v = r.headers().get(e.getKey());
            final boolean present = e.getValue().kind() == StringMatch.Kind.PRESENT;
            if (v == null ? !present && stringMatches(e.getValue(), "", false) : stringMatches(e.getValue(), v, false))
            {
                return false;
            }
        }
        for (final Map.Entry<String, StringMatch> e : m.queryParams().entrySet())
        {
            final String v = r.query(e.getKey());
            if (v == null || !stringMatches(e.getValue(), v, false))
            {
                return false;
            }
        }
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
     * @param m a block that does not match.
     * @param r the request.
     * @return its first condition that fails, in words; {@code null} if every condition holds.
     */
    String whyNot(final HttpMatch m, final RequestFacts r)
    {
        return firstFailure(m, r, true);
    }

    /**
     * @param m        a match block.
     * @param r        the request.
     * @param describe whether to say what failed ({@link #FAILED} else).
     * @return {@code null} when every condition holds, else the first condition that fails.
     */
    private String firstFailure(final HttpMatch m, final RequestFacts r, final boolean describe)
    {
        if (m.uri() != null && !stringMatches(m.uri(), r.uri(), m.ignoreUriCase()))
        {
            return describe ? failure("uri", m.uri(), r.uri()) + (m.ignoreUriCase() ? " (ignoreUriCase)" : "")
                    : FAILED;
        }
        if (m.scheme() != null && !stringMatches(m.scheme(), r.scheme(), false))
        {
            return describe ? failure("scheme", m.scheme(), r.scheme()) : FAILED;
        }
        if (m.method() != null && !stringMatches(m.method(), r.method(), false))
        {
            return describe ? failure("method", m.method(), r.method()) : FAILED;
        }
        if (m.authority() != null && !stringMatches(m.authority(), r.authority(), false))
        {
            return describe ? failure("authority", m.authority(), r.authority()) : FAILED;
        }
        for (final Map.Entry<String, StringMatch> e : m.headers().entrySet())
        {
            final String v = r.headers().get(e.getKey());
            if (v == null || !stringMatches(e.getValue(), v, false))
            {
                return describe ? failure("header `" + e.getKey() + "`", e.getValue(), v) : FAILED;
            }
        }
        for (final Map.Entry<String, StringMatch> e : m.withoutHeaders().entrySet())
        {
            // Istio sets treat_missing_header_as_empty on an inverted value match: a missing header reads as ""
            final String v = r.headers().get(e.getKey());
            final boolean present = e.getValue().kind() == StringMatch.Kind.PRESENT;
            if (v == null ? !present && stringMatches(e.getValue(), "", false) : stringMatches(e.getValue(), v, false))
            {
                return describe ? "withoutHeaders `" + e.getKey() + "` " + condition(e.getValue()) + " holds for "
                        + (v == null ? "the missing header (read as ``)" : "`" + v + "`") : FAILED;
            }
        }
        for (final Map.Entry<String, StringMatch> e : m.queryParams().entrySet())
        {
            final String v = r.query(e.getKey());
            if (v == null || !stringMatches(e.getValue(), v, false))
            {
                return describe ? failure("query `" + e.getKey() + "`", e.getValue(), v) : FAILED;
            }
        }
        return proxyFailure(m, r, describe);
    }

    /** The conditions on the proxy and the client: port, source labels and namespace, gateways. */
    private static String proxyFailure(final HttpMatch m, final RequestFacts r, final boolean describe)
    {
        if (m.port() != 0 && m.port() != r.port())
        {
            return describe ? "port " + m.port() + " ≠ " + r.port() : FAILED;
        }
        for (final Map.Entry<String, String> e : m.sourceLabels().entrySet())
        {
            if (!e.getValue().equals(r.sourceLabels().get(e.getKey())))
            {
                final String v = r.sourceLabels().get(e.getKey());
                return describe ? "sourceLabels `" + e.getKey() + "` `" + e.getValue() + "` ≠ "
                        + (v == null ? "(absent)" : "`" + v + "`") : FAILED;
            }
        }
        if (m.sourceNamespace() != null && !m.sourceNamespace().equals(r.sourceNamespace()))
        {
            return describe ? "sourceNamespace `" + m.sourceNamespace() + "` ≠ `" + r.sourceNamespace() + "`"
                    : FAILED;
        }
        if (!m.gateways().isEmpty() && !m.gateways().contains(r.gateway()))
        {
            return describe ? "gateways " + m.gateways() + " do not hold `" + r.gateway() + "`" : FAILED;
        }
        return null;
    }

    /**
     * @param text a failure's words, or {@code null} when {@link #whyNot} found none.
     * @return the words, never {@code null} for a block {@link #matches} rejected.
     */
    static String why(final String text)
    {
        return text != null ? text : "a condition failed";
    }

    private static String failure(final String what, final StringMatch m, final String actual)
    {
        return what + " " + condition(m) + (actual == null ? ": absent" : " ≠ `" + actual + "`");
    }

    /**
     * @param m a string condition.
     * @return how {@code explain} writes it: {@code exact `v`}, {@code prefix `v`}, {@code regex `v`},
     *         {@code present}.
     */
    static String condition(final StringMatch m)
    {
        return m.kind() == StringMatch.Kind.PRESENT ? "present"
                : m.kind().name().toLowerCase(java.util.Locale.ROOT) + " `" + m.value() + "`";
    }

    boolean stringMatches(final StringMatch m, final String value, final boolean ignoreCase)
    {
        switch (m.kind())
        {
            case EXACT:
                return ignoreCase
                        ? RequestFacts.asciiLower(value).equals(RequestFacts.asciiLower(m.value()))
                        : value.equals(m.value());
            case PREFIX:
                return ignoreCase
                        ? RequestFacts.asciiLower(value).startsWith(RequestFacts.asciiLower(m.value()))
                        : value.startsWith(m.value());
            case REGEX:
                return pattern(m.value()).matcher(value).matches();
            default:
                return true;
        }
    }

    Pattern pattern(final String regex)
    {
        return regexCache.computeIfAbsent(regex, Pattern::compile);
    }
}
