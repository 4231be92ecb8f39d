package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l7.AsciiRegex;

import java.util.Arrays;

/**
 * A simple RE2 regex compiled to a Pike-VM program over ASCII bytes, for {@link AsciiRegexMatcher}: the
 * instructions RE2/J's own compiler makes (character sets, prioritised splits, captures, begin and end of
 * text), as flat arrays. Why hand-written: RE2/J allocates its input wrappers and match state on every
 * {@code reset}, {@code find} and group read (about 230 B a rewritten URI), and a regex rewrite sits on the
 * replay loop, which allocates nothing per record.
 *
 * <p>Supported syntax: what {@link AsciiRegex} parses (ASCII literals and classes, capturing and non-capturing
 * groups, alternation, greedy and lazy repetition, {@code ^ $} as begin and end of text), with {@code {n} {n,} {n,m}}
 * expanded as RE2 simplifies them ({@code x{2,4}} is {@code xx(x(x)?)?}); anything else makes {@link #compile}
 * return {@code null}, and RE2/J matches. A loop whose body can match the empty string ({@code (a*)*},
 * {@code (|a)+}) is refused: that is the one place where the order in which a Pike VM visits threads, and not the
 * regex's meaning alone, decides the captures, so only RE2/J's own program may answer; so is a group under
 * {@code {0}} (RE2/J drops the group's instructions and reports its slots from stale match state). Everything else
 * is matched leftmost-first with Perl's submatch rules, as RE2/J's NFA does; the matcher's test compares the two on
 * random regexes.
 */
final class AsciiRegexProgram
{
    static final byte MATCH = 0;
    static final byte CHAR = 1;
    static final byte SPLIT = 2;
    static final byte NOP = 3;
    static final byte BEGIN_TEXT = 4;
    static final byte END_TEXT = 5;
    static final byte SAVE = 6;

    private static final int MAX_INSTRUCTIONS = 2048;

    final byte[] op;
    /** The next instruction; for a split, the preferred one. */
    final int[] out;
    /** A split's other instruction; a save's capture slot. */
    final int[] arg;
    /** A character set: bits 0–63 and 64–127. */
    final long[] low;
    final long[] high;
    final int start;
    /** Capture slots: 2 × (groups + 1). */
    final int slots;
    /** Every match begins at the start of the text ({@code ^...}). */
    final boolean anchored;

    private AsciiRegexProgram(final Compiler c, final int start, final int groups)
    {
        this.op = Arrays.copyOf(c.op, c.size);
        this.out = Arrays.copyOf(c.out, c.size);
        this.arg = Arrays.copyOf(c.arg, c.size);
        this.low = Arrays.copyOf(c.low, c.size);
        this.high = Arrays.copyOf(c.high, c.size);
        this.start = start;
        this.slots = 2 * (groups + 1);
        int pc = start;
        while (op[pc] == NOP)
        {
            pc = out[pc];
        }
        this.anchored = op[pc] == BEGIN_TEXT;
    }

    /** @return the number of instructions. */
    int size()
    {
        return op.length;
    }

    /**
     * @param regex  an RE2 regex compiled by RE2/J with no flags.
     * @param groups its number of capturing groups as RE2/J counts them.
     * @return its program, or {@code null} outside the supported subset.
     */
    static AsciiRegexProgram compile(final String regex, final int groups)
    {
        final AsciiRegex parsed = AsciiRegex.parse(regex);
        if (parsed == null || parsed.groups() != groups)
        {
            return null;
        }
        final Compiler c = new Compiler();
        try
        {
            final int[] f = c.emit(parsed.root());
            final int m = c.node(MATCH, -1, -1);
            c.out[f[1]] = m;
            return new AsciiRegexProgram(c, f[0], parsed.groups());
        }
        catch (final AsciiRegex.Unsupported e)
        {
            return null;
        }
    }

    /**
     * An {@link AsciiRegex} tree to instructions. A fragment is {start, end, nullable}: end is a no-op whose
     * {@code out} is patched to what follows, nullable says whether it can match the empty string.
     */
    private static final class Compiler
    {
        int size;
        byte[] op = new byte[64];
        int[] out = new int[64];
        int[] arg = new int[64];
        long[] low = new long[64];
        long[] high = new long[64];

        int node(final byte kind, final int next, final int other)
        {
            if (size == MAX_INSTRUCTIONS)
            {
                throw new AsciiRegex.Unsupported();
            }
            if (size == op.length)
            {
                final int n = 2 * size;
                op = Arrays.copyOf(op, n);
                out = Arrays.copyOf(out, n);
                arg = Arrays.copyOf(arg, n);
                low = Arrays.copyOf(low, n);
                high = Arrays.copyOf(high, n);
            }
            op[size] = kind;
            out[size] = next;
            arg[size] = other;
            return size++;
        }

        int[] emit(final AsciiRegex.Node n)
        {
            switch (n.op)
            {
                case SET:
                    return set(n.low, n.high);
                case BEGIN_TEXT:
                    return assertion(BEGIN_TEXT);
                case END_TEXT:
                    return assertion(END_TEXT);
                case CONCAT:
                {
                    int[] frag = empty();
                    for (final AsciiRegex.Node item : n.subs)
                    {
                        frag = concat(frag, emit(item));
                    }
                    return frag;
                }
                case ALTERNATE:
                {
                    final int[] left = emit(n.subs.get(0));
                    return split(left, emit(n.subs.get(1)));
                }
                case CAPTURE:
                    return capture(n);
                default:
                    return repeat(n);
            }
        }

        int[] empty()
        {
            final int e = node(NOP, -1, -1);
            return new int[] {e, e, 1};
        }

        int[] assertion(final byte kind)
        {
            final int e = node(NOP, -1, -1);
            return new int[] {node(kind, e, -1), e, 1};
        }

        int[] set(final long lo, final long hi)
        {
            final int e = node(NOP, -1, -1);
            final int c = node(CHAR, e, -1);
            low[c] = lo;
            high[c] = hi;
            return new int[] {c, e, 0};
        }

        int[] concat(final int[] a, final int[] b)
        {
            out[a[1]] = b[0];
            return new int[] {a[0], b[1], a[2] & b[2]};
        }

        int[] split(final int[] a, final int[] b)
        {
            final int e = node(NOP, -1, -1);
            final int s = node(SPLIT, a[0], b[0]);
            out[a[1]] = e;
            out[b[1]] = e;
            return new int[] {s, e, a[2] | b[2]};
        }

        /** x* (plus: x+): a loop back to a split; refused when x can match the empty string. */
        int[] loop(final int[] a, final boolean lazy, final boolean plus)
        {
            if (a[2] != 0)
            {
                throw new AsciiRegex.Unsupported();
            }
            final int e = node(NOP, -1, -1);
            final int s = lazy ? node(SPLIT, e, a[0]) : node(SPLIT, a[0], e);
            out[a[1]] = s;
            return new int[] {plus ? a[0] : s, e, plus ? 0 : 1};
        }

        int[] quest(final int[] a, final boolean lazy)
        {
            final int e = node(NOP, -1, -1);
            final int s = lazy ? node(SPLIT, e, a[0]) : node(SPLIT, a[0], e);
            out[a[1]] = e;
            return new int[] {s, e, 1};
        }

        /** A group: its sub between two saves of its slots. */
        int[] capture(final AsciiRegex.Node n)
        {
            final int slot = 2 * n.group;
            final int[] inner = emit(n.subs.get(0));
            final int e = node(NOP, -1, -1);
            final int close = node(SAVE, e, slot + 1);
            out[inner[1]] = close;
            return new int[] {node(SAVE, inner[0], slot), e, inner[2]};
        }

        /**
         * x{n,m} as RE2 simplifies it (x* is x{0,}, x+ x{1,}, x? x{0,1}): copies of x emitted from its one
         * sub-tree, each recording into the same groups.
         */
        int[] repeat(final AsciiRegex.Node n)
        {
            final AsciiRegex.Node x = n.subs.get(0);
            final int min = n.min;
            final int max = n.max;
            final boolean lazy = n.lazy;
            if (max == 0)
            {
                if (x.captures)
                {
                    // RE2/J drops x, and reports its groups' slots from whatever its match state last held
                    throw new AsciiRegex.Unsupported();
                }
                return empty(); // x{0}: RE2 makes it the empty match
            }
            final int[][] copies = new int[Math.max(1, max < 0 ? min : max)][];
            for (int k = 0; k < copies.length; k++)
            {
                copies[k] = emit(x);
            }
            if (max < 0)
            {
                // x{n,}: n - 1 copies, then x+ (x{0,} is x*)
                if (min == 0)
                {
                    return loop(copies[0], lazy, false);
                }
                int[] result = loop(copies[min - 1], lazy, true);
                for (int k = min - 2; k >= 0; k--)
                {
                    result = concat(copies[k], result);
                }
                return result;
            }
            // x{n,m}: n copies, then (x(x(x)?)?)? nested
            int[] suffix = null;
            for (int k = max - 1; k >= min; k--)
            {
                suffix = quest(suffix == null ? copies[k] : concat(copies[k], suffix), lazy);
            }
            int[] result = suffix;
            for (int k = min - 1; k >= 0; k--)
            {
                result = result == null ? copies[k] : concat(copies[k], result);
            }
            return result;
        }
    }
}
