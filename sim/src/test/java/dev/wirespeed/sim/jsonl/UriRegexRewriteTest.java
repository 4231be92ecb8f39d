package dev.wirespeed.sim.jsonl;

import com.google.re2j.Pattern;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte-level regex rewrite against the reference's {@code matcher(uri).replaceAll(re2jReplacement(r))}:
 * random URIs over a small alphabet, patterns with groups, alternations, empty matches and anchors, and Istio
 * replacements with group references (one and two digits), escapes and {@code $}; each through the Pike VM
 * ({@link AsciiRegexMatcher}, every pattern here is in its subset) and through RE2/J's matcher. Seed:
 * {@code -Dwirespeed.seed=N}.
 */
class UriRegexRewriteTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261203L);
    private static final String[] PATTERNS = {
        "^/api/(v[0-9])/(.*)$", "/", "s*", "(a)|(p)", "^/(api|static)", "v([0-9])", "^/API/V1$", "(x)?y", "",
        "a(b*)", "[0-9]+", "(((a)))", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)"};
    private static final String[] REPLACEMENTS = {
        "/\\2/\\1", "_", "-", "[\\1\\2]", "/$x\\\\\\1\\1", "\\12", "\\0/", "", "\\1\\1", "<\\0>", "$", "\\",
        "\\11.\\12", "a\\b"};
    private static final String ALPHABET = "/apisv0123?AVxybc-";

    @Test
    void shouldRewriteAsReTwoJReplaceAll()
    {
        System.out.println("UriRegexRewriteTest seed " + SEED);
        final SplittableRandom rnd = new SplittableRandom(SEED);
        final UriRegexRewrite rewrite = new UriRegexRewrite(null, null, null);
        int compared = 0;
        int refused = 0;
        for (final String p : PATTERNS)
        {
            final Pattern pattern = Pattern.compile(p);
            for (final String istio : REPLACEMENTS)
            {
                final String replacement = ReferenceRouter.re2jReplacement(istio);
                final int[] program = UriRegexRewrite.parse(replacement, pattern.groupCount());
                for (int i = 0; i < 40; i++)
                {
                    final StringBuilder uri = new StringBuilder();
                    final int n = rnd.nextInt(24);
                    for (int k = 0; k < n; k++)
                    {
                        uri.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                    }
                    String want;
                    try
                    {
                        want = pattern.matcher(uri).replaceAll(replacement);
                    }
                    catch (final IndexOutOfBoundsException e)
                    {
                        want = null; // RE2/J refuses a group number over the pattern's: the byte path must refuse too
                    }
                    if (program == null)
                    {
                        // refused: RE2/J throws for it too whenever the replacement is used (the input matches)
                        assertThat(want == null || !pattern.matcher(uri).find()).as(p + " / " + istio).isTrue();
                        refused++;
                        continue;
                    }
                    final byte[] in = uri.toString().getBytes(StandardCharsets.US_ASCII);
                    for (final AsciiRegexMatcher m : new AsciiRegexMatcher[] {
                        AsciiRegexMatcher.of(pattern), AsciiRegexMatcher.re2j(pattern)})
                    {
                        rewrite.replaceAll(m, program, in, in.length);
                        assertThat(new String(rewrite.result(), 0, rewrite.length(), StandardCharsets.US_ASCII))
                            .as("seed " + SEED + " pattern " + p + " replacement " + istio + " uri " + uri
                                + (m.allocationFree() ? " (Pike VM)" : " (RE2/J)"))
                            .isEqualTo(want);
                    }
                    compared++;
                }
            }
        }
        System.out.println("UriRegexRewriteTest: " + compared + " rewrites compared, " + refused + " refused");
        assertThat(compared).isGreaterThan(4000);
        for (final String p : PATTERNS)
        {
            assertThat(AsciiRegexMatcher.of(Pattern.compile(p)).allocationFree()).as(p).isTrue();
        }
    }
}
