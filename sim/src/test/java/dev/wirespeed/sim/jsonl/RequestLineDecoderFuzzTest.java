package dev.wirespeed.sim.jsonl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.l7.L7RequestView;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the byte-level JSONL request parser with any line: it never throws; a line it takes is strict UTF-8 and
 * a line the reference parser ({@link RequestLineParser}, Jackson) takes with the same method, scheme, authority,
 * path, gateway, namespace, source address, source port (a {@code src} written {@code address:port}) and port; a
 * line it leaves ({@code FALLBACK}) is decided by the
 * reference, which accepts it or gives one message with a column, never an exception.
 *
 * <p>Plain {@code mvn test} replays the committed seeds (resources {@code RequestLineDecoderFuzzTestInputs/}: good
 * and bad lines); {@code mvn verify} also fuzzes for {@code wirespeed.fuzz.duration}.
 */
class RequestLineDecoderFuzzTest
{
    private final RequestLineDecoder decoder = new RequestLineDecoder();
    private final RequestLineParser parser = new RequestLineParser();
    private final RequestLineParser.Result result = new RequestLineParser.Result();
    private final HttpRequestView fast = new HttpRequestView();
    private final HttpRequestView reference = new HttpRequestView();

    @FuzzTest
    void shouldDecodeAnyLineAsTheReferenceParserDoesOrLeaveItToIt(final byte[] line)
    {
        final int outcome = decoder.decode(line, 0, line.length, 7, fast);
        assertThat(outcome).isBetween(RequestLineDecoder.OK, RequestLineDecoder.FALLBACK);
        final boolean utf8 = Utf8.firstInvalid(line, 0, line.length) < 0;
        final String text = new String(line, StandardCharsets.UTF_8);
        if (outcome == RequestLineDecoder.BLANK)
        {
            assertThat(text.isBlank()).as("a blank line").isTrue();
            return;
        }
        final boolean taken = parser.parse(text, 7, result);
        if (outcome == RequestLineDecoder.FALLBACK)
        {
            if (!taken)
            {
                assertThat(result.error()).isNotBlank();
            }
            return;
        }
        assertThat(utf8).as("a line the byte parser takes is strict UTF-8").isTrue();
        assertThat(taken).as("the reference takes it too: %s", result.error()).isTrue();
        reference.reset(result.request());
        for (int h = L7RequestView.METHOD; h <= L7RequestView.SOURCE_IP; h++)
        {
            assertThat(text(fast, h)).as("field %d", h).isEqualTo(text(reference, h));
        }
        assertThat(fast.port()).isEqualTo(reference.port());
        assertThat(fast.sourcePort()).as("src's port").isEqualTo(reference.sourcePort());
        assertThat(fast.id()).isEqualTo(7);
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
}
