package dev.wirespeed.control.config;

import java.util.ArrayDeque;

/**
 * The limits a regex must meet before RE2/J compiles it, as Istio's validation (Go's {@code regexp}, an RE2)
 * and Envoy apply them. RE2/J itself only rejects a single repeat count over 1000: {@code ((a{1000}){1000}){1000}}
 * compiles for minutes into gigabytes, and 3000 nested groups overflow its recursive parser's stack. So the
 * pattern is scanned first (iteratively, with an explicit stack of open groups) for:
 * <ul>
 *   <li>its length: at most {@value #MAX_LENGTH} characters (Istio's {@code validateStringRegexp});</li>
 *   <li>nesting: at most {@value #MAX_NESTING} levels of groups (Go's {@code maxHeight}, "expression nests
 *       too deeply");</li>
 *   <li>nested repeat counts: their product at most {@value #MAX_REPEAT} (Go's {@code repeatIsValid}, "invalid
 *       nested repetition operator");</li>
 *   <li>an estimate of the compiled program's size (instructions, counted as Go's {@code calcSize} does): at most
 *       {@value #MAX_PROGRAM_SIZE}, which RE2/J compiles in well under a second.</li>
 * </ul>
 * A pattern the scan does not understand is left for RE2/J to report (a syntax error).
 */
public final class RegexLimits
{
    /** Longest regex, characters (Istio). */
    public static final int MAX_LENGTH = 1024;
    /** Largest product of nested repeat counts (RE2, Go). */
    public static final int MAX_REPEAT = 1000;
    /** Deepest nesting of groups (Go's maxHeight). */
    public static final int MAX_NESTING = 1000;
    /** Largest estimated program size, instructions. */
    public static final long MAX_PROGRAM_SIZE = 100_000;

    private static final long SATURATED = Long.MAX_VALUE / 4;

    private final String re;
    private int pos;
    private String error;

    private RegexLimits(final String re)
    {
        this.re = re;
    }

    /**
     * @param regex an RE2 pattern.
     * @return null when it is within every limit, else what is over which limit (one line).
     */
    public static String check(final String regex)
    {
        if (regex.length() > MAX_LENGTH)
        {
            return "regex is too large: " + regex.length() + " characters, at most " + MAX_LENGTH + " are allowed"
                + " (as in Istio)";
        }
        final RegexLimits scan = new RegexLimits(regex);
        final long[] result = scan.scan();
        if (scan.error != null)
        {
            return scan.error;
        }
        if (result != null && result[0] > MAX_PROGRAM_SIZE)
        {
            return "regex is too large: its compiled program would have about " + result[0]
                + " instructions, at most " + MAX_PROGRAM_SIZE + " are allowed";
        }
        return null;
    }

    /** One group being scanned: its finished branches and the branch in progress. */
    private static final class Frame
    {
        long alternativesSize;
        long alternativesRepeat = 1;
        int branches;
        long branchSize;
        long branchRepeat = 1;
        long extra;

        void endBranch()
        {
            alternativesSize = add(alternativesSize, Math.max(branchSize, 1));
            alternativesRepeat = Math.max(alternativesRepeat, branchRepeat);
            branches++;
            branchSize = 0;
            branchRepeat = 1;
        }

        long[] end()
        {
            endBranch();
            return new long[] {add(add(alternativesSize, branches - 1), extra), alternativesRepeat};
        }

        void append(final long[] atom)
        {
            branchSize = add(branchSize, atom[0]);
            branchRepeat = Math.max(branchRepeat, atom[1]);
        }
    }

    /**
     * Scans the whole pattern with an explicit stack of groups (no recursion, so no stack to overflow).
     *
     * @return {size, repeat product} of the pattern; null when over a limit ({@link #error} set) or not understood.
     */
    private long[] scan()
    {
        final ArrayDeque<Frame> open = new ArrayDeque<>();
        Frame frame = new Frame();
        while (pos < re.length())
        {
            final char c = re.charAt(pos);
            long[] atom;
            if (c == '(')
            {
                if (open.size() + 1 > MAX_NESTING)
                {
                    error = "regex nests too deeply: more than " + MAX_NESTING
                        + " levels of groups (as Go's RE2 allows)";
                    return null;
                }
                final long extra = groupHeader();
                if (extra == NOT_UNDERSTOOD)
                {
                    return null;
                }
                if (extra == FLAGS_ONLY)
                {
                    continue;
                }
                open.push(frame);
                frame = new Frame();
                frame.extra = extra;
                continue;
            }
            else if (c == '|')
            {
                pos++;
                frame.endBranch();
                continue;
            }
            else if (c == ')')
            {
                if (open.isEmpty())
                {
                    return null;
                }
                pos++;
                atom = frame.end();
                frame = open.pop();
            }
            else if (c == '[')
            {
                atom = charClass() ? new long[] {1, 1} : null;
            }
            else if (c == '\\')
            {
                atom = escape();
            }
            else
            {
                pos++;
                atom = new long[] {1, 1};
            }
            if (atom == null)
            {
                return null;
            }
            final long[] quantified = quantifiers(atom);
            if (quantified == null)
            {
                return null;
            }
            frame.append(quantified);
        }
        return open.isEmpty() ? frame.end() : null;
    }

    private static final long NOT_UNDERSTOOD = -1;
    private static final long FLAGS_ONLY = -2;

    /** Reads "(", "(?:", "(?P&lt;name&gt;", "(?flags:" or "(?flags)". @return the group's extra size, or a marker. */
    private long groupHeader()
    {
        pos++; // '('
        if (pos >= re.length() || re.charAt(pos) != '?')
        {
            return 2; // a capture's two save instructions
        }
        pos++;
        if (pos < re.length() && (re.charAt(pos) == 'P' || re.charAt(pos) == '<'))
        {
            final int close = re.indexOf('>', pos);
            if (close < 0)
            {
                return NOT_UNDERSTOOD;
            }
            pos = close + 1;
            return 2;
        }
        while (pos < re.length() && "imsU-".indexOf(re.charAt(pos)) >= 0)
        {
            pos++;
        }
        if (pos >= re.length())
        {
            return NOT_UNDERSTOOD;
        }
        if (re.charAt(pos) == ')')
        {
            pos++;
            return FLAGS_ONLY;
        }
        if (re.charAt(pos) != ':')
        {
            return NOT_UNDERSTOOD;
        }
        pos++;
        return 0;
    }

    private boolean charClass()
    {
        int i = pos + 1;
        if (i < re.length() && re.charAt(i) == '^')
        {
            i++;
        }
        if (i < re.length() && re.charAt(i) == ']')
        {
            i++;
        }
        while (i < re.length())
        {
            final char c = re.charAt(i);
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == '[' && i + 1 < re.length() && re.charAt(i + 1) == ':')
            {
                final int close = re.indexOf(":]", i + 2);
                if (close < 0)
                {
                    return false;
                }
                i = close + 2;
            }
            else if (c == ']')
            {
                pos = i + 1;
                return true;
            }
            else
            {
                i++;
            }
        }
        return false;
    }

    private long[] escape()
    {
        if (pos + 1 >= re.length())
        {
            return null;
        }
        final char e = re.charAt(pos + 1);
        pos += 2;
        if (e == 'Q')
        {
            final int end = re.indexOf("\\E", pos);
            final int stop = end < 0 ? re.length() : end;
            final long n = stop - pos;
            pos = end < 0 ? re.length() : end + 2;
            return new long[] {Math.max(n, 1), 1};
        }
        if ((e == 'p' || e == 'P' || e == 'x') && pos < re.length() && re.charAt(pos) == '{')
        {
            final int close = re.indexOf('}', pos);
            if (close < 0)
            {
                return null;
            }
            pos = close + 1;
        }
        else if (e == 'x')
        {
            pos = Math.min(re.length(), pos + 2);
        }
        return new long[] {1, 1};
    }

    private long[] quantifiers(final long[] atom)
    {
        long size = atom[0];
        long repeat = atom[1];
        while (pos < re.length())
        {
            final char c = re.charAt(pos);
            if (c == '*' || c == '+' || c == '?')
            {
                pos++;
                size = add(size, 1);
            }
            else if (c == '{')
            {
                final int[] counts = counts();
                if (counts == null)
                {
                    break; // a literal '{' (RE2 reads it so): the next atom
                }
                final int min = counts[0];
                final int max = counts[1];
                final int copies = max >= 0 ? max : min;
                if (copies > MAX_REPEAT || min > MAX_REPEAT)
                {
                    return null; // RE2/J says "invalid repeat count" itself
                }
                if (copies > 0)
                {
                    repeat = mul(repeat, copies);
                    if (repeat > MAX_REPEAT)
                    {
                        error = "invalid nested repetition: the repeat counts multiply to over " + MAX_REPEAT
                            + " copies (RE2's limit, as in Istio)";
                        return null;
                    }
                }
                size = max >= 0 ? add(mul(size, Math.max(max, 1)), max - min) : add(mul(size, min + 1L), 1);
            }
            else
            {
                break;
            }
            if (pos < re.length() && re.charAt(pos) == '?')
            {
                pos++; // non-greedy
            }
        }
        return new long[] {size, repeat};
    }

    /** Parses {n}, {n,} or {n,m} at pos; advances past it. @return {min, max (-1: none)} or null if not one. */
    private int[] counts()
    {
        int i = pos + 1;
        final int minStart = i;
        while (i < re.length() && Character.isDigit(re.charAt(i)) && i - minStart < 9)
        {
            i++;
        }
        if (i == minStart || i >= re.length())
        {
            return null;
        }
        final int min = Integer.parseInt(re.substring(minStart, i));
        int max = min;
        if (re.charAt(i) == ',')
        {
            i++;
            final int maxStart = i;
            while (i < re.length() && Character.isDigit(re.charAt(i)) && i - maxStart < 9)
            {
                i++;
            }
            max = i == maxStart ? -1 : Integer.parseInt(re.substring(maxStart, i));
        }
        if (i >= re.length() || re.charAt(i) != '}')
        {
            return null;
        }
        pos = i + 1;
        return new int[] {min, max};
    }

    private static long add(final long a, final long b)
    {
        return Math.min(SATURATED, a + b);
    }

    private static long mul(final long a, final long b)
    {
        return a > SATURATED / Math.max(b, 1) ? SATURATED : Math.min(SATURATED, a * b);
    }
}
