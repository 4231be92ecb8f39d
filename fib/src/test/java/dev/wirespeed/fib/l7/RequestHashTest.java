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
    void shouldHashAsXxHash64WithSeedZero()
    {
        // the reference vectors of XXH64 (seed 0)
        assertThat(RequestHash.xxHash64(new byte[0], 0, 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(xx("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(xx("abc")).isEqualTo(0x44BC2CF5AD770999L);
    }

    @Test
    void shouldHashARangeAsTheSameBytesAlone()
    {
        final byte[] b = "xx-end-user=jason-yy".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestHash.xxHash64(b, 3, 14)).isEqualTo(xx("end-user=jason"));
        assertThat(RequestHash.xxHash64(b, 3, 14, 0)).isEqualTo(xx("end-user=jason"));
        assertThat(RequestHash.xxHash64(b, 3, 14, 1)).isNotEqualTo(xx("end-user=jason"));
        assertThat(RequestHash.xxHash64(b, 3, 14, 1)).isEqualTo(RequestHash.xxHash64(
                "end-user=jason".getBytes(StandardCharsets.UTF_8), 0, 14, 1));
    }

    private static long xx(final String s)
    {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return RequestHash.xxHash64(b, 0, b.length);
    }
}
