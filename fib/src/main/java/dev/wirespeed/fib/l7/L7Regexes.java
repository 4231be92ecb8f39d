package dev.wirespeed.fib.l7;

import com.google.re2j.Pattern;

/**
 * The side array of compiled RE2/J patterns a compiled FIB refers to by index (regex conditions and
 * {@code uriRegexRewrite}). This is the one place where the L7 FIB holds a Java object per rule: RE2/J
 * automata live on the heap. It travels with the {@link dev.wirespeed.fib.FibImage} it was compiled
 * with; a FIB saved to a file needs its patterns recompiled from the same model.
 */
public final class L7Regexes
{
    /** No patterns. */
    public static final L7Regexes NONE = new L7Regexes(new Pattern[0]);

    private final Pattern[] patterns;

    /** @param patterns patterns by index. */
    public L7Regexes(final Pattern[] patterns)
    {
        this.patterns = patterns.clone();
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
}
