package dev.wirespeed.fib.l7;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RequestHashTest
{
    @Test
    void shouldSpreadPercentagesUniformly()
    {
        int below = 0;
        for (long id = 0; id < 100_000; id++)
        {
            final double p = RequestHash.pct(id, RequestHash.ABORT);
            assertThat(p).isGreaterThanOrEqualTo(0).isLessThan(100);
            if (p < 25)
            {
                below++;
            }
        }
        assertThat(below / 100_000.0).isCloseTo(0.25, within(0.01));
    }

    @Test
    void shouldDependOnTheSalt()
    {
        assertThat(RequestHash.hash(42, RequestHash.WEIGHT)).isNotEqualTo(RequestHash.hash(42, RequestHash.LB));
        assertThat(RequestHash.hash(42, RequestHash.WEIGHT)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldStreamTheSameHash64AsTheArrayForm()
    {
        final byte[] b = "end-user=jason".getBytes(StandardCharsets.UTF_8);
        long h = RequestHash.hash64Start();
        for (final byte x : b)
        {
            h = RequestHash.hash64Step(h, x);
        }
        assertThat(RequestHash.hash64Finish(h)).isEqualTo(RequestHash.hash64(b));
    }

    @Test
    void shouldMoveFewKeysWhenABucketIsAdded()
    {
        int moved = 0;
        for (long k = 0; k < 10_000; k++)
        {
            final long key = RequestHash.mix64(k);
            final int a = RequestHash.jump(key, 10);
            final int b = RequestHash.jump(key, 11);
            assertThat(a).isBetween(0, 9);
            if (a != b)
            {
                assertThat(b).isEqualTo(10);
                moved++;
            }
        }
        assertThat(moved / 10_000.0).isCloseTo(1 / 11.0, within(0.02));
    }
}
