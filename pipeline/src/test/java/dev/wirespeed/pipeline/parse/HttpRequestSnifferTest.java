package dev.wirespeed.pipeline.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HttpRequestSnifferTest
{
    private final Frames.Native mem = new Frames.Native();
    private final HttpRequestStart out = new HttpRequestStart();
    private String text;

    private boolean sniff(final String payload)
    {
        text = payload;
        final byte[] b = payload.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequestSniffer.sniff(mem.put(b), b.length, out);
    }

    private String part(final int offset, final int length)
    {
        return text.substring(offset, offset + length);
    }

    @Test
    void shouldFindMethodTargetAndHost()
    {
        assertThat(sniff("GET /productpage?u=1 HTTP/1.1\r\nUser-Agent: curl\r\nHost: bookinfo.example.com\r\n\r\n"))
            .isTrue();
        assertThat(part(out.methodOffset, out.methodLength)).isEqualTo("GET");
        assertThat(part(out.targetOffset, out.targetLength)).isEqualTo("/productpage?u=1");
        assertThat(part(out.hostOffset, out.hostLength)).isEqualTo("bookinfo.example.com");
        assertThat(out.minorVersion).isEqualTo(1);
        assertThat(out.isHeadComplete()).isTrue();
        assertThat(out.headLength).isEqualTo(text.length());
    }

    @Test
    void shouldMatchTheHostNameCaseInsensitivelyAndTrimItsValue()
    {
        assertThat(sniff("POST /api HTTP/1.0\r\nhOsT: \t reviews:9080 \t\r\nContent-Length: 2\r\n\r\n{}")).isTrue();
        assertThat(part(out.hostOffset, out.hostLength)).isEqualTo("reviews:9080");
        assertThat(out.minorVersion).isZero();
        assertThat(out.headLength).isEqualTo(text.length() - 2);
    }

    @Test
    void shouldAcceptAnyTokenMethodAndAbsoluteOrAsteriskTargets()
    {
        assertThat(sniff("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n")).isTrue();
        assertThat(part(out.methodOffset, out.methodLength)).isEqualTo("M-SEARCH");
        assertThat(part(out.targetOffset, out.targetLength)).isEqualTo("*");
        assertThat(sniff("GET http://a.example/x HTTP/1.1\r\nHost: a.example\r\n")).isTrue();
        assertThat(part(out.targetOffset, out.targetLength)).isEqualTo("http://a.example/x");
        assertThat(out.isHeadComplete()).isFalse();
    }

    @Test
    void shouldAcceptBareLineFeedsInTheHeaders()
    {
        assertThat(sniff("GET / HTTP/1.1\r\nAccept: */*\nHost: x\n\n")).isTrue();
        assertThat(part(out.hostOffset, out.hostLength)).isEqualTo("x");
        assertThat(out.isHeadComplete()).isTrue();
    }

    @Test
    void shouldSayNoWhenTheHostIsNotInThisSegment()
    {
        assertThat(sniff("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")).isFalse();
        assertThat(sniff("GET / HTTP/1.1\r\nAccept: */*\r\nHost: exam")).isFalse();
        assertThat(sniff("GET / HTTP/1.1\r\nAccept: */*\r\n")).isFalse();
        assertThat(sniff("GET / HTTP/1.1\r\n")).isFalse();
        assertThat(out.hostOffset).isEqualTo(-1);
    }

    @Test
    void shouldRejectWhatIsNotAnHttp1RequestLine()
    {
        assertThat(sniff("HTTP/1.1 200 OK\r\nHost: x\r\n\r\n")).isFalse();
        assertThat(sniff("GET / HTTP/2.0\r\nHost: x\r\n\r\n")).isFalse();
        assertThat(sniff("GET / HTTP/1.1\nHost: x\r\n\r\n")).isFalse();
        assertThat(sniff("GET  / HTTP/1.1\r\nHost: x\r\n\r\n")).isFalse();
        assertThat(sniff("GET /\r\nHost: x\r\n\r\n")).isFalse();
        assertThat(sniff(" GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isFalse();
        assertThat(sniff("GE(T / HTTP/1.1\r\nHost: x\r\n\r\n")).isFalse();
        assertThat(sniff("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003")).isFalse();
        assertThat(sniff("")).isFalse();
        assertThat(sniff("GET / HTTP/1.1\r\nHost x\r\n\r\n")).isFalse();
        assertThat(sniff("A".repeat(40) + " / HTTP/1.1\r\nHost: x\r\n\r\n")).isFalse();
    }

    private boolean http10(final String payload, final int length)
    {
        final byte[] b = payload.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequestSniffer.http10RequestLine(mem.put(b), length);
    }

    @Test
    void shouldTellAnHttp10RequestLineOnceTheLineIsComplete()
    {
        final String request = "GET /items HTTP/1.0\r\nHost: catalog\r\n\r\n";
        assertThat(http10(request, request.length())).isTrue();
        assertThat(http10("GET /items HTTP/1.0\n", 20)).as("a bare LF ends the line too").isTrue();
        assertThat(http10("GET /items HTTP/1.1\r\nHost: catalog\r\n\r\n", 38)).isFalse();
        assertThat(http10("hello\r\n", 7)).as("not a request").isFalse();
        assertThat(http10("GET /a HTTP/1.0x\r\n", 18)).isFalse();
        // the inspector waits for the end of the line: cut before it, nothing is told yet
        for (int len = 0; len <= "GET /items HTTP/1.0".length(); len++)
        {
            assertThat(http10(request, len)).as("length %d", len).isFalse();
        }
    }

    @Test
    void shouldReadOnlyInsideTheGivenLength()
    {
        final byte[] b = "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        final long a = mem.put(b);
        for (int len = 0; len < b.length; len++)
        {
            final boolean found = HttpRequestSniffer.sniff(a, len, out);
            assertThat(found).as("length %d", len).isEqualTo(len >= 35);
            if (found)
            {
                assertThat(out.hostOffset + out.hostLength).isLessThanOrEqualTo(len);
            }
        }
    }

    @Test
    void shouldFindTheSameRequestLineAndHostWhenStoppingAtTheHostLine()
    {
        final long seed = Long.getLong("wirespeed.seed", 0x5EED_0007L);
        System.out.println("HttpRequestSnifferTest seed " + seed + " (replay with -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final String[] lines = {"Host: reviews:9080", "host:\tx ", "Accept: */*", "User-Agent: curl/7.88.1",
            "end-user: jason", "X-Long: " + "v".repeat(70), "not a header", "", "Host: second"};
        final String[] ends = {"\r\n", "\n"};
        final HttpRequestStart light = new HttpRequestStart();
        int found = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final StringBuilder b = new StringBuilder(
                random.nextBoolean() ? "GET /a?b=1 HTTP/1.1\r\n" : "PUT / HTTP/1.0\r\n");
            final int n = random.nextInt(6);
            for (int k = 0; k < n; k++)
            {
                b.append(lines[random.nextInt(lines.length)]).append(ends[random.nextInt(ends.length)]);
            }
            final byte[] bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
            final int length = random.nextInt(bytes.length + 1);
            final long a = mem.put(bytes);
            final boolean full = HttpRequestSniffer.sniff(a, length, out);
            assertThat(HttpRequestSniffer.sniffUntilHost(a, length, light)).as("%s / %d", b, length).isEqualTo(full);
            assertThat(new int[] {light.methodOffset, light.methodLength, light.targetOffset, light.targetLength,
                light.hostOffset, light.hostLength, light.minorVersion})
                .as("%s / %d", b, length)
                .containsExactly(out.methodOffset, out.methodLength, out.targetOffset, out.targetLength,
                    out.hostOffset, out.hostLength, out.minorVersion);
            found += full ? 1 : 0;
        }
        assertThat(found).isGreaterThan(1000);
    }

    @Test
    void shouldFindTheFirstLineFeedAsAByteLoopDoes()
    {
        final long seed = Long.getLong("wirespeed.seed", 0x5EED_000AL);
        System.out.println("HttpRequestSnifferTest seed " + seed + " (replay with -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] alphabet = {'\n', '\r', 'a', ' ', 0, (byte)0x8A, (byte)0xFF, 0x0B, 0x09};
        for (int round = 0; round < 50_000; round++)
        {
            final byte[] bytes = new byte[random.nextInt(1, 40)];
            final int density = random.nextInt(1, 30);
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = random.nextInt(density) == 0 ? (byte)'\n' : alphabet[random.nextInt(alphabet.length)];
            }
            final int from = random.nextInt(bytes.length + 1);
            final int end = from + random.nextInt(bytes.length - from + 1);
            int expected = from;
            while (expected < end && bytes[expected] != '\n')
            {
                expected++;
            }
            assertThat(PacketBytes.indexOfLineFeed(mem.put(bytes), from, end))
                .as("%s from %d to %d", java.util.Arrays.toString(bytes), from, end).isEqualTo(expected);
        }
    }
}
