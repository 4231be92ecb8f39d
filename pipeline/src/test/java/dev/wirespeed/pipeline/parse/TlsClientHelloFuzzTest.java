package dev.wirespeed.pipeline.parse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the ClientHello parser (which reads raw memory without bounds checks) against its plain reference: on
 * any bytes and any available length they must agree on the outcome and on every field (server name, ALPN names,
 * record length), and neither may throw.
 *
 * <p>Plain {@code mvn test} replays the committed seeds (resources {@code TlsClientHelloFuzzTestInputs/}: ClientHellos
 * with a server name and ALPN names); {@code mvn verify} also fuzzes for {@code wirespeed.fuzz.duration}.
 */
class TlsClientHelloFuzzTest
{
    private final Frames.Native memory = new Frames.Native();
    private final TlsClientHello fast = new TlsClientHello();
    private final TlsClientHello slow = new TlsClientHello();

    @FuzzTest
    void shouldAgreeWithTheReferenceOnAnyStreamStart(final FuzzedDataProvider data)
    {
        final int cut = data.consumeInt(0, 3);
        final byte[] bytes = data.consumeBytes(1 << 16);
        final int length = Math.max(0, bytes.length - cut);
        final int a = TlsClientHelloParser.parse(memory.put(bytes), length, fast);
        final int b = ReferenceTlsClientHelloParser.parse(bytes, length, slow);
        assertThat(a).as("outcome").isEqualTo(b);
        assertThat(fast).usingRecursiveComparison().isEqualTo(slow);
    }
}
