package dev.wirespeed.pipeline.forward;

import dev.wirespeed.pipeline.parse.HttpRequestSniffer;
import dev.wirespeed.pipeline.parse.HttpRequestStart;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import org.agrona.BufferUtil;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A header written on several lines, through {@link PacketRequestView}, against a plain model of Envoy's header map
 * built with lists and Strings: {@link PacketRequestView#header}'s value is the lines' values joined with {@code ,}
 * (what a route match reads), {@link PacketRequestView#valueCount} and {@link PacketRequestView#value} give each line
 * (what a hash policy reads), or the one joined value for a header Envoy's codec joins itself. Random heads with
 * names in any case, repeated anywhere; every name asked in a random order, some twice. Seed:
 * {@code -Dwirespeed.seed=N}.
 */
class PacketRequestViewRepeatedHeadersTest
{
    private static final String[] NAMES = {"cookie", "x-tag", "user-agent", "x-forwarded-for", "end-user", "x-b",
        "origin", "authorization", "referer", "accept-encoding", "x-origin", "origins"};
    /**
     * Envoy's inline request headers among {@link #NAMES}: defaults of {@code header_map.h} and ones the extensions
     * Istio's proxy links register (CORS's {@code origin}, the cache filter's {@code authorization}, {@code referer}
     * of CSRF and the access loggers, the compressor's {@code accept-encoding}).
     */
    private static final Set<String> CODEC_JOINED =
        Set.of("user-agent", "x-forwarded-for", "origin", "authorization", "referer", "accept-encoding");

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private final long address = BufferUtil.address(buffer);
    private final HttpRequestStart start = new HttpRequestStart();
    private final PacketRequestView view = new PacketRequestView(MeshDirectory.EMPTY);

    @Test
    void shouldJoinRepeatedLinesForMatchingAndKeepEachForHashing()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("PacketRequestViewRepeatedHeadersTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Bytes<?> names = Bytes.allocateElasticDirect(64);
        int repeated = 0;
        for (int round = 0; round < 2000; round++)
        {
            final List<String[]> lines = new ArrayList<>();
            final StringBuilder head = new StringBuilder("GET /x HTTP/1.1\r\nHost: cart\r\n");
            final int n = random.nextInt(8);
            for (int i = 0; i < n; i++)
            {
                final String name = NAMES[random.nextInt(NAMES.length)];
                final String value = random.nextInt(6) == 0 ? "" : "v" + random.nextInt(100);
                lines.add(new String[] {name, value});
                head.append(random.nextBoolean() ? name.toUpperCase(Locale.ROOT) : name).append(':')
                    .append(random.nextBoolean() ? " " : "").append(value).append("\r\n");
            }
            head.append("\r\n");
            load(head.toString());
            for (int ask = 0; ask < NAMES.length + 2; ask++)
            {
                final String name = NAMES[random.nextInt(NAMES.length)];
                final List<String> values = new ArrayList<>();
                for (final String[] l : lines)
                {
                    if (l[0].equals(name))
                    {
                        values.add(l[1]);
                    }
                }
                names.clear();
                names.write(name.getBytes(StandardCharsets.US_ASCII));
                final BytesStore<?, ?> store = names.bytesStore();
                final int handle = view.header(store, 0, name.length());
                final String why = "seed " + seed + " round " + round + " " + name + " in " + head;
                if (values.isEmpty())
                {
                    assertThat(handle).as(why).isEqualTo(-1);
                    continue;
                }
                repeated += values.size() > 1 ? 1 : 0;
                final int count = view.valueCount(handle);
                if (CODEC_JOINED.contains(name))
                {
                    // the header map appends each line to the one value, an empty line adding nothing
                    final String one = values.size() == 1 ? values.get(0)
                        : String.join(",", values.stream().filter(v -> !v.isEmpty()).toList());
                    assertThat(text(handle)).as(why).isEqualTo(one);
                    assertThat(count).as(why).isEqualTo(1);
                    assertThat(text(view.value(handle, 0))).as(why).isEqualTo(one);
                    continue;
                }
                assertThat(text(handle)).as(why).isEqualTo(String.join(",", values));
                assertThat(count).as(why).isEqualTo(values.size());
                for (int k = 0; k < count; k++)
                {
                    assertThat(text(view.value(handle, k))).as(why + " value " + k).isEqualTo(values.get(k));
                }
            }
        }
        names.releaseLast();
        assertThat(repeated).as("heads with a header on several lines").isGreaterThan(500);
    }

    @Test
    void shouldMakeTheAuthorityOfSeveralHostLinesTheirNonEmptyValuesJoined()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("PacketRequestViewRepeatedHeadersTest host seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        int several = 0;
        for (int round = 0; round < 2000; round++)
        {
            final StringBuilder head = new StringBuilder("GET /x HTTP/1.1\r\n");
            final List<String> hosts = new ArrayList<>();
            final int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++)
            {
                if (random.nextInt(3) == 0)
                {
                    head.append("x-other: o").append(i).append("\r\n");
                }
                final String value = random.nextInt(4) == 0 ? "" : "h" + random.nextInt(50) + ".example:80";
                hosts.add(value);
                head.append(random.nextBoolean() ? "Host:" : "host:").append(random.nextBoolean() ? " " : "")
                    .append(value).append(random.nextBoolean() ? " \t" : "").append("\r\n");
            }
            head.append("\r\n");
            load(head.toString());
            // Envoy: the first line makes :authority, each later one is appended after ',' unless it or the value is
            // empty (HeaderMapImpl::appendToHeader)
            final StringBuilder authority = new StringBuilder();
            for (final String h : hosts)
            {
                if (!h.isEmpty())
                {
                    authority.append(authority.length() > 0 ? "," : "").append(h);
                }
            }
            several += n > 1 ? 1 : 0;
            assertThat(start.hostLines).isEqualTo(n);
            assertThat(text(PacketRequestView.AUTHORITY)).as("seed %d round %d: %s", seed, round, head)
                .isEqualTo(authority.toString());
        }
        assertThat(several).isGreaterThan(1000);
    }

    private void load(final String head)
    {
        final byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        buffer.clear();
        buffer.put(b);
        assertThat(HttpRequestSniffer.sniff(address, b.length, start)).as(head).isTrue();
        view.resetHttp(1, address, b.length, start, 8080, 4, 0L, 0x0A00_0001L);
    }

    private String text(final int handle)
    {
        final int n = view.length(handle);
        final byte[] b = new byte[n];
        view.copyTo(handle, b, 0);
        final StringBuilder byteAt = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            byteAt.append((char)(view.byteAt(handle, i) & 0xFF));
        }
        final String copied = new String(b, StandardCharsets.ISO_8859_1);
        assertThat(byteAt.toString()).as("byteAt and copyTo agree").isEqualTo(copied);
        assertThat(view.contentEquals(handle, b, n)).as("contentEquals of its own bytes").isTrue();
        return copied;
    }
}
