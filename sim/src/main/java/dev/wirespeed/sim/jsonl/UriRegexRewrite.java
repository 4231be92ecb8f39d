package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Regexes;
import dev.wirespeed.fib.l7.StringPool;

import java.util.Arrays;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * A route's {@code regexRewrite} of the request URI as bytes: an {@link AsciiRegexMatcher} per regex (a Pike VM
 * over the URI's bytes, or RE2/J for a regex outside its subset) finds the matches, and the replacement, parsed
 * once per route into literal bytes and group numbers exactly as RE2/J's {@code appendReplacement} reads the
 * converted Istio template ({@link ReferenceRouter#re2jReplacement}), is copied from the input's groups. What it
 * writes is the reference's {@code matcher(uri).replaceAll(...)}. Nothing is allocated per record unless the regex
 * is outside the matcher's subset (then RE2/J allocates its match state; docs/performance.md). Part of
 * {@link DecisionEncoder}.
 */
final class UriRegexRewrite
{
    private static final int UNKNOWN = 0;
    private static final int READY = 1;
    private static final int REFERENCE = 2;

    private final IndexedTable actions;
    private final StringPool strings;
    private final L7Regexes regexes;
    private AsciiRegexMatcher[] matchers = new AsciiRegexMatcher[0];
    private int[][] templates = new int[0][];
    private byte[] states = new byte[0];
    private byte[] input = new byte[256];
    private byte[] result = new byte[256];
    private int resultLength;

    UriRegexRewrite(final IndexedTable actions, final StringPool strings, final L7Regexes regexes)
    {
        this.actions = actions;
        this.strings = strings;
        this.regexes = regexes;
    }

    /** @return the rewritten URI of the last {@link #rewrite} (its length is {@link #length()}). */
    byte[] result()
    {
        return result;
    }

    int length()
    {
        return resultLength;
    }

    /**
     * Rewrites the request's URI (its path before the query; after the route's prefix rewrite, if any, as the
     * reference does) with route {@code route}'s regex.
     *
     * @return false when the String reference must decide (non-ASCII text, a template RE2/J would refuse).
     */
    boolean rewrite(final int route, final int a, final RequestText q, final int prefixLength)
    {
        final int regex = actions.intAt(a + R_REGEX_REWRITE);
        final int[] template = template(route, a, regex);
        if (template == null)
        {
            return false;
        }
        final int n = uri(a, q, prefixLength);
        if (n < 0)
        {
            return false;
        }
        replaceAll(matcher(regex), template, input, n);
        return true;
    }

    /**
     * RE2/J's {@code replaceAll} over ASCII bytes, into {@link #result()}.
     *
     * @param m        a matcher of the pattern (reset here).
     * @param template the replacement program ({@link #parse}).
     * @param in       the input bytes (ASCII).
     * @param n        the input's length.
     */
    void replaceAll(final AsciiRegexMatcher m, final int[] template, final byte[] in, final int n)
    {
        m.reset(in, n, usesGroups(template));
        int out = 0;
        int append = 0;
        while (m.find())
        {
            final int s = m.start(0);
            out = copy(in, append, s, out);
            for (final int t : template)
            {
                if (t >= 0)
                {
                    out = room(out, 1);
                    result[out++] = (byte)t;
                }
                else
                {
                    final int g = -t - 1;
                    final int gs = m.start(g);
                    if (gs >= 0)
                    {
                        out = copy(in, gs, m.end(g), out);
                    }
                }
            }
            append = m.end(0);
        }
        resultLength = copy(in, append, n, out);
    }

    /** The URI the regex reads, into {@link #input}: -1 when it is not ASCII. */
    private int uri(final int a, final RequestText q, final int prefixLength)
    {
        final int uriLength = q.uriLength();
        final int rwUri = actions.intAt(a + R_REWRITE_URI);
        int n = 0;
        int from = 0;
        if (rwUri >= 0)
        {
            n = strings.length(rwUri);
            from = prefixLength >= 0 ? prefixLength : uriLength;
            if (from > uriLength)
            {
                return -1;
            }
        }
        final int total = n + uriLength - from;
        if (input.length < total)
        {
            input = new byte[Integer.highestOneBit(total) << 1];
        }
        if (rwUri >= 0)
        {
            strings.copyTo(rwUri, input, 0);
        }
        System.arraycopy(q.path, from, input, n, uriLength - from);
        return JsonBytes.isAscii(input, 0, total) ? total : -1;
    }

    private int room(final int out, final int n)
    {
        if (result.length < out + n)
        {
            result = Arrays.copyOf(result, Integer.highestOneBit(out + n) << 1);
        }
        return out;
    }

    private int copy(final byte[] src, final int from, final int to, final int out)
    {
        final int n = to - from;
        if (n <= 0)
        {
            return out;
        }
        room(out, n);
        System.arraycopy(src, from, result, out, n);
        return out + n;
    }

    private AsciiRegexMatcher matcher(final int regex)
    {
        if (regex >= matchers.length)
        {
            matchers = Arrays.copyOf(matchers, Math.max(regex + 1, regexes.size()));
        }
        AsciiRegexMatcher m = matchers[regex];
        if (m == null)
        {
            m = AsciiRegexMatcher.of(regexes.pattern(regex));
            matchers[regex] = m;
        }
        return m;
    }

    /** @return whether a replacement program copies a group above 0. */
    static boolean usesGroups(final int[] template)
    {
        for (final int t : template)
        {
            if (t < -1)
            {
                return true;
            }
        }
        return false;
    }

    /** The route's replacement program (once per route), or null when the reference must decide. */
    private int[] template(final int route, final int a, final int regex)
    {
        if (route >= states.length)
        {
            final int n = Math.max(route + 1, states.length * 2);
            states = Arrays.copyOf(states, n);
            templates = Arrays.copyOf(templates, n);
        }
        if (states[route] == UNKNOWN)
        {
            final String istio = strings.string(actions.intAt(a + R_REGEX_REPLACEMENT));
            final int[] t = istio == null ? null
                : parse(ReferenceRouter.re2jReplacement(istio), regexes.pattern(regex).groupCount());
            templates[route] = t;
            states[route] = (byte)(t == null ? REFERENCE : READY);
        }
        return states[route] == READY ? templates[route] : null;
    }

    /**
     * RE2/J's {@code appendReplacement} reading of a replacement, as a program: a byte (≥ 0) is literal, -(g + 1)
     * copies group g. Off the hot path (once per route).
     *
     * @return the program, or null for what the reference would refuse or this class does not write (a group
     *         number over the pattern's, a named group, non-ASCII text).
     */
    static int[] parse(final String replacement, final int groupCount)
    {
        final int m = replacement.length();
        for (int i = 0; i < m; i++)
        {
            if (replacement.charAt(i) >= 0x80)
            {
                return null;
            }
        }
        final int[] program = new int[m];
        int n = 0;
        int last = 0;
        for (int i = 0; i < m - 1; i++)
        {
            final char c = replacement.charAt(i);
            if (c == '\\')
            {
                n = literal(replacement, last, i, program, n);
                i++;
                last = i;
                continue;
            }
            if (c == '$')
            {
                final char d = replacement.charAt(i + 1);
                if (d < '0' || d > '9')
                {
                    if (d == '{')
                    {
                        return null;
                    }
                    continue;
                }
                n = literal(replacement, last, i, program, n);
                int g = d - '0';
                for (i += 2; i < m; i++)
                {
                    final char e = replacement.charAt(i);
                    if (e < '0' || e > '9' || g * 10 + e - '0' > groupCount)
                    {
                        break;
                    }
                    g = g * 10 + e - '0';
                }
                if (g > groupCount)
                {
                    return null;
                }
                program[n++] = -(g + 1);
                last = i;
                i--;
            }
        }
        n = literal(replacement, last, m, program, n);
        return Arrays.copyOf(program, n);
    }

    private static int literal(final String s, final int from, final int to, final int[] program, final int n)
    {
        int k = n;
        for (int i = from; i < to; i++)
        {
            program[k++] = s.charAt(i);
        }
        return k;
    }
}
