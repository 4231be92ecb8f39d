package dev.wirespeed.fib.l7;

import com.google.re2j.Pattern;

import java.nio.charset.StandardCharsets;

/**
 * The side array of compiled RE2/J patterns a compiled FIB refers to by index (regex conditions and
 * {@code uriRegexRewrite}). This is the one place where the L7 FIB holds a Java object per rule: RE2/J
 * automata live on the heap. It travels with the {@link dev.wirespeed.fib.FibImage} it was compiled
 * with; a FIB saved to a file needs its patterns recompiled from the same model.
 *
 * <p>Beside each pattern compiled with no flags sits its {@link AsciiDfa} when its syntax allows one:
 * the lookup tests ASCII values with it (no allocation) and keeps RE2/J for the rest.
 */
public final class L7Regexes
{
    /** No patterns. */
    public static final L7Regexes NONE = new L7Regexes(new Pattern[0]);

    private final Pattern[] patterns;
    private final AsciiDfa[] automata;
    /** Each automaton's {@link AsciiDfa#packed()} table (null: none, or too large), read without the object. */
    private final byte[][] packed;

    /** @param patterns patterns by index. */
    public L7Regexes(final Pattern[] patterns)
    {
        this.patterns = patterns.clone();
        this.automata = new AsciiDfa[patterns.length];
        this.packed = new byte[patterns.length][];
        for (int i = 0; i < patterns.length; i++)
        {
            automata[i] = patterns[i].flags() == 0 ? AsciiDfa.compile(patterns[i].pattern()) : null;
            packed[i] = automata[i] == null ? null : automata[i].packed();
        }
    }

    /**
     * @param index a pattern index from the FIB.
     * @return its automaton, or {@code null} when only RE2/J can match it.
     */
    public AsciiDfa automaton(final int index)
    {
        return automata[index];
    }

    /**
     * Full match of a UTF-8 value: the automaton when there is one and the value is ASCII, else RE2/J
     * (which allocates: it matches a {@code String}).
     *
     * @param index a pattern index from the FIB.
     * @param b     bytes.
     * @param off   start.
     * @param len   length.
     * @return whether the pattern matches the whole value.
     */
    public boolean matches(final int index, final byte[] b, final int off, final int len)
    {
        // the packed table first: one object of a few adjacent lines, where the automaton is four
        final byte[] t = packed[index];
        final AsciiDfa dfa = t == null ? automata[index] : null;
        if (t != null || dfa != null)
        {
            final int m = t != null ? AsciiDfa.matchPacked(t, b, off, len) : dfa.match(b, off, len);
            if (m != AsciiDfa.FALLBACK)
            {
                return m == 1;
            }
        }
        return patterns[index].matches(new String(b, off, len, StandardCharsets.UTF_8));
    }

    /**
     * @param index a pattern index from the FIB.
     * @return the pattern.
     */
    public Pattern pattern(final int index)
    {
        return patterns[index];
    }

    /** @return number of patterns. */
    public int size()
    {
        return patterns.length;
    }

    /** The RequestAuthentications compiled with the image (a side structure too; docs/routing.md). */
    private dev.wirespeed.fib.jwt.JwtPolicies jwt = dev.wirespeed.fib.jwt.JwtPolicies.NONE;

    /**
     * @param policies the image's RequestAuthentications.
     * @return this.
     */
    public L7Regexes withJwt(final dev.wirespeed.fib.jwt.JwtPolicies policies)
    {
        this.jwt = policies;
        return this;
    }

    /** @return the image's RequestAuthentications. */
    public dev.wirespeed.fib.jwt.JwtPolicies jwt()
    {
        return jwt;
    }
}
