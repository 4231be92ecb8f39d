package dev.wirespeed.sim.jsonl;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.sample.RandomRoutingModels;
import dev.wirespeed.fib.l3.FlowHash;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l7.L7RequestView;
import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte-level request parser against the reference ({@link RequestLineParser}, Jackson): for random
 * requests written as JSON (with escapes, non-ASCII text, extra fields, nulls) and random mutations of them,
 * a line the byte parser takes must be a line the reference takes, with the same values in the view; a line
 * the reference refuses must never be taken. Seed: {@code -Dwirespeed.seed=N}.
 */
class RequestLineDecoderTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261203L);
    private static final String[] ODD = {
        "\"", "\\", "\u0001", "\t", "\u00e9", "\u2028", "/", "%20", "\ud83d\ude00", "\u007f", "A", "\ud800"};

    private final RequestLineDecoder decoder = new RequestLineDecoder();
    private final RequestLineParser parser = new RequestLineParser();
    private final RequestLineParser.Result result = new RequestLineParser.Result();
    private final HttpRequestView fast = new HttpRequestView();
    private final HttpRequestView reference = new HttpRequestView();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldAgreeWithTheReferenceParserOnRandomLinesAndMutations() throws Exception
    {
        System.out.println("RequestLineDecoderTest seed " + SEED);
        final SplittableRandom rnd = new SplittableRandom(SEED);
        int taken = 0;
        int refused = 0;
        for (int m = 0; m < 8; m++)
        {
            final RoutingModel model = RandomRoutingModels.model(rnd);
            for (int i = 0; i < 1500; i++)
            {
                final String line = line(RandomRoutingModels.request(model, rnd, i), rnd);
                final String where = "seed " + SEED + " model " + m + " line " + i + ": ";
                taken += compare(line, i, where) ? 1 : 0;
                final String mutated = mutate(line, rnd);
                final boolean ok = compare(mutated, i, where + "mutated: " + mutated);
                refused += ok ? 0 : 1;
            }
        }
        assertThat(taken).as("lines the byte parser takes").isGreaterThan(8 * 1500 / 2);
        assertThat(refused).as("mutated lines refused").isPositive();
    }

    @Test
    void shouldReadEveryEscapeAndSpecialByteAtEveryPositionOfTheEightByteWords() throws Exception
    {
        // the decoder copies plain runs eight bytes at a time: put each kind of special byte at each position of
        // values of 0..40 bytes (both sides of every word boundary), in fixed fields, headers and labels
        final String[] specials = {"\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\u20AC", "\\ud83d\\ude00", "é", "€",
            "😀", "\u0001", "\""};
        int taken = 0;
        for (final String special : specials)
        {
            for (int length = 0; length <= 40; length++)
            {
                for (int at = 0; at <= length; at++)
                {
                    final String value = "a".repeat(at) + special + "b".repeat(length - at);
                    final String line = "{\"path\":\"/" + value + "\",\"authority\":\"" + value
                        + "\",\"headers\":{\"x-" + length + "\":\"" + value + "\"},\"sourceLabels\":{\"app\":\""
                        + value + "\"}}";
                    taken += compare(line, length, "special " + special + " at " + at + " of " + length) ? 1 : 0;
                    final byte[] utf8 = json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
                    final JsonBytes escaped = new JsonBytes(8);
                    final byte[] raw = value.getBytes(StandardCharsets.UTF_8);
                    escaped.putEscaped(raw, 0, raw.length);
                    assertThat(JsonBytes.isAscii(raw, 0, raw.length)).as("ASCII " + value)
                        .isEqualTo(value.chars().allMatch(c -> c < 0x80));
                    // the encoder escapes as Jackson's generator does (a JSON text value, without its quotes)
                    assertThat(new String(escaped.array(), 0, escaped.length(), StandardCharsets.UTF_8))
                        .as("escaped " + value).isEqualTo(new String(utf8, 1, utf8.length - 2, StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(taken).as("lines taken by the byte parser").isGreaterThan(specials.length * 41 * 21 / 2);
    }

    @Test
    void shouldReadTheDesignExampleAndItsDestination()
    {
        final String line = "{\"ts\":0,\"src\":\"10.1.0.5\",\"port\":9080,\"gateway\":\"mesh\","
            + "\"sourceNamespace\":\"default\",\"sourceLabels\":{\"app\":\"productpage\"},\"method\":\"GET\","
            + "\"scheme\":\"http\",\"authority\":\"reviews\","
            + "\"path\":\"/wpcatalog/a\",\"headers\":{\"End-User\":\"jason\"},\"dst\":\"10.96.0.9:9080\"}";
        assertThat(compare(line, 3, line)).isTrue();
        assertThat(text(fast, L7RequestView.DST)).isEqualTo(Arrays.toString(bytes("10.96.0.9:9080")));
        assertThat(text(fast, L7RequestView.PATH)).isEqualTo(Arrays.toString(bytes("/wpcatalog/a")));
        assertThat(fast.port()).isEqualTo(9080);
    }

    @Test
    void shouldLeaveBadLinesAndOddLinesToTheReference()
    {
        for (final String bad : new String[] {
            "{\"path\":\"/\",\"port\":0}", "{\"path\":\"/\",\"port\":80.0}", "{\"path\":\"\"}", "{\"port\":80}",
            "{\"path\":\"/\"} x", "{\"path\":\"/\",}", "[1]", "{\"path\":null}", "{\"path\":\"/\",\"dst\":5}",
            "{\"path\":\"/\",\"ts\":01}", "{\"path\":\"/\",\"headers\":{\"a\":1}}", "{\"p\\u0061th\":\"/\"}",
            "{\"path\":\"/\",\"sourceLabels\":{\"\\ud82dx\":\"y\"}}", "{\"path\":\"/\\udc00\"}",
            "{\"path\":\"/\",\"sni\":\"a\",\"alpn\":[\"h2\"]}"})
        {
            final int outcome = decoder.decode(bytes(bad), 0, bytes(bad).length, 0, fast);
            assertThat(outcome).as(bad).isEqualTo(RequestLineDecoder.FALLBACK);
        }
        assertThat(decoder.decode(bytes("  \t"), 0, 3, 0, fast)).isEqualTo(RequestLineDecoder.BLANK);
    }

    private boolean compare(final String line, final long id, final String where)
    {
        final byte[] b = bytes(line);
        final int outcome = decoder.decode(b, 0, b.length, id, fast);
        // the reference reads the line as the replay hands it over: decoded from the file's bytes
        final boolean referenceTakes = parser.parse(new String(b, StandardCharsets.UTF_8), id, result);
        if (outcome == RequestLineDecoder.BLANK)
        {
            assertThat(line.isBlank()).as(where + " blank").isTrue();
            return false;
        }
        if (outcome != RequestLineDecoder.OK)
        {
            assertThat(outcome).as(where).isEqualTo(RequestLineDecoder.FALLBACK);
            return false;
        }
        assertThat(referenceTakes).as(where + " (reference: " + result.error() + ")").isTrue();
        final HttpRequest r = result.request();
        reference.reset(r);
        for (int h = L7RequestView.METHOD; h <= L7RequestView.SOURCE_IP; h++)
        {
            assertThat(text(fast, h)).as(where + " field " + h).isEqualTo(text(reference, h));
        }
        assertThat(fast.port()).as(where).isEqualTo(reference.port());
        assertThat(fast.sourcePort()).as(where + " source port").isEqualTo(reference.sourcePort());
        assertThat(fast.id()).isEqualTo(id);
        if (r.headers() != null)
        {
            for (final Map.Entry<String, String> e : r.headers().entrySet())
            {
                final int handle = fast.header(BytesStore.from(e.getKey()), 0, bytes(e.getKey()).length);
                assertThat(handle).as(where + " header " + e.getKey()).isNotNegative();
                assertThat(text(fast, handle)).as(where).isEqualTo(text(reference,
                    reference.header(BytesStore.from(e.getKey()), 0, bytes(e.getKey()).length)));
            }
        }
        if (r.sourceLabels() != null)
        {
            for (final Map.Entry<String, String> e : r.sourceLabels().entrySet())
            {
                final int handle = fast.sourceLabel(BytesStore.from(e.getKey()), 0, bytes(e.getKey()).length);
                assertThat(handle).as(where + " label " + e.getKey()).isNotNegative();
                assertThat(text(fast, handle)).as(where).isEqualTo(text(reference,
                    reference.sourceLabel(BytesStore.from(e.getKey()), 0, bytes(e.getKey()).length)));
            }
        }
        final long src = r.src() == null ? IpText.INVALID : IpText.parseIpv4(r.src());
        final int srcWord = src == IpText.INVALID ? (r.src() == null ? 0 : r.src().hashCode()) : (int)src;
        assertThat(RequestLineDecoder.hash(fast)).as(where + " flow hash")
            .isEqualTo(FlowHash.ipv4(srcWord, r.authority().hashCode(), 0, r.port(), 6));
        return true;
    }

    private static String text(final HttpRequestView v, final int handle)
    {
        final int n = v.length(handle);
        if (n < 0)
        {
            return null;
        }
        final byte[] b = new byte[n];
        v.copyTo(handle, b, 0);
        return Arrays.toString(b);
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String line(final HttpRequest r, final SplittableRandom rnd) throws Exception
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        if (rnd.nextBoolean())
        {
            m.put("ts", rnd.nextBoolean() ? (Object)rnd.nextLong(1L << 40) : (Object)(rnd.nextDouble() * 1e6));
        }
        put(m, "src", r.srcText(), rnd);
        if (rnd.nextBoolean())
        {
            m.put("port", r.port());
        }
        put(m, "gateway", r.gateway(), rnd);
        put(m, "sourceNamespace", r.sourceNamespace(), rnd);
        if (r.sourceLabels() != null && rnd.nextBoolean())
        {
            m.put("sourceLabels", r.sourceLabels());
        }
        put(m, "method", r.method(), rnd);
        put(m, "scheme", r.scheme(), rnd);
        put(m, "authority", odd(r.authority(), rnd), rnd);
        m.put("path", odd(r.path(), rnd));
        if (r.headers() != null && rnd.nextBoolean())
        {
            final Map<String, String> headers = new LinkedHashMap<>();
            r.headers().forEach((k, v) -> headers.put(rnd.nextInt(4) == 0 ? k.toUpperCase() : k, odd(v, rnd)));
            m.put("headers", headers);
        }
        if (rnd.nextInt(4) == 0)
        {
            m.put("extra", Map.of("a", java.util.List.of(1, true, "x", Map.of())));
        }
        if (rnd.nextInt(4) == 0)
        {
            m.put("dst", "10.96.0." + rnd.nextInt(256) + ":" + (1 + rnd.nextInt(65535)));
        }
        if (rnd.nextInt(8) == 0)
        {
            m.put("alpn", rnd.nextBoolean() ? java.util.List.of("istio-peer-exchange", "istio") : java.util.List.of());
        }
        String text = json.writeValueAsString(m);
        if (rnd.nextInt(5) == 0)
        {
            text = text.replace(",", " , ").replace(":", ": ");
        }
        if (rnd.nextInt(6) == 0)
        {
            text = text.replace("/", "\\/");
        }
        return text;
    }

    private static void put(final Map<String, Object> m, final String key, final String value,
        final SplittableRandom rnd)
    {
        if (value != null && rnd.nextInt(5) != 0)
        {
            m.put(key, value);
        }
        else if (rnd.nextInt(8) == 0)
        {
            m.put(key, null);
        }
    }

    private static String odd(final String s, final SplittableRandom rnd)
    {
        if (s == null || rnd.nextInt(4) != 0)
        {
            return s;
        }
        final int at = rnd.nextInt(s.length() + 1);
        return s.substring(0, at) + ODD[rnd.nextInt(ODD.length)] + s.substring(at);
    }

    private static String mutate(final String line, final SplittableRandom rnd)
    {
        final StringBuilder b = new StringBuilder(line);
        final int at = rnd.nextInt(b.length());
        switch (rnd.nextInt(5))
        {
            case 0:
                b.deleteCharAt(at);
                break;
            case 1:
                final String chars = "{}[]:,\"\\ 0-e.nx";
                b.insert(at, chars.charAt(rnd.nextInt(chars.length())));
                break;
            case 2:
                b.setCharAt(at, (char)rnd.nextInt(128));
                break;
            case 3:
                b.insert(at, "\"port\":" + rnd.nextInt(-5, 70000) + ",");
                break;
            default:
                b.setLength(at);
                break;
        }
        return b.toString();
    }
}
