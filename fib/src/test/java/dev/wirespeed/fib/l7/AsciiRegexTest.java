package dev.wirespeed.fib.l7;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link AsciiRegex}, the one parser of the ASCII subset, against RE2/J's own parser, the reference: random strings
 * of regex syntax, valid or not, must be accepted only where RE2/J accepts them (with as many groups and, through
 * {@link AsciiDfa}, the same full matches) and called invalid only where RE2/J refuses them; what lies outside the
 * subset but is valid RE2 is refused, so that its callers fall back to RE2/J. Prints its seed; replay with
 * {@code -Dwirespeed.seed=N}.
 */
class AsciiRegexTest
{
    private static final String[] TOKENS = {
        "a", "b", "/", "Z", "9", "0", "1", ",", "-", ".", " ", "_", ":", "\\d", "\\W", "\\s", "\\.", "\\-", "\\",
        "\\b", "\\x41", "\\q", "\\1", "[", "]", "[^", "[a-z]", "[z-a]", "[-a]", "[]a]", "[a-\\d]", "[\\d-z]",
        "[[:alpha:]]", "[^\\s/]", "(", "(?:", "(?i)", "(?P<n>", ")", "|", "*", "+", "?", "*?", "{", "}", "{2}",
        "{1,3}", "{0,}", "{0}", "{01}", "{,2}", "{3,1}", "{101}", "{1001}", "{2,}?", "^", "$", "é", "\n"};
    private static final String INPUTS = "ab/Z90,-. _:{}\n";

    @Test
    void shouldAcceptOnlyWhatReTwoJAcceptsAndCallInvalidOnlyWhatItRefuses()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261205L);
        System.out.println("AsciiRegexTest seed=" + seed + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom rnd = new SplittableRandom(seed);
        int accepted = 0;
        int invalid = 0;
        int outside = 0;
        int outsideValid = 0;
        int automata = 0;
        for (int r = 0; r < 20_000; r++)
        {
            final String regex = syntax(rnd);
            final String what = "seed=" + seed + " regex=" + regex.replace("\n", "\\n");
            Pattern pattern = null;
            try
            {
                pattern = Pattern.compile(regex);
            }
            catch (final PatternSyntaxException e)
            {
                // RE2/J refuses it
            }
            final String refusal = AsciiRegex.refusal(regex);
            if (refusal == null)
            {
                accepted++;
                assertNotNull(pattern, what + ": in the subset, but RE2/J refuses it");
                assertEquals(pattern.groupCount(), AsciiRegex.parse(regex).groups(), what + ": groups");
                automata += sameFullMatches(rnd, pattern, regex, what) ? 1 : 0;
            }
            else if (refusal.startsWith("invalid"))
            {
                invalid++;
                assertNull(pattern, what + ": called " + refusal + ", but RE2/J accepts it");
            }
            else
            {
                outside++;
                outsideValid += pattern != null ? 1 : 0;
            }
        }
        System.out.println("AsciiRegexTest accepted=" + accepted + " (automata " + automata + ") invalid=" + invalid
            + " outside=" + outside + " (valid RE2: " + outsideValid + ")");
        assertTrue(accepted > 3000, "the subset is exercised: " + accepted);
        assertTrue(invalid > 3000, "invalid syntax is exercised: " + invalid);
        assertTrue(outsideValid > 1000, "valid RE2 outside the subset is exercised: " + outsideValid);
        assertTrue(automata > 2000, "full matches are compared: " + automata);
    }

    @Test
    void shouldLeaveValidReTwoOutsideTheSubsetToReTwoJ()
    {
        for (final String regex : new String[] {"(?i)abc", "\\bfoo", "\\pL+", "a{", "(?P<x>a)", "[[:alpha:]]",
            "\\x41", "é", "[é]", "a{01}", "a{,2}", "a{1,+2}", "a{-0}", "a{1,2,3}", "a{101}", "a{2}{", "{", "x{a}",
            "\\\n", "\\a"})
        {
            Pattern.compile(regex); // valid RE2
            final String refusal = AsciiRegex.refusal(regex);
            assertNotNull(refusal, regex);
            assertTrue(refusal.startsWith("outside"), regex + ": " + refusal);
            assertNull(AsciiRegex.parse(regex), regex);
            assertNull(AsciiDfa.compile(regex), regex);
        }
    }

    @Test
    void shouldMatchALiteralBraceThatOpensNoCountThroughReTwoJ()
    {
        // RE2 reads a{01} as the four literal characters; an automaton of a{1} would have matched "a".
        final L7Regexes regexes = new L7Regexes(new Pattern[] {Pattern.compile("a{01}")});
        final byte[] literal = "a{01}".getBytes(StandardCharsets.US_ASCII);
        assertTrue(regexes.matches(0, literal, 0, literal.length));
        assertTrue(!regexes.matches(0, literal, 0, 1));
    }

    @Test
    void shouldLeaveGroupsNestedDeeperThanAHundredToReTwoJ()
    {
        final String deep = "(".repeat(200) + "a" + ")".repeat(200);
        assertTrue(AsciiRegex.refusal(deep).startsWith("outside"), AsciiRegex.refusal(deep));
        assertNull(AsciiDfa.compile(deep));
        final String hundred = "(?:".repeat(100) + "a" + ")".repeat(100);
        assertNotNull(AsciiDfa.compile(hundred));
        final L7Regexes regexes = new L7Regexes(new Pattern[] {Pattern.compile(deep)});
        final byte[] a = {'a'};
        assertTrue(regexes.matches(0, a, 0, 1));
    }

    @Test
    void shouldParseTheSubsetIntoOneTree()
    {
        final AsciiRegex re = AsciiRegex.parse("^/api/(v[0-9]+)/(?:a|b\\d)*?x{2,}$");
        assertEquals(1, re.groups());
        assertEquals("(^ '/' 'a' 'p' 'i' '/' #1(('v' {1,-1 [0-9]})) '/' {0,-1? (('a')|('b' [0-9]))} {2,-1 'x'} $)",
            tree(re.root()));
        assertTrue(re.atEdge(re.root().subs.get(0)));
        assertTrue(re.atEdge(re.root().subs.get(re.root().subs.size() - 1)));
        final AsciiRegex inner = AsciiRegex.parse("a$|^b");
        final AsciiRegex.Node left = inner.root().subs.get(0);
        assertEquals("(('a' $)|(^ 'b'))", tree(inner.root()));
        assertTrue(!inner.atEdge(left.subs.get(1)), "$ before the end");
        assertEquals("([^\\x0a] [\\-a] [^\\x09-\\x0a\\x0c-\\x0d /])", tree(AsciiRegex.parse(".[-a][^\\s/]").root()));
    }

    /** Full matches of RE2/J and the automaton, where there is one, on inputs near the regex's own text. */
    private static boolean sameFullMatches(final SplittableRandom rnd, final Pattern pattern, final String regex,
        final String what)
    {
        final AsciiDfa dfa = AsciiDfa.compile(regex);
        if (dfa == null)
        {
            return false;
        }
        for (int i = 0; i < 12; i++)
        {
            final String input = input(rnd, regex, i);
            final byte[] b = input.getBytes(StandardCharsets.UTF_8);
            final int expected = pattern.matches(input) ? 1 : 0;
            final int actual = dfa.match(b, 0, b.length);
            if (actual != AsciiDfa.FALLBACK && actual != expected)
            {
                fail(what + " input=" + input.replace("\n", "\\n") + " re2=" + expected + " dfa=" + actual);
            }
        }
        return true;
    }

    /** The regex's text (literal braces and all), its letters alone, or random characters. */
    private static String input(final SplittableRandom rnd, final String regex, final int i)
    {
        if (i == 0)
        {
            return regex;
        }
        if (i == 1)
        {
            return regex.replaceAll("[^a-zA-Z0-9/]", "");
        }
        final StringBuilder b = new StringBuilder();
        final int n = rnd.nextInt(7);
        for (int k = 0; k < n; k++)
        {
            b.append(INPUTS.charAt(rnd.nextInt(INPUTS.length())));
        }
        return b.toString();
    }

    private static String syntax(final SplittableRandom rnd)
    {
        final StringBuilder b = new StringBuilder();
        final int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++)
        {
            // letters often, so that most strings get past their first error
            b.append(rnd.nextInt(3) == 0 ? "ab/".charAt(rnd.nextInt(3)) : TOKENS[rnd.nextInt(TOKENS.length)]);
        }
        return b.toString();
    }

    /** The tree as text: (concatenation), (a)|(b), #n(group), {min,max sub} ('?' if lazy), sets and anchors. */
    private static String tree(final AsciiRegex.Node n)
    {
        switch (n.op)
        {
            case SET:
                return set(n);
            case BEGIN_TEXT:
                return "^";
            case END_TEXT:
                return "$";
            case CONCAT:
            {
                final StringBuilder b = new StringBuilder("(");
                for (final AsciiRegex.Node s : n.subs)
                {
                    b.append(b.length() > 1 ? " " : "").append(tree(s));
                }
                return b.append(')').toString();
            }
            case ALTERNATE:
                return "(" + tree(n.subs.get(0)) + "|" + tree(n.subs.get(1)) + ")";
            case CAPTURE:
                return "#" + n.group + "(" + tree(n.subs.get(0)) + ")";
            default:
                return "{" + n.min + "," + n.max + (n.lazy ? "?" : "") + " " + tree(n.subs.get(0)) + "}";
        }
    }

    /** A set as a quoted character, or a class of ranges ([^...] when it holds more than half of ASCII). */
    private static String set(final AsciiRegex.Node n)
    {
        int count = 0;
        for (int c = 0; c < 128; c++)
        {
            count += n.contains(c) ? 1 : 0;
        }
        if (count == 1)
        {
            for (int c = 0; c < 128; c++)
            {
                if (n.contains(c))
                {
                    return "'" + ch(c) + "'";
                }
            }
        }
        final boolean negate = count > 64;
        final StringBuilder b = new StringBuilder(negate ? "[^" : "[");
        for (int c = 0; c < 128; c++)
        {
            if (n.contains(c) != negate)
            {
                int end = c;
                while (end + 1 < 128 && n.contains(end + 1) != negate)
                {
                    end++;
                }
                b.append(ch(c));
                if (end > c)
                {
                    b.append('-').append(ch(end));
                }
                c = end;
            }
        }
        return b.append(']').toString();
    }

    private static String ch(final int c)
    {
        return c < ' ' ? String.format("\\x%02x", c) : c == '-' ? "\\-" : String.valueOf((char)c);
    }
}
