package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StringPoolTest
{
    @Test
    void shouldFindInternedStringsExactlyOrCaseInsensitively()
    {
        final StringPoolWriter w = new StringPoolWriter();
        final int a = w.intern("/api/v1");
        final int b = w.intern("reviews.default.svc.cluster.local");
        assertThat(w.intern("/api/v1")).isEqualTo(a);
        final IndexedTableWriter t = new IndexedTableWriter();
        t.put(7L, 70);
        t.put(L7Layout.hostKey(1, 2, 3), 5);
        t.addInt(11);
        t.addLong(-1L);
        try (FibImage image = FibImage.build(1, Map.of(FibSection.STRINGS, w, FibSection.URI_STAGE, t)))
        {
            final StringPool pool = new StringPool(image);
            final byte[] q = "/API/V1".getBytes(StandardCharsets.UTF_8);
            assertThat(pool.find(q, 0, q.length, false)).isEqualTo(-1);
            assertThat(pool.find(q, 0, q.length, true)).isEqualTo(a);
            final byte[] h = "xreviews.default.svc.cluster.local".getBytes(StandardCharsets.UTF_8);
            assertThat(pool.find(h, 1, h.length - 1, false)).isEqualTo(b);
            assertThat(pool.string(b)).isEqualTo("reviews.default.svc.cluster.local");
            final IndexedTable table = new IndexedTable(image, FibSection.URI_STAGE);
            assertThat(table.find(7L)).isEqualTo(70);
            assertThat(table.find(L7Layout.hostKey(1, 2, 3))).isEqualTo(5);
            assertThat(table.find(8L)).isEqualTo(-1);
            assertThat(table.intAt(0)).isEqualTo(11);
            assertThat(table.longAt(0)).isEqualTo(-1L);
        }
    }

    @Test
    void shouldMarkExactlyTheBytesEqualToACharacterEightAtATime()
    {
        final java.util.SplittableRandom rnd = new java.util.SplittableRandom(20261203);
        final byte[] alphabet = {'.', ':', ']', 0, (byte)0x80, (byte)0xAE, (byte)0xBA, 'a', 'Z', '-', '/', 0x7F};
        for (int n = 0; n < 100_000; n++)
        {
            long w = 0;
            for (int k = 0; k < 8; k++)
            {
                final byte b = rnd.nextInt(3) == 0 ? (byte)rnd.nextInt(256) : alphabet[rnd.nextInt(alphabet.length)];
                w |= (b & 0xFFL) << (8 * k);
            }
            for (final char c : new char[] {'.', ':', ']'})
            {
                long expected = 0;
                for (int k = 0; k < 8; k++)
                {
                    if ((byte)(w >>> (8 * k)) == (byte)c)
                    {
                        expected |= 0x80L << (8 * k);
                    }
                }
                assertThat(StringPool.bytesEqual(w, c)).as("%016x %s", w, c).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldStoreAWordAsItIsRead()
    {
        final byte[] b = new byte[16];
        StringPool.putWord(b, 3, 0x0807060504030201L);
        assertThat(b[3]).isEqualTo((byte)1);
        assertThat(b[10]).isEqualTo((byte)8);
        assertThat(StringPool.word(b, 3)).isEqualTo(0x0807060504030201L);
    }
}
