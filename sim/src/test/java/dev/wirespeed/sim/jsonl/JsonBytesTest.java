package dev.wirespeed.sim.jsonl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBytesTest
{
    private static String decimal(final long value)
    {
        final JsonBytes out = new JsonBytes(8);
        out.put((byte)'[').putLong(value).put((byte)']');
        return new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII);
    }

    @Test
    void shouldWriteNumbersAsLongToStringDoesAtEveryDigitCount()
    {
        long power = 1;
        for (int digits = 1; digits <= 19; digits++)
        {
            for (final long v : new long[] {power - 1, power, power + 1, 2 * power - 1, 9 * power, -power})
            {
                assertThat(decimal(v)).as("%d", v).isEqualTo("[" + v + "]");
            }
            power = digits < 19 ? power * 10 : power;
        }
        for (final long v : new long[] {0, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MIN_VALUE})
        {
            assertThat(decimal(v)).as("%d", v).isEqualTo("[" + v + "]");
        }
    }

    @Test
    void shouldWriteRandomNumbersAsLongToStringDoes()
    {
        final long seed = Long.getLong("wirespeed.seed", 0x5EED_0B17L);
        System.out.println("JsonBytesTest seed " + seed + " (replay with -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final JsonBytes out = new JsonBytes(64);
        final StringBuilder expected = new StringBuilder();
        for (int k = 0; k < 100_000; k++)
        {
            final long v = switch (k % 3)
            {
                case 0 -> random.nextInt(Integer.MAX_VALUE);
                case 1 -> random.nextInt(1_000_000);
                default -> random.nextLong();
            };
            out.putLong(v).put((byte)',');
            expected.append(v).append(',');
        }
        assertThat(new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Test
    void shouldTellAsciiBytesAsAByteLoopDoesWhateverLiesAroundThem()
    {
        final long seed = Long.getLong("wirespeed.seed", 0x5EED_0B17L);
        System.out.println("JsonBytesTest isAscii seed " + seed);
        final SplittableRandom rnd = new SplittableRandom(seed);
        int nonAscii = 0;
        for (int t = 0; t < 200_000; t++)
        {
            final byte[] b = new byte[1 + rnd.nextInt(40)];
            for (int i = 0; i < b.length; i++)
            {
                b[i] = (byte)(rnd.nextInt(8) == 0 ? 0x80 | rnd.nextInt(128) : rnd.nextInt(128));
            }
            final int offset = rnd.nextInt(b.length);
            final int n = rnd.nextInt(b.length - offset + 1);
            boolean want = true;
            for (int i = offset; i < offset + n; i++)
            {
                want &= b[i] >= 0;
            }
            nonAscii += want ? 0 : 1;
            assertThat(JsonBytes.isAscii(b, offset, n)).as("seed %d case %d offset %d length %d", seed, t, offset, n)
                .isEqualTo(want);
        }
        assertThat(nonAscii).isBetween(20_000, 180_000);
    }
}
