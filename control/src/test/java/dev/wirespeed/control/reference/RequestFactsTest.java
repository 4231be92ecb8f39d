package dev.wirespeed.control.reference;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte forms of the authority rules against their String forms: random authorities over hosts, brackets,
 * colons and digits, at random offsets inside a larger array. Seed: {@code -Dwirespeed.seed=N}.
 */
class RequestFactsTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261203L);
    private static final String[] PARTS = {
        "reviews", "a.b", "[", "]", ":", "::1", "9080", "80", "0", "123456", "x", "[::1]", "[fd00::1]:8443", ":65535"};

    @Test
    void shouldReadTheAuthorityPortAsTheStringRuleDoes()
    {
        System.out.println("RequestFactsTest seed " + SEED);
        final SplittableRandom rnd = new SplittableRandom(SEED);
        int withPort = 0;
        for (int i = 0; i < 50_000; i++)
        {
            final StringBuilder b = new StringBuilder();
            final int n = rnd.nextInt(5);
            for (int k = 0; k < n; k++)
            {
                b.append(PARTS[rnd.nextInt(PARTS.length)]);
            }
            final String authority = b.toString();
            final byte[] text = authority.getBytes(StandardCharsets.UTF_8);
            final int offset = rnd.nextInt(4);
            final byte[] padded = new byte[offset + text.length + rnd.nextInt(4)];
            Arrays.fill(padded, (byte)':');
            System.arraycopy(text, 0, padded, offset, text.length);
            final int want = RequestFacts.authorityPort(authority);
            assertThat(RequestFacts.authorityPort(padded, offset, text.length)).as("seed " + SEED + " " + authority)
                .isEqualTo(want);
            withPort += want >= 0 ? 1 : 0;
        }
        assertThat(withPort).isGreaterThan(1000);
    }
}
