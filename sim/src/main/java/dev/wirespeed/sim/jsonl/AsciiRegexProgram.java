package dev.wirespeed.sim.jsonl;

import java.util.Arrays;

/**
 * A simple RE2 regex compiled to a Pike-VM program over ASCII bytes, for {@link AsciiRegexMatcher}: the
 * instructions RE2/J's own compiler makes (character sets, prioritised splits, captures, begin and end of
 * text), as flat arrays. Why hand-written: RE2/J allocates its input wrappers and match state on every
 * {@code reset}, {@code find} and group read (about 230 B a rewritten URI), and a regex rewrite sits on the
 * replay loop, which allocates nothing per record.
 *
 * <p>Supported syntax (anything else makes {@link #compile} return {@code null}, and RE2/J matches): ASCII
 * literals and escaped punctuation, {@code .} (any character but newline), classes {@code [a-z0-9_]},
 * {@code [^/]}, {@code \d \w \s} and their negations, capturing groups {@code (...)} and {@code (?:...)},
 * alternation, {@code * + ?} (greedy or lazy), {@code {n} {n,} {n,m}} (expanded as RE2 simplifies them:
 * {@code x{2,4}} is {@code xx(x(x)?)?}), and {@code ^ $} (begin and end of text, RE2's default without
 * {@code (?m)}). A loop whose body can match the empty string ({@code (a*)*}, {@code (|a)+}) is refused:
 * that is the one place where the order in which a Pike VM visits threads, and not the regex's meaning alone,
 * decides the captures, so only RE2/J's own program may answer; so is a group under {@code {0}} (RE2/J drops the
 * group's instructions and reports its slots from stale match state). Everything else is matched leftmost-first
 * with Perl's submatch rules, as RE2/J's NFA does; the matcher's test compares the two on random regexes.
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
    private static final int MAX_REPEAT = 100;

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

    private AsciiRegexProgram(final Compiler c, final int start)
    {
        this.op = Arrays.copyOf(c.op, c.size);
        this.out = Arrays.copyOf(c.out, c.size);
        this.arg = Arrays.copyOf(c.arg, c.size);
        this.low = Arrays.copyOf(c.low, c.size);
        this.high = Arrays.copyOf(c.high, c.size);
        this.start = start;
        this.slots = 2 * (c.groups + 1);
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
        final Compiler c = new Compiler(regex);
        try
        {
            final int[] f = c.alternation();
            if (c.pos != regex.length() || c.groups != groups)
            {
                return null;
            }
            final int m = c.node(MATCH, -1, -1);
            c.out[f[1]] = m;
            return new AsciiRegexProgram(c, f[0]);
        }
        catch (final Unsupported e)
        {
            return null;
        }
    }

    /** Outside the supported subset. */
    private static final class Unsupported extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Unsupported()
        {
            super(null, null, false, false);
        }
    }

    /**
     * Recursive descent straight to instructions. A fragment is {start, end, nullable}: end is a no-op whose
     * {@code out} is patched to what follows, nullable says whether it can match the empty string.
     */
    private static final class Compiler
    {
        final String re;
        int pos;
        int groups;
        int size;
        byte[] op = new byte[64];
        int[] out = new int[64];
        int[] arg = new int[64];
        long[] low = new long[64];
        long[] high = new long[64];

        Compiler(final String re)
        {
            this.re = re;
        }

        int node(final byte kind, final int next, final int other)
        {
            if (size == MAX_INSTRUCTIONS)
            {
                throw new Unsupported();
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
                throw new Unsupported();
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

        int[] alternation()
        {
            int[] left = concatenation();
            while (pos < re.length() && re.charAt(pos) == '|')
            {
                pos++;
                left = split(left, concatenation());
            }
            return left;
        }

        int[] concatenation()
        {
            int[] frag = empty();
            while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')')
            {
                frag = concat(frag, repetition());
            }
            return frag;
        }

        int[] repetition()
        {
            final int atomStart = pos;
            final int groupsBefore = groups;
            int[] frag = atom();
            if (pos >= re.length())
            {
                return frag;
            }
            final char c = re.charAt(pos);
            if (c != '*' && c != '+' && c != '?' && c != '{')
            {
                return frag;
            }
            final int atomEnd = pos;
            final int groupsAfter = groups;
            int close = pos;
            if (c == '{')
            {
                close = re.indexOf('}', pos);
                if (close < 0)
                {
                    throw new Unsupported();
                }
            }
            final boolean lazy = close + 1 < re.length() && re.charAt(close + 1) == '?';
            final int after = close + (lazy ? 2 : 1);
            if (after < re.length() && "*+?{".indexOf(re.charAt(after)) >= 0)
            {
                throw new Unsupported(); // stacked repetition: RE2's Perl syntax refuses it
            }
            if (c == '*' || c == '+')
            {
                frag = loop(frag, lazy, c == '+');
            }
            else if (c == '?')
            {
                frag = quest(frag, lazy);
            }
            else
            {
                frag = counted(re.substring(atomEnd + 1, close), frag, lazy, atomStart, atomEnd, groupsBefore);
                groups = groupsAfter;
            }
            pos = after;
            return frag;
        }

        /** {n}, {n,}, {n,m} as RE2 simplifies them; copies of the atom are made by compiling it again. */
        int[] counted(final String spec, final int[] first, final boolean lazy, final int atomStart,
            final int atomEnd, final int groupsBefore)
        {
            final int comma = spec.indexOf(',');
            final int min;
            final int max;
            try
            {
                min = Integer.parseInt(comma < 0 ? spec : spec.substring(0, comma));
                max = comma < 0 ? min : comma == spec.length() - 1 ? -1 : Integer.parseInt(spec.substring(comma + 1));
            }
            catch (final NumberFormatException e)
            {
                throw new Unsupported();
            }
            if (spec.startsWith("+") || spec.startsWith("-") || min < 0 || min > MAX_REPEAT
                || (max >= 0 && (max < min || max > MAX_REPEAT)))
            {
                throw new Unsupported();
            }
            if (max == 0)
            {
                if (groups > groupsBefore)
                {
                    // RE2/J drops x, and reports its groups' slots from whatever its match state last held
                    throw new Unsupported();
                }
                return empty(); // x{0}: RE2 makes it the empty match
            }
            final int[][] copies = new int[Math.max(1, max < 0 ? min : max)][];
            copies[0] = first;
            for (int k = 1; k < copies.length; k++)
            {
                pos = atomStart;
                groups = groupsBefore;
                copies[k] = atom();
                if (pos != atomEnd)
                {
                    throw new Unsupported();
                }
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

        int[] atom()
        {
            final char c = re.charAt(pos);
            switch (c)
            {
                case '(':
                    return group();
                case '[':
                {
                    final long[] s = charClass();
                    return set(s[0], s[1]);
                }
                case '.':
                    pos++;
                    return set(~(1L << '\n'), -1L);
                case '^':
                    pos++;
                    return assertion(BEGIN_TEXT);
                case '$':
                    pos++;
                    return assertion(END_TEXT);
                case '\\':
                {
                    final long[] s = escape();
                    return set(s[0], s[1]);
                }
                default:
                    if (c >= 0x80 || "*+?{)|".indexOf(c) >= 0)
                    {
                        throw new Unsupported();
                    }
                    pos++;
                    return set(bit(c)[0], bit(c)[1]);
            }
        }

        int[] group()
        {
            pos++;
            int slot = -1;
            if (re.startsWith("?:", pos))
            {
                pos += 2;
            }
            else if (pos < re.length() && re.charAt(pos) == '?')
            {
                throw new Unsupported(); // flags, named groups
            }
            else
            {
                slot = 2 * ++groups;
            }
            final int[] inner = alternation();
            if (pos >= re.length() || re.charAt(pos) != ')')
            {
                throw new Unsupported();
            }
            pos++;
            if (slot < 0)
            {
                return inner;
            }
            final int e = node(NOP, -1, -1);
            final int close = node(SAVE, e, slot + 1);
            out[inner[1]] = close;
            return new int[] {node(SAVE, inner[0], slot), e, inner[2]};
        }

        static long[] bit(final int c)
        {
            return c < 64 ? new long[] {1L << c, 0} : new long[] {0, 1L << (c - 64)};
        }

        static long[] range(final int lo, final int hi)
        {
            final long[] s = new long[2];
            for (int c = lo; c <= hi; c++)
            {
                s[c >> 6] |= 1L << (c & 63);
            }
            return s;
        }

        /** Reads an escape at pos (a backslash); returns its set. */
        long[] escape()
        {
            if (pos + 1 >= re.length())
            {
                throw new Unsupported();
            }
            final char e = re.charAt(pos + 1);
            pos += 2;
            final long[] s;
            switch (e)
            {
                case 'd':
                case 'D':
                    s = range('0', '9');
                    break;
                case 'w':
                case 'W':
                    s = or(or(range('0', '9'), range('A', 'Z')), or(range('a', 'z'), bit('_')));
                    break;
                case 's':
                case 'S':
                    s = or(or(bit('\t'), bit('\n')), or(or(bit('\f'), bit('\r')), bit(' ')));
                    break;
                case 'n':
                    return bit('\n');
                case 't':
                    return bit('\t');
                case 'r':
                    return bit('\r');
                case 'f':
                    return bit('\f');
                case 'v':
                    return bit(0x0B);
                default:
                    if (e >= 0x80 || Character.isLetterOrDigit(e) || e < ' ')
                    {
                        throw new Unsupported(); // \b, \A, \pL, \Q, \x41, \1 ...
                    }
                    return bit(e);
            }
            return Character.isUpperCase(e) ? new long[] {~s[0], ~s[1]} : s;
        }

        static long[] or(final long[] a, final long[] b)
        {
            return new long[] {a[0] | b[0], a[1] | b[1]};
        }

        /** Reads a class at pos ('['). */
        long[] charClass()
        {
            pos++;
            final boolean negate = pos < re.length() && re.charAt(pos) == '^';
            if (negate)
            {
                pos++;
            }
            long[] s = new long[2];
            boolean firstItem = true;
            while (true)
            {
                if (pos >= re.length())
                {
                    throw new Unsupported();
                }
                final char c = re.charAt(pos);
                if (c == ']' && !firstItem)
                {
                    pos++;
                    break;
                }
                if (c == '[' && pos + 1 < re.length() && re.charAt(pos + 1) == ':')
                {
                    throw new Unsupported(); // [[:alpha:]]
                }
                firstItem = false;
                final int lo;
                if (c == '\\')
                {
                    final long[] e = escape();
                    if (Long.bitCount(e[0]) + Long.bitCount(e[1]) != 1)
                    {
                        s = or(s, e);
                        continue;
                    }
                    lo = single(e);
                }
                else
                {
                    if (c >= 0x80)
                    {
                        throw new Unsupported();
                    }
                    lo = c;
                    pos++;
                }
                if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']')
                {
                    pos++;
                    final int hi;
                    if (re.charAt(pos) == '\\')
                    {
                        final long[] e = escape();
                        if (Long.bitCount(e[0]) + Long.bitCount(e[1]) != 1)
                        {
                            throw new Unsupported();
                        }
                        hi = single(e);
                    }
                    else
                    {
                        hi = re.charAt(pos);
                        pos++;
                    }
                    if (hi >= 0x80 || hi < lo)
                    {
                        throw new Unsupported();
                    }
                    s = or(s, range(lo, hi));
                }
                else
                {
                    s = or(s, bit(lo));
                }
            }
            return negate ? new long[] {~s[0], ~s[1]} : s;
        }

        static int single(final long[] s)
        {
            return s[0] != 0 ? Long.numberOfTrailingZeros(s[0]) : 64 + Long.numberOfTrailingZeros(s[1]);
        }
    }
}
