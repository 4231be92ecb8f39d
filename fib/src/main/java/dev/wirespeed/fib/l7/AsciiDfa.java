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
 * <p>Supported syntax: what {@link AsciiRegex} parses (ASCII literals, classes, groups, alternation, greedy, lazy
 * and counted repetition), with {@code ^} only at the start and {@code $} only at the end; anything else makes
 * {@link #compile} return {@code null}, and the caller uses RE2/J. {@link #match} answers only for ASCII input: a
 * byte above 0x7F asks the caller to fall back to RE2/J, so that UTF-8 semantics (what {@code .} or {@code [^a]}
 * matches) are RE2's own.
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
    /** Where a packed automaton's class table starts (after its class and state counts). */
    private static final int PACKED_CLASSES = 2;

    private final byte[] classOf;  // byte -> equivalence class (bytes no set tells apart share one)
    private final int classes;
    private final int[] next;      // state * classes + class -> state, -1 dead
    private final boolean[] accept;
    /** The same automaton in one byte array ({@link #packed()}), null when it has more than 127 states. */
    private final byte[] packed;

    private AsciiDfa(final byte[] classOf, final int classes, final int[] next, final boolean[] accept)
    {
        this.classOf = classOf;
        this.classes = classes;
        this.next = next;
        this.accept = accept;
        this.packed = pack(classOf, classes, next, accept);
    }

    /**
     * One byte array, so that a test reads one object's few adjacent lines rather than an object and three arrays:
     * {@code [classes, states, classOf[128], accept[states], next[states * classes]]}, a state in a byte (-1 dead).
     */
    private static byte[] pack(final byte[] classOf, final int classes, final int[] next, final boolean[] accept)
    {
        final int states = accept.length;
        if (states > Byte.MAX_VALUE || classes > Byte.MAX_VALUE)
        {
            return null;
        }
        final byte[] t = new byte[PACKED_CLASSES + 128 + states + next.length];
        t[0] = (byte)classes;
        t[1] = (byte)states;
        System.arraycopy(classOf, 0, t, PACKED_CLASSES, 128);
        for (int s = 0; s < states; s++)
        {
            t[PACKED_CLASSES + 128 + s] = (byte)(accept[s] ? 1 : 0);
        }
        for (int k = 0; k < next.length; k++)
        {
            t[PACKED_CLASSES + 128 + states + k] = (byte)next[k];
        }
        return t;
    }

    /**
     * @return the automaton packed into one byte array for {@link #matchPacked}, null when it does not fit (more than
     *         127 states or classes: then {@link #match}).
     */
    public byte[] packed()
    {
        return packed;
    }

    /**
     * {@link #match} over a {@link #packed()} automaton.
     *
     * @param t   the packed automaton.
     * @param b   bytes.
     * @param off start.
     * @param len length.
     * @return 1 when the regex matches all of the bytes, 0 when not, {@link #FALLBACK} for non-ASCII input.
     */
    public static int matchPacked(final byte[] t, final byte[] b, final int off, final int len)
    {
        final int n = t[0];
        final int acceptAt = PACKED_CLASSES + 128;
        final int nextAt = acceptAt + t[1];
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
            s = t[nextAt + s * n + t[PACKED_CLASSES + c]];
        }
        return s >= 0 && t[acceptAt + s] != 0 ? 1 : 0;
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
        final AsciiRegex parsed = AsciiRegex.parse(regex);
        if (parsed == null)
        {
            return null;
        }
        final Nfa p = new Nfa(parsed);
        try
        {
            final int[] frag = p.build(parsed.root(), false);
            final int m = p.node(MATCH, null, -1, -1);
            p.out1.set(frag[1], m);
            return determinize(p, frag[0]);
        }
        catch (final AsciiRegex.Unsupported e)
        {
            return null;
        }
    }

    private static AsciiDfa determinize(final Nfa p, final int start)
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
    private static void closure(final Nfa p, final int n, final BitSet into)
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

    /**
     * A Thompson NFA built from an {@link AsciiRegex} tree; a fragment is {start, end} with end an EPS node to patch.
     * {@code ^} and {@code $} are only taken where the regex starts and ends (and not under a repetition), where a
     * full match makes them always true.
     */
    private static final class Nfa
    {
        final AsciiRegex regex;
        final List<Integer> kind = new ArrayList<>();
        final List<BitSet> chars = new ArrayList<>();
        final List<Integer> out1 = new ArrayList<>();
        final List<Integer> out2 = new ArrayList<>();

        Nfa(final AsciiRegex regex)
        {
            this.regex = regex;
        }

        int node(final int k, final BitSet set, final int a, final int b)
        {
            if (kind.size() == MAX_NFA_STATES)
            {
                throw new AsciiRegex.Unsupported();
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

        int[] build(final AsciiRegex.Node n, final boolean repeated)
        {
            switch (n.op)
            {
                case SET:
                    return set(BitSet.valueOf(new long[] {n.low, n.high}));
                case BEGIN_TEXT:
                case END_TEXT:
                    if (repeated || !regex.atEdge(n))
                    {
                        throw new AsciiRegex.Unsupported();
                    }
                    return empty();
                case CONCAT:
                {
                    int[] frag = empty();
                    for (final AsciiRegex.Node item : n.subs)
                    {
                        final int[] r = build(item, repeated);
                        out1.set(frag[1], r[0]);
                        frag = new int[] {frag[0], r[1]};
                    }
                    return frag;
                }
                case ALTERNATE:
                {
                    final int[] left = build(n.subs.get(0), repeated);
                    final int[] right = build(n.subs.get(1), repeated);
                    final int s = node(SPLIT, null, left[0], right[0]);
                    final int e = node(EPS, null, -1, -1);
                    out1.set(left[1], e);
                    out1.set(right[1], e);
                    return new int[] {s, e};
                }
                case CAPTURE:
                    return build(n.subs.get(0), repeated);
                default:
                    return repeat(n);
            }
        }

        /** x{n}, x{n,}, x{n,m} (x* is x{0,}, x? x{0,1}): n copies, then x* or m - n times x?; x+ is a loop. */
        int[] repeat(final AsciiRegex.Node n)
        {
            final AsciiRegex.Node x = n.subs.get(0);
            if (n.min == 1 && n.max < 0)
            {
                return plus(build(x, true));
            }
            int[] result = empty();
            final int copies = Math.max(n.min, n.max < 0 ? n.min + 1 : n.max);
            for (int k = 0; k < copies; k++)
            {
                final int[] copy = build(x, true);
                final int[] piece = k < n.min ? copy : n.max < 0 ? star(copy) : quest(copy);
                out1.set(result[1], piece[0]);
                result = new int[] {result[0], piece[1]};
            }
            return result;
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

        int[] set(final BitSet s)
        {
            final int e = node(EPS, null, -1, -1);
            final int n = node(SET, s, e, -1);
            return new int[] {n, e};
        }
    }
}
