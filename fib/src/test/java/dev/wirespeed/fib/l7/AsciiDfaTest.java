package dev.wirespeed.fib.l7;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link AsciiDfa} against RE2/J, the reference: random regexes of the supported syntax over a small
 * alphabet, random ASCII inputs over the same alphabet. Prints its seed; replay with
 * {@code -Dwirespeed.seed=N}.
 */
class AsciiDfaTest
{
    private static final String ALPHABET = "ab/.-_Z9 \n";

    @Test
    void shouldFullMatchExactlyLikeRe2OnRandomRegexesAndAsciiInputs()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("AsciiDfaTest seed=" + seed + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom rnd = new SplittableRandom(seed);
        int compiled = 0;
        int checks = 0;
        int matched = 0;
        int packed = 0;
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
            final AsciiDfa dfa = AsciiDfa.compile(regex);
            if (dfa == null)
            {
                continue;
            }
            compiled++;
            final byte[] table = dfa.packed();
            packed += table == null ? 0 : 1;
            for (int i = 0; i < 60; i++)
            {
                final String input = input(rnd, pattern, regex);
                final byte[] b = input.getBytes(StandardCharsets.US_ASCII);
                final boolean expected = pattern.matches(input);
                final int actual = dfa.match(b, 0, b.length);
                if (actual != (expected ? 1 : 0))
                {
                    fail("seed=" + seed + " regex=" + regex + " input=" + input.replace("\n", "\\n")
                            + " re2=" + expected + " dfa=" + actual);
                }
                if (table != null && AsciiDfa.matchPacked(table, b, 0, b.length) != actual)
                {
                    fail("seed=" + seed + " regex=" + regex + " input=" + input.replace("\n", "\\n")
                            + " dfa=" + actual + " packed=" + AsciiDfa.matchPacked(table, b, 0, b.length));
                }
                checks++;
                matched += expected ? 1 : 0;
            }
        }
        System.out.println("AsciiDfaTest regexes=" + compiled + " packed=" + packed + " checks=" + checks
                + " matched=" + matched);
        assertTrue(packed > compiled / 2, "most automata fit the packed table: " + packed);
        assertTrue(matched > checks / 50, "inputs that match are exercised too: " + matched);
        assertTrue(compiled > 1500, "most generated regexes are in the supported subset: " + compiled);
    }

    @Test
    void shouldLeaveUnsupportedSyntaxToRe2()
    {
        for (final String regex : new String[] {"(?i)abc", "\\bfoo", "\\pL+", "a{", "(?P<x>a)", "[[:alpha:]]", "a$b",
                "x^", "\\x41", "é", "a{01}", "a{1,+2}", "^*a"})
        {
            assertNull(AsciiDfa.compile(regex), regex);
        }
        assertNotNull(AsciiDfa.compile("^/api/v[0-9]+/.*$"));
    }

    @Test
    void shouldAskForRe2OnNonAsciiInput()
    {
        final AsciiDfa dfa = AsciiDfa.compile("/a/.*");
        final byte[] b = "/a/é".getBytes(StandardCharsets.UTF_8);
        assertEquals(AsciiDfa.FALLBACK, dfa.match(b, 0, b.length));
        final byte[] ok = "/a/e".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, dfa.match(ok, 0, ok.length));
        assertEquals(0, dfa.match(ok, 0, 2));
        assertEquals(AsciiDfa.FALLBACK, AsciiDfa.matchPacked(dfa.packed(), b, 0, b.length));
        assertEquals(1, AsciiDfa.matchPacked(dfa.packed(), ok, 0, ok.length));
        assertEquals(0, AsciiDfa.matchPacked(dfa.packed(), ok, 0, 2));
    }

    private static String input(final SplittableRandom rnd, final Pattern pattern, final String regex)
    {
        final StringBuilder b = new StringBuilder();
        final int n = rnd.nextInt(8);
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
        if (rnd.nextInt(8) == 0)
        {
            b.append('^');
        }
        for (int i = 0; i < parts; i++)
        {
            b.append(piece(rnd, depth));
        }
        if (rnd.nextInt(6) == 0)
        {
            b.append('|').append(piece(rnd, depth));
        }
        if (rnd.nextInt(8) == 0)
        {
            b.append('$');
        }
        return b.toString();
    }

    private static String piece(final SplittableRandom rnd, final int depth)
    {
        final String atom;
        switch (rnd.nextInt(depth > 0 ? 9 : 7))
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
            case 7:
                atom = "(" + regex(rnd, depth - 1) + ")";
                break;
            case 8:
                atom = "(?:" + regex(rnd, depth - 1) + ")";
                break;
            default:
                atom = String.valueOf("ab/_Z9".charAt(rnd.nextInt(6)));
                break;
        }
        switch (rnd.nextInt(12))
        {
            case 0:
                return atom + "*";
            case 1:
                return atom + "+";
            case 2:
                return atom + "?";
            case 3:
                return atom + "{2}";
            case 4:
                return atom + "{1,3}";
            case 5:
                return atom + "{0,}";
            case 6:
                return atom + "*?";
            default:
                return atom;
        }
    }
}
