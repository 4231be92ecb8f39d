package dev.wirespeed.pipeline.parse;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** HPACK decoding: the RFC's examples, the JDK's encoder and decoder as the oracle, and mutated blocks. */
class HpackDecoderTest
{
    private final Frames.Native mem = new Frames.Native();
    private final HpackDecoder decoder = new HpackDecoder();

    @Test
    void shouldRebuildTheRfcHuffmanCodesFromTheirLengths()
    {
        assertThat(HpackHuffman.code('0')).isEqualTo(0x0);
        assertThat(HpackHuffman.code('a')).isEqualTo(0x3);
        assertThat(HpackHuffman.code(' ')).isEqualTo(0x14);
        assertThat(HpackHuffman.code('%')).isEqualTo(0x15);
        assertThat(HpackHuffman.code('A')).isEqualTo(0x21);
        assertThat(HpackHuffman.length('A')).isEqualTo(6);
        assertThat(HpackHuffman.code(0)).isEqualTo(0x1ff8);
        assertThat(HpackHuffman.code(HpackHuffman.EOS)).isEqualTo(0x3fffffff);
        assertThat(HpackHuffman.length(HpackHuffman.EOS)).isEqualTo(30);
    }

    @Test
    void shouldDecodeTheRfcRequestExamplesWithHuffmanAndTheDynamicTable()
    {
        final HpackTables table = new HpackTables(4096);
        final Http2Headers h = new Http2Headers();
        assertThat(decode("828684418cf1e3c2e5f23a6ba0ab90f4ff", table, h)).isEqualTo(HpackDecoder.OK);
        assertThat(text(h)).isEqualTo(":method: GET|:scheme: http|:path: /|:authority: www.example.com|");
        assertThat(table.size()).isEqualTo(57);
        assertThat(decode("828684be5886a8eb10649cbf", table, h)).isEqualTo(HpackDecoder.OK);
        assertThat(text(h)).isEqualTo(
            ":method: GET|:scheme: http|:path: /|:authority: www.example.com|cache-control: no-cache|");
        assertThat(table.size()).isEqualTo(110);
        assertThat(decode("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf", table, h)).isEqualTo(HpackDecoder.OK);
        assertThat(text(h)).isEqualTo(":method: GET|:scheme: https|:path: /index.html|:authority: www.example.com"
            + "|custom-key: custom-value|");
        assertThat(table.size()).isEqualTo(164);
        assertThat(h.authority).isEqualTo(3);
        assertThat(h.path).isEqualTo(2);
        assertThat(h.method).isEqualTo(0);
    }

    @Test
    void shouldDecodeLiteralsWithoutAndNeverIndexedLeavingTheTableAlone()
    {
        final HpackTables table = new HpackTables(4096);
        final Http2Headers h = new Http2Headers();
        assertThat(decode("040c2f73616d706c652f70617468", table, h)).isEqualTo(HpackDecoder.OK);
        assertThat(text(h)).isEqualTo(":path: /sample/path|");
        assertThat(decode("100870617373776f726406736563726574", table, h)).isEqualTo(HpackDecoder.OK);
        assertThat(text(h)).isEqualTo("password: secret|");
        assertThat(table.count()).isZero();
    }

    @Test
    void shouldCountBadIndexesPaddingAndOversizeUpdatesAsMalformed()
    {
        final Http2Headers h = new Http2Headers();
        assertThat(decode("80", new HpackTables(4096), h)).as("index 0").isEqualTo(HpackDecoder.MALFORMED);
        assertThat(decode("be", new HpackTables(4096), h)).as("empty dynamic table").isEqualTo(HpackDecoder.MALFORMED);
        assertThat(decode("3fe11f", new HpackTables(4096), h)).as("size 4096 ok").isEqualTo(HpackDecoder.OK);
        assertThat(decode("3fe21f", new HpackTables(4096), h)).as("size 4097").isEqualTo(HpackDecoder.MALFORMED);
        assertThat(decode("4181fe", new HpackTables(4096), h)).as("padding not EOS").isEqualTo(HpackDecoder.MALFORMED);
        assertThat(decode("ffffffffff0f", new HpackTables(4096), h)).as("huge").isEqualTo(HpackDecoder.MALFORMED);
        assertThat(decode("0f", new HpackTables(4096), h)).as("cut integer").isEqualTo(HpackDecoder.MALFORMED);
        assertThat(decode("4105", new HpackTables(4096), h)).as("cut string").isEqualTo(HpackDecoder.MALFORMED);
    }

    @Test
    void shouldAgreeWithTheJdkDecoderOnRandomHeaderListsAcrossAConnection()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("shouldAgreeWithTheJdkDecoderOnRandomHeaderListsAcrossAConnection seed=" + seed);
        final SplittableRandom r = new SplittableRandom(seed);
        for (int connection = 0; connection < 200; connection++)
        {
            final JdkHpack jdk = new JdkHpack(4096);
            final HpackTables table = new HpackTables(4096);
            final Http2Headers h = new Http2Headers();
            for (int block = 0; block < 30; block++)
            {
                if (r.nextInt(20) == 0)
                {
                    jdk.setMaxCapacity(r.nextInt(4097));
                }
                final List<String[]> fields = randomFields(r);
                final byte[] encoded = jdk.encode(fields, r.nextBoolean());
                final String context = "connection " + connection + " block " + block + " "
                    + HexFormat.of().formatHex(encoded);
                final String expected = text(jdk.decode(encoded));
                assertThat(decode(encoded, table, h)).as(context).isEqualTo(HpackDecoder.OK);
                assertThat(text(h)).as(context).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldTurnMutatedBlocksIntoACountedOutcomeNeverAnException()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("shouldTurnMutatedBlocksIntoACountedOutcomeNeverAnException seed=" + seed);
        final SplittableRandom r = new SplittableRandom(seed);
        final int[] seen = new int[3];
        final JdkHpack jdk = new JdkHpack(4096);
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] block = jdk.encode(randomFields(r), false);
            for (int m = 1 + r.nextInt(3); m > 0 && block.length > 0; m--)
            {
                block[r.nextInt(block.length)] = (byte)r.nextInt(256);
            }
            final int length = r.nextInt(4) == 0 ? r.nextInt(block.length + 1) : block.length;
            final Http2Headers h = new Http2Headers(r.nextInt(8) == 0 ? 64 : Http2Headers.DEFAULT_CAPACITY);
            final HpackTables table = new HpackTables(4096);
            final int outcome = decoder.decode(mem.put(block), length, table, h);
            seen[outcome]++;
            assertThat(h.used).isLessThanOrEqualTo(h.data.length);
            assertThat(table.size()).isLessThanOrEqualTo(table.maxSize());
        }
        System.out.println("outcomes OK, MALFORMED, TOO_LARGE: " + java.util.Arrays.toString(seen));
        assertThat(seen).doesNotContain(0);
    }

    static List<String[]> randomFields(final SplittableRandom r)
    {
        final String[] names = {"user-agent", "accept", "x-request-id", "end-user", "cookie", "content-type",
            "x-b3-traceid", "grpc-timeout", "te", "Custom-Ünïcode".toLowerCase()};
        final List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {":method", r.nextBoolean() ? "GET" : "POST"});
        fields.add(new String[] {":scheme", "http"});
        fields.add(new String[] {":path", "/p" + r.nextInt(50) + "/" + word(r, r.nextInt(30))});
        fields.add(new String[] {":authority", "svc" + r.nextInt(5) + ".default.svc.cluster.local"});
        for (int i = r.nextInt(8); i > 0; i--)
        {
            final int length = r.nextInt(r.nextInt(10) == 0 ? 600 : 40);
            fields.add(new String[] {names[r.nextInt(names.length)], word(r, length)});
        }
        return fields;
    }

    private static String word(final SplittableRandom r, final int n)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            b.append((char)(r.nextInt(10) == 0 ? r.nextInt(1, 256) : 'a' + r.nextInt(26)));
        }
        return b.toString();
    }

    private int decode(final String hex, final HpackTables table, final Http2Headers h)
    {
        return decode(HexFormat.of().parseHex(hex), table, h);
    }

    private int decode(final byte[] block, final HpackTables table, final Http2Headers h)
    {
        return decoder.decode(mem.put(block), block.length, table, h);
    }

    private static String text(final Http2Headers h)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < h.count; i++)
        {
            b.append(h.name(i)).append(": ").append(h.value(i)).append('|');
        }
        return b.toString();
    }

    private static String text(final List<String[]> fields)
    {
        final StringBuilder b = new StringBuilder();
        for (final String[] f : fields)
        {
            b.append(f[0]).append(": ").append(f[1]).append('|');
        }
        return b.toString();
    }
}
