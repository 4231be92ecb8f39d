package dev.wirespeed.fib.l7;

import java.util.ArrayList;
import java.util.List;

/**
 * The one parser of the ASCII subset of RE2's syntax that Wirespeed matches without RE2/J: a regex to a syntax
 * tree, from which {@link AsciiDfa} builds its table automaton (full match, on the L7 lookup) and the simulator's
 * {@code AsciiRegexProgram} its Pike-VM program (leftmost-first find with groups, for URI rewrites). Each of them
 * may still refuse a tree its machine cannot answer as RE2/J does (the automaton: {@code ^} and {@code $} other than
 * at the very start and end; the Pike VM: a loop whose body can match the empty string), and the caller then
 * matches with RE2/J.
 *
 * <p>The subset (the regex compiled with no flags): ASCII literals and escaped punctuation, {@code .} (any character
 * but newline), classes {@code [a-z0-9_]}, {@code [^/]}, {@code []a]}, {@code \d \w \s} and their negations, capturing
 * groups {@code (...)} and {@code (?:...)}, alternation, {@code * + ?} (greedy or lazy) and {@code {n} {n,} {n,m}}
 * (counts up to 100), {@code ^} and {@code $} (begin and end of text, RE2's default without {@code (?m)}). Anything
 * else is refused, and {@link #refusal} says why: {@code invalid: ...} where RE2 refuses the regex too (a missing
 * bracket, a repetition of nothing or of a repetition, a reversed range), {@code outside: ...} where RE2 may accept
 * it (flags, named groups, {@code \b \pL \x41}, POSIX classes, non-ASCII, a literal {@code {}, counts above 100,
 * groups nested more than 100 deep).
 * A {@code {} that does not open a well-formed count ({@code a{01}}, {@code a{,2}}) is a literal for RE2, so it is
 * refused as well. {@code AsciiRegexTest} holds the accept and refuse decisions to RE2/J's.
 */
public final class AsciiRegex
{
    /** The largest count of a counted repetition in the subset (RE2 allows 1000). */
    public static final int MAX_REPEAT = 100;

    private static final int RE2_MAX_REPEAT = 1000;
    /**
     * Groups nested deeper are left to RE2/J: this parser and the builders of both machines recurse several frames
     * a level (some thousands of levels overflow the stack where RE2/J still compiles them), and no route nests
     * that deep.
     */
    private static final int MAX_DEPTH = 100;

    private final Node root;
    private final int groups;
    private final int length;

    private AsciiRegex(final Node root, final int groups, final int length)
    {
        this.root = root;
        this.groups = groups;
        this.length = length;
    }

    /**
     * @param regex an RE2 regex (compiled with no flags).
     * @return its syntax tree, or {@code null} when it is outside the subset.
     */
    public static AsciiRegex parse(final String regex)
    {
        try
        {
            return parseOrThrow(regex);
        }
        catch (final Refused e)
        {
            return null;
        }
    }

    /**
     * @param regex an RE2 regex (compiled with no flags).
     * @return {@code null} when it is in the subset, else why not: {@code invalid: ...} when RE2 refuses it too,
     *     {@code outside: ...} otherwise.
     */
    static String refusal(final String regex)
    {
        try
        {
            parseOrThrow(regex);
            return null;
        }
        catch (final Refused e)
        {
            return (e.invalid ? "invalid: " : "outside: ") + e.getMessage();
        }
    }

    private static AsciiRegex parseOrThrow(final String regex)
    {
        final Parser p = new Parser(regex);
        final Node root = p.alternation();
        if (p.pos != regex.length())
        {
            throw Refused.invalid("unexpected )");
        }
        return new AsciiRegex(root, p.groups, regex.length());
    }

    /** @return the tree. */
    public Node root()
    {
        return root;
    }

    /** @return the number of capturing groups. */
    public int groups()
    {
        return groups;
    }

    /**
     * @param anchor a {@link Op#BEGIN_TEXT} or {@link Op#END_TEXT} node of this tree.
     * @return whether it is written first ({@code ^...}) or last ({@code ...$}) in the regex.
     */
    public boolean atEdge(final Node anchor)
    {
        return anchor.op == Op.BEGIN_TEXT ? anchor.at == 0 : anchor.at == length - 1;
    }

    /** The kinds of node. */
    public enum Op
    {
        /** One character of a set. */
        SET,
        /** {@code ^}: the start of the text; matches no character. */
        BEGIN_TEXT,
        /** {@code $}: the end of the text; matches no character. */
        END_TEXT,
        /** The subs one after the other; with none, the empty string. */
        CONCAT,
        /** The first sub or the second, the first preferred. */
        ALTERNATE,
        /** The one sub {@link Node#min} to {@link Node#max} times, greedy or lazy. */
        REPEAT,
        /** A capturing group: the one sub, its match recorded as group {@link Node#group}. */
        CAPTURE
    }

    /**
     * A node of the tree. A counted repetition holds its sub-tree once: a machine that needs n copies of it builds
     * them from the one sub-tree (each copy of a capturing group records into the same group).
     */
    public static final class Node
    {
        /** What it is. */
        public final Op op;
        /** {@link Op#SET}: characters 0–63, bit c for character c. */
        public final long low;
        /** {@link Op#SET}: characters 64–127, bit c - 64 for character c. */
        public final long high;
        /** The sub-trees: CONCAT's items, ALTERNATE's two choices, the one of REPEAT and CAPTURE. */
        public final List<Node> subs;
        /** {@link Op#REPEAT}: at least this many times. */
        public final int min;
        /** {@link Op#REPEAT}: at most this many times, -1 for no bound. */
        public final int max;
        /** {@link Op#REPEAT}: prefer fewer times. */
        public final boolean lazy;
        /** {@link Op#CAPTURE}: the group number, from 1 in the order of the opening brackets. */
        public final int group;
        /** Whether this node or one below it is a {@link Op#CAPTURE}. */
        public final boolean captures;
        private final int at;

        private Node(final Op op, final long low, final long high, final List<Node> subs, final int min,
            final int max, final boolean lazy, final int group, final int at)
        {
            this.op = op;
            this.low = low;
            this.high = high;
            this.subs = subs;
            this.min = min;
            this.max = max;
            this.lazy = lazy;
            this.group = group;
            this.at = at;
            boolean c = op == Op.CAPTURE;
            for (final Node s : subs)
            {
                c |= s.captures;
            }
            this.captures = c;
        }

        private static Node of(final Op op, final int at)
        {
            return new Node(op, 0, 0, List.of(), 0, 0, false, 0, at);
        }

        private static Node of(final Op op, final List<Node> subs, final int at)
        {
            return new Node(op, 0, 0, List.copyOf(subs), 0, 0, false, 0, at);
        }

        /**
         * @param c a character.
         * @return whether this {@link Op#SET} holds it.
         */
        public boolean contains(final int c)
        {
            return c >= 0 && (c < 64 ? (low >>> c & 1) != 0 : c < 128 && (high >>> (c - 64) & 1) != 0);
        }
    }

    /**
     * Thrown by a machine built from a tree ({@link AsciiDfa}, the sim's Pike-VM program) when it cannot take a regex
     * the parser accepted: too many states, or a construct it cannot run as RE2/J would. The regex then goes to RE2/J.
     * Stackless: it is control flow of the build, never reported.
     */
    public static final class Unsupported extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        /** A refusal without message or stack trace. */
        public Unsupported()
        {
            super(null, null, false, false);
        }
    }

    /** Outside the subset; {@code invalid} when RE2's own syntax refuses it too. */
    private static final class Refused extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        final boolean invalid;

        private Refused(final boolean invalid, final String why)
        {
            super(why, null, false, false);
            this.invalid = invalid;
        }

        static Refused invalid(final String why)
        {
            return new Refused(true, why);
        }

        static Refused outside(final String why)
        {
            return new Refused(false, why);
        }
    }

    /** Recursive descent; {@code pos} is where the next token starts. */
    private static final class Parser
    {
        final String re;
        int pos;
        int groups;
        int depth;

        Parser(final String re)
        {
            this.re = re;
        }

        boolean at(final char c)
        {
            return pos < re.length() && re.charAt(pos) == c;
        }

        Node alternation()
        {
            Node left = concatenation();
            while (at('|'))
            {
                final int bar = pos++;
                left = Node.of(Op.ALTERNATE, List.of(left, concatenation()), bar);
            }
            return left;
        }

        Node concatenation()
        {
            final int start = pos;
            final List<Node> items = new ArrayList<>();
            while (pos < re.length() && !at('|') && !at(')'))
            {
                items.add(repetition());
            }
            return Node.of(Op.CONCAT, items, start);
        }

        Node repetition()
        {
            final Node atom = atom();
            if (pos >= re.length() || "*+?{".indexOf(re.charAt(pos)) < 0)
            {
                return atom;
            }
            final int op = pos;
            final char c = re.charAt(pos);
            final int min;
            final int max;
            if (c == '{')
            {
                final int[] count = count();
                min = count[0];
                max = count[1];
            }
            else
            {
                pos++;
                min = c == '+' ? 1 : 0;
                max = c == '?' ? 1 : -1;
            }
            final boolean lazy = at('?');
            if (lazy)
            {
                pos++;
            }
            if (pos < re.length() && "*+?".indexOf(re.charAt(pos)) >= 0)
            {
                throw Refused.invalid("nested repetition");
            }
            if (at('{'))
            {
                throw Refused.outside("a { after a repetition"); // RE2: a literal, or a nested repetition
            }
            return new Node(Op.REPEAT, 0, 0, List.of(atom), min, max, lazy, 0, op);
        }

        /** {n}, {n,}, {n,m} at pos ('{'): {min, max}, max -1 for no bound. */
        int[] count()
        {
            final int close = re.indexOf('}', pos);
            if (close < 0)
            {
                throw Refused.outside("a literal {");
            }
            final String spec = re.substring(pos + 1, close);
            final int comma = spec.indexOf(',');
            final String low = comma < 0 ? spec : spec.substring(0, comma);
            final String high = comma < 0 ? low : spec.substring(comma + 1);
            if (!number(low) || (comma >= 0 && !high.isEmpty() && !number(high)))
            {
                throw Refused.outside("a literal {"); // what RE2 makes of a { that opens no count
            }
            final int min = Integer.parseInt(low);
            final int max = high.isEmpty() ? -1 : Integer.parseInt(high);
            if (min > RE2_MAX_REPEAT || max > RE2_MAX_REPEAT || (max >= 0 && max < min))
            {
                throw Refused.invalid("repeat count");
            }
            if (min > MAX_REPEAT || max > MAX_REPEAT)
            {
                throw Refused.outside("a count above " + MAX_REPEAT);
            }
            pos = close + 1;
            return new int[] {min, max};
        }

        /** A count as RE2 reads one: digits, no leading zero; more than four are more than RE2 allows. */
        static boolean number(final String s)
        {
            if (s.isEmpty() || s.length() > 4 || (s.length() > 1 && s.charAt(0) == '0'))
            {
                return false;
            }
            for (int i = 0; i < s.length(); i++)
            {
                if (s.charAt(i) < '0' || s.charAt(i) > '9')
                {
                    return false;
                }
            }
            return true;
        }

        Node atom()
        {
            final int start = pos;
            final char c = re.charAt(pos);
            switch (c)
            {
                case '(':
                    return group();
                case '[':
                {
                    final long[] s = charClass();
                    return set(s, start);
                }
                case '.':
                    pos++;
                    return set(new long[] {~(1L << '\n'), -1L}, start);
                case '^':
                    pos++;
                    return Node.of(Op.BEGIN_TEXT, start);
                case '$':
                    pos++;
                    return Node.of(Op.END_TEXT, start);
                case '\\':
                    return set(escape(), start);
                case '*':
                case '+':
                case '?':
                    throw Refused.invalid("missing argument to repetition");
                case '{':
                    throw Refused.outside("a literal {");
                default:
                    if (c >= 0x80)
                    {
                        throw Refused.outside("non-ASCII");
                    }
                    pos++;
                    return set(bit(c), start);
            }
        }

        static Node set(final long[] s, final int at)
        {
            return new Node(Op.SET, s[0], s[1], List.of(), 0, 0, false, 0, at);
        }

        Node group()
        {
            final int open = pos;
            pos++;
            int group = 0;
            if (re.startsWith("?:", pos))
            {
                pos += 2;
            }
            else if (at('?'))
            {
                throw Refused.outside("flags or a named group");
            }
            else
            {
                group = ++groups;
            }
            if (++depth > MAX_DEPTH)
            {
                throw Refused.outside("groups nested deeper than " + MAX_DEPTH);
            }
            final Node inner = alternation();
            if (!at(')'))
            {
                throw Refused.invalid("missing )");
            }
            pos++;
            depth--;
            return group == 0 ? inner : new Node(Op.CAPTURE, 0, 0, List.of(inner), 0, 0, false, group, open);
        }

        /** Reads an escape at pos (a backslash); returns its set. */
        long[] escape()
        {
            if (pos + 1 >= re.length())
            {
                throw Refused.invalid("trailing \\");
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
                        throw Refused.outside("escape \\" + e); // \b, \A, \pL, \Q, \x41, \1 ...
                    }
                    return bit(e);
            }
            return Character.isUpperCase(e) ? new long[] {~s[0], ~s[1]} : s;
        }

        /** Reads a class at pos ('['). */
        long[] charClass()
        {
            pos++;
            final boolean negate = at('^');
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
                    throw Refused.invalid("missing ]");
                }
                final char c = re.charAt(pos);
                if (c == ']' && !firstItem)
                {
                    pos++;
                    break;
                }
                if (c == '[' && pos + 1 < re.length() && re.charAt(pos + 1) == ':')
                {
                    throw Refused.outside("a POSIX class"); // [[:alpha:]]
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
                        throw Refused.outside("non-ASCII");
                    }
                    lo = c;
                    pos++;
                }
                if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']')
                {
                    pos++;
                    s = or(s, range(lo, rangeEnd()));
                    continue;
                }
                s = or(s, bit(lo));
            }
            return negate ? new long[] {~s[0], ~s[1]} : s;
        }

        /** Reads the end of a range at pos (after the '-'). */
        int rangeEnd()
        {
            final int hi;
            if (re.charAt(pos) == '\\')
            {
                final long[] e = escape();
                if (Long.bitCount(e[0]) + Long.bitCount(e[1]) != 1)
                {
                    throw Refused.invalid("a class as the end of a range");
                }
                hi = single(e);
            }
            else
            {
                hi = re.charAt(pos);
                pos++;
            }
            if (hi >= 0x80)
            {
                throw Refused.outside("non-ASCII");
            }
            return hi;
        }

        static long[] bit(final int c)
        {
            return c < 64 ? new long[] {1L << c, 0} : new long[] {0, 1L << (c - 64)};
        }

        static long[] range(final int lo, final int hi)
        {
            if (hi < lo)
            {
                throw Refused.invalid("a reversed range");
            }
            final long[] s = new long[2];
            for (int c = lo; c <= hi; c++)
            {
                s[c >> 6] |= 1L << (c & 63);
            }
            return s;
        }

        static long[] or(final long[] a, final long[] b)
        {
            return new long[] {a[0] | b[0], a[1] | b[1]};
        }

        static int single(final long[] s)
        {
            return s[0] != 0 ? Long.numberOfTrailingZeros(s[0]) : 64 + Long.numberOfTrailingZeros(s[1]);
        }
    }
}
