package dev.wirespeed.fib.l7;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic automaton for the full match of a simple RE2 regex over ASCII bytes: one table read a
 * byte, no allocation. Why hand-written: RE2/J matches a {@code CharSequence} (the value would be decoded
 * into a new {@code String}) and allocates a matcher, which costs about a microsecond a test; routes with
 * regex conditions are common and their test sits on the lookup's hot path.
 *
 * <p>Supported syntax (anything else makes {@link #compile} return {@code null}, and the caller uses
 * RE2/J): ASCII literals and escaped punctuation, {@code .} (any character but newline), classes
 * {@code [a-z0-9_]}, {@code [^/]}, {@code \d \w \s} and their negations, groups {@code (...)} and
 * {@code (?:...)}, alternation, {@code * + ?} (greedy or lazy) and {@code {n} {n,} {n,m}}, {@code ^} at
 * the start and {@code $} at the end. {@link #match} answers only for ASCII input: a byte above 0x7F
 * asks the caller to fall back to RE2/J, so that UTF-8 semantics (what {@code .} or {@code [^a]} matches)
 * are RE2's own.
 */
public final class AsciiDfa
{
    /** {@link #match} result: the input holds a non-ASCII byte; ask RE2/J. */
    public static final int FALLBACK = -1;

    private static final int MAX_NFA_STATES = 4096;
    private static final int MAX_DFA_STATES = 512;
    private static final int SET = 0;
    private static final int SPLIT = 1;
    private static final int EPS = 2;
    private static final int MATCH = 3;

    private final byte[] classOf;  // byte -> equivalence class (bytes no set tells apart share one)
    private final int classes;
    private final int[] next;      // state * classes + class -> state, -1 dead
    private final boolean[] accept;

    private AsciiDfa(final byte[] classOf, final int classes, final int[] next, final boolean[] accept)
    {
        this.classOf = classOf;
        this.classes = classes;
        this.next = next;
        this.accept = accept;
    }

    /**
     * @param b   bytes.
     * @param off start.
     * @param len length.
     * @return 1 when the regex matches all of the bytes, 0 when not, {@link #FALLBACK} for non-ASCII input.
     */
    public int match(final byte[] b, final int off, final int len)
    {
        final int[] t = next;
        final byte[] cls = classOf;
        final int n = classes;
        int s = 0;
        for (int i = 0; i < len; i++)
        {
            final int c = b[off + i];
            if (c < 0)
            {
                return FALLBACK;
            }
            if (s < 0)
            {
                continue; // dead, but keep checking for a non-ASCII byte
            }
            s = t[s * n + cls[c]];
        }
        return s >= 0 && accept[s] ? 1 : 0;
    }

    /** @return the number of DFA states. */
    public int states()
    {
        return accept.length;
    }

    /**
     * @param regex an RE2 regex (compiled with no flags).
     * @return its automaton, or {@code null} when the syntax is outside the supported subset or too big.
     */
    public static AsciiDfa compile(final String regex)
    {
        final Parser p = new Parser(regex);
        try
        {
            final int[] frag = p.alternation();
            if (p.pos != regex.length())
            {
                return null;
            }
            final int m = p.node(MATCH, null, -1, -1);
            p.out1.set(frag[1], m);
            return determinize(p, frag[0]);
        }
        catch (final Unsupported e)
        {
            return null;
        }
    }

    private static AsciiDfa determinize(final Parser p, final int start)
    {
        final byte[] classOf = new byte[128];
        final int[] representative = new int[128];
        final Map<BitSet, Integer> signatures = new HashMap<>();
        for (int c = 0; c < 128; c++)
        {
            final BitSet sig = new BitSet();
            for (int n = 0; n < p.kind.size(); n++)
            {
                if (p.kind.get(n) == SET && p.chars.get(n).get(c))
                {
                    sig.set(n);
                }
            }
            Integer id = signatures.get(sig);
            if (id == null)
            {
                id = signatures.size();
                signatures.put(sig, id);
                representative[id] = c;
            }
            classOf[c] = (byte)(int)id;
        }
        final int classes = signatures.size();
        final Map<BitSet, Integer> ids = new HashMap<>();
        final List<BitSet> sets = new ArrayList<>();
        final BitSet first = new BitSet();
        closure(p, start, first);
        ids.put(first, 0);
        sets.add(first);
        final List<int[]> rows = new ArrayList<>();
        for (int s = 0; s < sets.size(); s++)
        {
            final BitSet cur = sets.get(s);
            final int[] row = new int[classes];
            for (int k = 0; k < classes; k++)
            {
                final int c = representative[k];
                final BitSet to = new BitSet();
                for (int n = cur.nextSetBit(0); n >= 0; n = cur.nextSetBit(n + 1))
                {
                    if (p.kind.get(n) == SET && p.chars.get(n).get(c))
                    {
                        closure(p, p.out1.get(n), to);
                    }
                }
                if (to.isEmpty())
                {
                    row[k] = -1;
                    continue;
                }
                Integer id = ids.get(to);
                if (id == null)
                {
                    if (sets.size() == MAX_DFA_STATES)
                    {
                        return null;
                    }
                    id = sets.size();
                    ids.put(to, id);
                    sets.add(to);
                }
                row[k] = id;
            }
            rows.add(row);
        }
        final int[] next = new int[rows.size() * classes];
        final boolean[] accept = new boolean[rows.size()];
        for (int s = 0; s < rows.size(); s++)
        {
            System.arraycopy(rows.get(s), 0, next, s * classes, classes);
            final BitSet cur = sets.get(s);
            for (int n = cur.nextSetBit(0); n >= 0; n = cur.nextSetBit(n + 1))
            {
                accept[s] |= p.kind.get(n) == MATCH;
            }
        }
        return new AsciiDfa(classOf, classes, next, accept);
    }

    /** Adds the SET and MATCH nodes reachable from {@code n} through epsilon edges. */
    private static void closure(final Parser p, final int n, final BitSet into)
    {
        final int[] stack = new int[2 * p.kind.size() + 2];
        final BitSet seen = new BitSet();
        int top = 0;
        stack[top++] = n;
        while (top > 0)
        {
            final int x = stack[--top];
            if (x < 0 || seen.get(x))
            {
                continue;
            }
            seen.set(x);
            switch (p.kind.get(x))
            {
                case SPLIT:
                    stack[top++] = p.out1.get(x);
                    stack[top++] = p.out2.get(x);
                    break;
                case EPS:
                    stack[top++] = p.out1.get(x);
                    break;
                default:
                    into.set(x);
                    break;
            }
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

    /** Recursive descent to a Thompson NFA; a fragment is {start, end} with end an EPS node to patch. */
    private static final class Parser
    {
        final String re;
        int pos;
        final List<Integer> kind = new ArrayList<>();
        final List<BitSet> chars = new ArrayList<>();
        final List<Integer> out1 = new ArrayList<>();
        final List<Integer> out2 = new ArrayList<>();

        Parser(final String re)
        {
            this.re = re;
        }

        int node(final int k, final BitSet set, final int a, final int b)
        {
            if (kind.size() == MAX_NFA_STATES)
            {
                throw new Unsupported();
            }
            kind.add(k);
            chars.add(set);
            out1.add(a);
            out2.add(b);
            return kind.size() - 1;
        }

        int[] empty()
        {
            final int e = node(EPS, null, -1, -1);
            return new int[] {e, e};
        }

        int[] alternation()
        {
            int[] left = concatenation();
            while (pos < re.length() && re.charAt(pos) == '|')
            {
                pos++;
                final int[] right = concatenation();
                final int s = node(SPLIT, null, left[0], right[0]);
                final int e = node(EPS, null, -1, -1);
                out1.set(left[1], e);
                out1.set(right[1], e);
                left = new int[] {s, e};
            }
            return left;
        }

        int[] concatenation()
        {
            int[] frag = empty();
            while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')')
            {
                if (re.charAt(pos) == '^' && pos == 0)
                {
                    pos++;
                    continue;
                }
                if (re.charAt(pos) == '$' && pos == re.length() - 1)
                {
                    pos++;
                    continue;
                }
                final int[] r = repetition();
                out1.set(frag[1], r[0]);
                frag = new int[] {frag[0], r[1]};
            }
            return frag;
        }

        int[] repetition()
        {
            final int atomStart = pos;
            int[] frag = atom();
            while (pos < re.length())
            {
                final char c = re.charAt(pos);
                if (c == '*' || c == '+' || c == '?')
                {
                    pos++;
                    frag = c == '*' ? star(frag) : c == '+' ? plus(frag) : quest(frag);
                }
                else if (c == '{')
                {
                    frag = counted(atomStart, frag);
                }
                else
                {
                    break;
                }
                if (pos < re.length() && re.charAt(pos) == '?')
                {
                    pos++; // lazy: the same language
                }
                if (pos < re.length() && "*+?{".indexOf(re.charAt(pos)) >= 0)
                {
                    throw new Unsupported(); // stacked repetition: leave it to RE2
                }
            }
            return frag;
        }

        int[] star(final int[] a)
        {
            final int e = node(EPS, null, -1, -1);
            final int s = node(SPLIT, null, a[0], e);
            out1.set(a[1], s);
            return new int[] {s, e};
        }

        int[] plus(final int[] a)
        {
            final int e = node(EPS, null, -1, -1);
            final int s = node(SPLIT, null, a[0], e);
            out1.set(a[1], s);
            return new int[] {a[0], e};
        }

        int[] quest(final int[] a)
        {
            final int e = node(EPS, null, -1, -1);
            final int s = node(SPLIT, null, a[0], e);
            out1.set(a[1], e);
            return new int[] {s, e};
        }

        /** {n}, {n,}, {n,m}: copies of the atom made by parsing it again. */
        int[] counted(final int atomStart, final int[] first)
        {
            final int close = re.indexOf('}', pos);
            if (close < 0)
            {
                throw new Unsupported();
            }
            final String spec = re.substring(pos + 1, close);
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
            if (min < 0 || min > 100 || (max >= 0 && (max < min || max > 100)) || (max < 0 && min > 100))
            {
                throw new Unsupported();
            }
            final int after = close + 1;
            final int atomEnd = pos;
            int[] result = empty();
            final int copies = Math.max(min, max < 0 ? min + 1 : max);
            for (int k = 0; k < copies; k++)
            {
                final int[] copy;
                if (k == 0)
                {
                    copy = first;
                }
                else
                {
                    pos = atomStart;
                    copy = atom();
                    if (pos != atomEnd)
                    {
                        throw new Unsupported();
                    }
                }
                final int[] piece = k < min ? copy : max < 0 ? star(copy) : quest(copy);
                out1.set(result[1], piece[0]);
                result = new int[] {result[0], piece[1]};
            }
            pos = after;
            return result;
        }

        int[] atom()
        {
            final char c = re.charAt(pos);
            switch (c)
            {
                case '(':
                {
                    pos++;
                    if (re.startsWith("?:", pos))
                    {
                        pos += 2;
                    }
                    else if (pos < re.length() && re.charAt(pos) == '?')
                    {
                        throw new Unsupported(); // flags, named groups
                    }
                    final int[] inner = alternation();
                    if (pos >= re.length() || re.charAt(pos) != ')')
                    {
                        throw new Unsupported();
                    }
                    pos++;
                    return inner;
                }
                case '[':
                    return set(charClass());
                case '.':
                {
                    pos++;
                    final BitSet s = new BitSet(128);
                    s.set(0, 128);
                    s.clear('\n');
                    return set(s);
                }
                case '\\':
                    return set(escape(false));
                default:
                    if (c >= 0x80 || "*+?{)|^$".indexOf(c) >= 0)
                    {
                        throw new Unsupported();
                    }
                    pos++;
                    final BitSet s = new BitSet(128);
                    s.set(c);
                    return set(s);
            }
        }

        int[] set(final BitSet s)
        {
            final int e = node(EPS, null, -1, -1);
            final int n = node(SET, s, e, -1);
            return new int[] {n, e};
        }

        /** Reads an escape at pos (a backslash); returns its set. */
        BitSet escape(final boolean inClass)
        {
            if (pos + 1 >= re.length())
            {
                throw new Unsupported();
            }
            final char e = re.charAt(pos + 1);
            pos += 2;
            final BitSet s = new BitSet(128);
            switch (e)
            {
                case 'd':
                case 'D':
                    s.set('0', '9' + 1);
                    break;
                case 'w':
                case 'W':
                    s.set('0', '9' + 1);
                    s.set('A', 'Z' + 1);
                    s.set('a', 'z' + 1);
                    s.set('_');
                    break;
                case 's':
                case 'S':
                    s.set('\t');
                    s.set('\n');
                    s.set('\f');
                    s.set('\r');
                    s.set(' ');
                    break;
                case 'n':
                    s.set('\n');
                    return s;
                case 't':
                    s.set('\t');
                    return s;
                case 'r':
                    s.set('\r');
                    return s;
                case 'f':
                    s.set('\f');
                    return s;
                case 'v':
                    s.set(0x0B);
                    return s;
                default:
                    if (e >= 0x80 || Character.isLetterOrDigit(e) || e < ' ')
                    {
                        throw new Unsupported(); // \b, \A, \pL, \Q, \x41, \1 ...
                    }
                    s.set(e);
                    return s;
            }
            if (Character.isUpperCase(e))
            {
                s.flip(0, 128);
            }
            return s;
        }

        /** Reads a class at pos ('['). */
        BitSet charClass()
        {
            pos++;
            final boolean negate = pos < re.length() && re.charAt(pos) == '^';
            if (negate)
            {
                pos++;
            }
            final BitSet s = new BitSet(128);
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
                    final BitSet e = escape(true);
                    if (e.cardinality() != 1)
                    {
                        s.or(e);
                        continue;
                    }
                    lo = e.nextSetBit(0);
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
                        final BitSet e = escape(true);
                        if (e.cardinality() != 1)
                        {
                            throw new Unsupported();
                        }
                        hi = e.nextSetBit(0);
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
                    s.set(lo, hi + 1);
                }
                else
                {
                    s.set(lo);
                }
            }
            if (negate)
            {
                s.flip(0, 128);
            }
            return s;
        }
    }
}
