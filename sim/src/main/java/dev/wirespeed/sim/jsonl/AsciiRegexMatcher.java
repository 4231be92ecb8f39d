package dev.wirespeed.sim.jsonl;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds the matches of one regex in ASCII bytes as RE2/J's {@link Matcher#find()} does (leftmost-first, the
 * search resumed at the end of the last match and one further after an empty one), with its groups: a Pike VM
 * (RE2/J's own NFA simulation: threads in priority order, the first to reach an instruction at a position wins)
 * over an {@link AsciiRegexProgram}, in arrays allocated once, so a match allocates nothing. A regex outside the
 * program's subset is matched by an RE2/J {@link Matcher} reset over a kept view of the bytes (which allocates
 * RE2/J's match state). One matcher per regex and thread; re-pointed per input with {@link #reset}.
 *
 * <p>RE2/J finds a match without its groups and, when a group is read, runs the match again from its start on the
 * input cut one byte after its end. That second run finds the same match and groups as one run that records
 * every group from the start: the winning thread of the first run is never cut by a thread that starts at or
 * after the match's start (such a thread would have cut it in the first run too), and a thread of higher
 * priority that matches in the second run would have matched, or handed its path to a thread of still higher
 * priority, in the first. So this matcher records the groups in its one run when they are asked for.
 */
final class AsciiRegexMatcher
{
    private final AsciiRegexProgram program;
    private final Matcher re2j;
    private final AsciiChars chars;
    private final int[] groups;
    private final int[] matchCaps;
    private final int[] work;
    private final Queue run;
    private final Queue next;
    private byte[] in;
    private int n;
    private int caps;
    private boolean hasMatch;
    private boolean matched;

    private AsciiRegexMatcher(final Pattern pattern, final AsciiRegexProgram program)
    {
        this.program = program;
        this.re2j = program == null ? pattern.matcher("") : null;
        this.chars = program == null ? new AsciiChars() : null;
        final int slots = 2 * (pattern.groupCount() + 1);
        this.groups = new int[slots];
        this.matchCaps = new int[slots];
        this.work = new int[slots];
        final int size = program == null ? 0 : program.size();
        this.run = new Queue(size, slots);
        this.next = new Queue(size, slots);
    }

    /**
     * @param pattern a pattern.
     * @return its matcher: the Pike VM when the pattern is in {@link AsciiRegexProgram}'s subset, else RE2/J's.
     */
    static AsciiRegexMatcher of(final Pattern pattern)
    {
        final AsciiRegexProgram program =
            pattern.flags() == 0 ? AsciiRegexProgram.compile(pattern.pattern(), pattern.groupCount()) : null;
        return new AsciiRegexMatcher(pattern, program);
    }

    /**
     * @param pattern a pattern.
     * @return an RE2/J matcher of it (the reference, for tests).
     */
    static AsciiRegexMatcher re2j(final Pattern pattern)
    {
        return new AsciiRegexMatcher(pattern, null);
    }

    /** @return whether matches run without RE2/J (and without allocation). */
    boolean allocationFree()
    {
        return program != null;
    }

    /**
     * Re-points the matcher at new input.
     *
     * @param bytes     ASCII bytes (kept, not copied).
     * @param length    how many of them.
     * @param withGroups whether groups above 0 will be read.
     */
    void reset(final byte[] bytes, final int length, final boolean withGroups)
    {
        in = bytes;
        n = length;
        hasMatch = false;
        caps = withGroups ? groups.length : 2;
        if (program == null)
        {
            chars.wrap(bytes, length);
            re2j.reset(chars);
        }
    }

    /** @return whether a next match was found ({@link Matcher#find()}). */
    boolean find()
    {
        if (program == null)
        {
            return re2j.find();
        }
        int from = 0;
        if (hasMatch)
        {
            from = groups[1];
            if (groups[0] == groups[1])
            {
                from++; // an empty match: nudge forward, as RE2/J does
            }
        }
        if (from > n || !search(from))
        {
            return false;
        }
        System.arraycopy(matchCaps, 0, groups, 0, caps);
        hasMatch = true;
        return true;
    }

    /**
     * @param group a group number (0: the whole match).
     * @return where it starts in the last match, -1 when it took no part.
     */
    int start(final int group)
    {
        return program == null ? re2j.start(group) : groups[2 * group];
    }

    /**
     * @param group a group number (0: the whole match).
     * @return where it ends in the last match, -1 when it took no part.
     */
    int end(final int group)
    {
        return program == null ? re2j.end(group) : groups[2 * group + 1];
    }

    /** The Pike VM from {@code from}; the match's slots into {@link #matchCaps}. */
    private boolean search(final int from)
    {
        final AsciiRegexProgram p = program;
        final byte[] b = in;
        final int end = n;
        final int ncap = caps;
        matched = false;
        Arrays.fill(matchCaps, 0, ncap, -1);
        Queue runq = run;
        Queue nextq = next;
        runq.clear();
        nextq.clear();
        int pos = from;
        while (true)
        {
            if (runq.count == 0)
            {
                if (matched)
                {
                    break; // every alternative of higher priority has died
                }
                if (pos > 0 && p.anchored)
                {
                    break; // anchored at the start and past it
                }
            }
            if (!matched)
            {
                Arrays.fill(work, 0, ncap, -1);
                work[0] = pos;
                add(runq, p.start, pos, work);
            }
            final int c = pos < end ? b[pos] & 0xFF : -1;
            step(runq, nextq, pos, c);
            if (c < 0)
            {
                break;
            }
            pos++;
            final Queue t = runq;
            runq = nextq;
            nextq = t;
        }
        return matched;
    }

    /** Runs each thread of {@code runq} over byte {@code c} at {@code pos}, in priority order, into {@code nextq}. */
    private void step(final Queue runq, final Queue nextq, final int pos, final int c)
    {
        final AsciiRegexProgram p = program;
        final int ncap = caps;
        final int stride = runq.stride;
        final long bitLow = c >= 0 && c < 64 ? 1L << c : 0L;
        final long bitHigh = c >= 64 && c < 128 ? 1L << (c - 64) : 0L;
        for (int j = 0; j < runq.count; j++)
        {
            final int pc = runq.dense[j];
            final byte op = p.op[pc];
            if (op == AsciiRegexProgram.MATCH)
            {
                System.arraycopy(runq.caps, j * stride, matchCaps, 0, ncap);
                matchCaps[1] = pos;
                matched = true;
                break; // threads of lower priority are cut
            }
            if (op == AsciiRegexProgram.CHAR && ((p.low[pc] & bitLow) | (p.high[pc] & bitHigh)) != 0)
            {
                System.arraycopy(runq.caps, j * stride, work, 0, ncap);
                add(nextq, p.out[pc], pos + 1, work);
            }
        }
        runq.clear();
    }

    /** Adds {@code pc} and what it reaches without reading a byte at {@code pos}, in priority order. */
    private void add(final Queue q, final int pc, final int pos, final int[] cap)
    {
        if (q.contains(pc))
        {
            return;
        }
        final int j = q.add(pc);
        final AsciiRegexProgram p = program;
        switch (p.op[pc])
        {
            case AsciiRegexProgram.NOP:
                add(q, p.out[pc], pos, cap);
                break;
            case AsciiRegexProgram.SPLIT:
                add(q, p.out[pc], pos, cap);
                add(q, p.arg[pc], pos, cap);
                break;
            case AsciiRegexProgram.BEGIN_TEXT:
                if (pos == 0)
                {
                    add(q, p.out[pc], pos, cap);
                }
                break;
            case AsciiRegexProgram.END_TEXT:
                if (pos == n)
                {
                    add(q, p.out[pc], pos, cap);
                }
                break;
            case AsciiRegexProgram.SAVE:
            {
                final int slot = p.arg[pc];
                if (slot < caps)
                {
                    final int old = cap[slot];
                    cap[slot] = pos;
                    add(q, p.out[pc], pos, cap);
                    cap[slot] = old;
                }
                else
                {
                    add(q, p.out[pc], pos, cap);
                }
                break;
            }
            default: // CHAR, MATCH: a thread, with its captures
                System.arraycopy(cap, 0, q.caps, j * q.stride, caps);
                break;
        }
    }

    /** A sparse set of instructions in the order added, with each thread's capture slots. */
    private static final class Queue
    {
        final int[] sparse;
        final int[] dense;
        final int[] caps;
        final int stride;
        int count;

        Queue(final int size, final int slots)
        {
            sparse = new int[size];
            dense = new int[size];
            caps = new int[size * slots];
            stride = slots;
        }

        boolean contains(final int pc)
        {
            final int i = sparse[pc];
            return i < count && dense[i] == pc;
        }

        int add(final int pc)
        {
            sparse[pc] = count;
            dense[count] = pc;
            return count++;
        }

        void clear()
        {
            count = 0;
        }
    }

    /** ASCII bytes as the {@link CharSequence} RE2/J reads; re-pointed per input. */
    static final class AsciiChars implements CharSequence
    {
        private byte[] b;
        private int n;

        void wrap(final byte[] bytes, final int length)
        {
            b = bytes;
            n = length;
        }

        @Override
        public int length()
        {
            return n;
        }

        @Override
        public char charAt(final int index)
        {
            if (index < 0 || index >= n)
            {
                throw new IndexOutOfBoundsException(index);
            }
            return (char)b[index];
        }

        @Override
        public CharSequence subSequence(final int start, final int end)
        {
            return toString().substring(start, end);
        }

        @Override
        public String toString()
        {
            return new String(b, 0, n, StandardCharsets.US_ASCII);
        }
    }
}
