package dev.wirespeed.sim.jsonl;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link AsciiRegexMatcher}'s Pike VM against RE2/J's {@link Matcher}, the reference: random regexes of the
 * supported syntax (groups, alternation, greedy and lazy repetition, counted repetition, anchors anywhere) over a
 * small alphabet, random ASCII inputs, and every {@code find} of each with the start and end of every group.
 * Prints its seed; replay with {@code -Dwirespeed.seed=N}.
 */
class AsciiRegexMatcherTest
{
    private static final String ALPHABET = "ab/.-_Z9 \n";

    @Test
    void shouldFindTheMatchesAndGroupsOfReTwoJOnRandomRegexes()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("AsciiRegexMatcherTest seed=" + seed + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom rnd = new SplittableRandom(seed);
        int compiled = 0;
        int refused = 0;
        int finds = 0;
        int groupsSet = 0;
        for (int r = 0; r < 3000; r++)
        {
            final String regex = regex(rnd, 3);
            final Pattern pattern;
            try
            {
                pattern = Pattern.compile(regex);
            }
            catch (final RuntimeException e)
            {
                continue;
            }
            final AsciiRegexMatcher vm = AsciiRegexMatcher.of(pattern);
            if (!vm.allocationFree())
            {
                refused++;
                continue;
            }
            compiled++;
            for (int i = 0; i < 40; i++)
            {
                final String input = input(rnd);
                final byte[] b = input.getBytes(StandardCharsets.US_ASCII);
                final boolean withGroups = rnd.nextBoolean();
                final Matcher want = pattern.matcher(input);
                vm.reset(b, b.length, withGroups);
                final String what = "seed=" + seed + " regex=" + regex.replace("\n", "\\n") + " input="
                    + input.replace("\n", "\\n") + " groups=" + withGroups;
                while (true)
                {
                    final boolean found = want.find();
                    if (found != vm.find())
                    {
                        fail(what + ": find " + found + " in RE2/J, not in the Pike VM (or the other way)");
                    }
                    if (!found)
                    {
                        break;
                    }
                    finds++;
                    final int last = withGroups ? pattern.groupCount() : 0;
                    for (int g = 0; g <= last; g++)
                    {
                        final String at = what + " match " + finds + " group " + g;
                        assertThat(vm.start(g)).as(at + " start").isEqualTo(want.start(g));
                        assertThat(vm.end(g)).as(at + " end").isEqualTo(want.end(g));
                        groupsSet += g > 0 && want.start(g) >= 0 ? 1 : 0;
                    }
                }
            }
        }
        System.out.println("AsciiRegexMatcherTest regexes=" + compiled + " refused=" + refused + " finds=" + finds
            + " groups set=" + groupsSet);
        assertThat(compiled).as("most generated regexes are in the subset").isGreaterThan(1500);
        assertThat(finds).isGreaterThan(20_000);
        assertThat(groupsSet).isGreaterThan(5_000);
    }

    @Test
    void shouldLeaveOtherSyntaxAndEmptyLoopsToReTwoJ()
    {
        for (final String regex : new String[] {"(?i)abc", "\\bfoo", "\\pL+", "(?P<x>a)", "[[:alpha:]]", "\\x41",
            "é", "(a*)*", "(|a)+", "(a?){2,}", "(?:^)*", "a{2}{3}", "(a){0}b", "a{01}", "(a){1,+2}", "a{,2}"})
        {
            final Pattern pattern;
            try
            {
                pattern = Pattern.compile(regex);
            }
            catch (final RuntimeException e)
            {
                continue; // RE2/J refuses it too
            }
            assertThat(AsciiRegexMatcher.of(pattern).allocationFree()).as(regex).isFalse();
        }
        assertThat(AsciiRegexMatcher.of(Pattern.compile("^/api/(v[0-9]+)/(.*)$")).allocationFree()).isTrue();
        assertThat(AsciiRegexMatcher.of(Pattern.compile("(a*)+b")).allocationFree()).isFalse();
        assertThat(AsciiRegexMatcher.of(Pattern.compile("(a+)*b|x{2,4}?$")).allocationFree()).isTrue();
    }

    @Test
    void shouldAllocateNothingPerMatch()
    {
        final AsciiRegexMatcher m = AsciiRegexMatcher.of(Pattern.compile("^/api/(v[0-9])/(.*)$|([a-z]+)"));
        final byte[] uri = "/api/v1/books/1?x=2".getBytes(StandardCharsets.US_ASCII);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 20_000; i++)
        {
            sum += matchAll(m, uri);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++)
        {
            sum += matchAll(m, uri);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        System.out.println("AsciiRegexMatcherTest: 100k inputs allocated " + allocated + " B (checksum " + sum + ")");
        assertThat(sum).isPositive();
        assertThat(allocated).as("bytes allocated by 100k inputs").isLessThan(16 * 1024);
    }

    private static long matchAll(final AsciiRegexMatcher m, final byte[] uri)
    {
        long sum = 0;
        m.reset(uri, uri.length, true);
        while (m.find())
        {
            sum += m.start(0) + m.end(2) + m.end(3) + 2;
        }
        return sum;
    }

    private static String input(final SplittableRandom rnd)
    {
        final StringBuilder b = new StringBuilder();
        final int n = rnd.nextInt(10);
        for (int i = 0; i < n; i++)
        {
            b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static String regex(final SplittableRandom rnd, final int depth)
    {
        final StringBuilder b = new StringBuilder();
        final int parts = 1 + rnd.nextInt(3);
        for (int i = 0; i < parts; i++)
        {
            b.append(piece(rnd, depth));
        }
        if (rnd.nextInt(5) == 0)
        {
            b.append('|');
            if (rnd.nextInt(4) != 0)
            {
                b.append(piece(rnd, depth));
            }
        }
        return b.toString();
    }

    private static String piece(final SplittableRandom rnd, final int depth)
    {
        final String atom;
        switch (rnd.nextInt(depth > 0 ? 11 : 8))
        {
            case 0:
                atom = ".";
                break;
            case 1:
                atom = new String[] {"[ab]", "[^/]", "[a-z]", "[-a]", "[\\d_]", "[^\\s]", "[]a]", "[a-]"}
                    [rnd.nextInt(8)];
                break;
            case 2:
                atom = new String[] {"\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "\\.", "\\/", "\\-"}[rnd.nextInt(9)];
                break;
            case 3:
                return rnd.nextBoolean() ? "^" : "$";
            case 8:
            case 9:
                atom = "(" + regex(rnd, depth - 1) + ")";
                break;
            case 10:
                atom = "(?:" + regex(rnd, depth - 1) + ")";
                break;
            default:
                atom = String.valueOf("ab/_Z9".charAt(rnd.nextInt(6)));
                break;
        }
        final String lazy = rnd.nextInt(4) == 0 ? "?" : "";
        switch (rnd.nextInt(14))
        {
            case 0:
                return atom + "*" + lazy;
            case 1:
                return atom + "+" + lazy;
            case 2:
                return atom + "?" + lazy;
            case 3:
                return atom + "{2}" + lazy;
            case 4:
                return atom + "{1,3}" + lazy;
            case 5:
                return atom + "{0,}" + lazy;
            case 6:
                return atom + "{2,}" + lazy;
            case 7:
                return atom + "{0,2}" + lazy;
            case 8:
                return atom + "{0}";
            default:
                return atom;
        }
    }
}
