package dev.wirespeed.benchmarks.parse;

import dev.wirespeed.pipeline.parse.HpackDecoder;
import dev.wirespeed.pipeline.parse.HpackTables;
import dev.wirespeed.pipeline.parse.Http2Headers;
import dev.wirespeed.pipeline.parse.ReferenceTlsClientHelloParser;
import dev.wirespeed.pipeline.parse.TlsClientHello;
import dev.wirespeed.pipeline.parse.TlsClientHelloParser;
import org.agrona.BufferUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The protocol parsers of the capture path: the TLS SNI extractor (fast over native memory against its
 * reference over a byte array) on a 517-byte ClientHello as curl/OpenSSL send it, and the HPACK decoder on the
 * three requests of RFC 7541 Appendix C.4 (Huffman strings, the dynamic table filled and then referenced).
 * Score: operations per second (one op = one ClientHello, or one header block).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ProtocolParseBenchmark
{
    private static final String[] BLOCKS = {
        "828684418cf1e3c2e5f23a6ba0ab90f4ff", "828684be5886a8eb10649cbf",
        "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"};

    /** {@code fast} (TlsClientHelloParser, native) or {@code reference} (byte[]). */
    @Param({"fast", "reference"})
    public String tls;

    private final TlsClientHello hello = new TlsClientHello();
    private final HpackDecoder decoder = new HpackDecoder();
    private final HpackTables table = new HpackTables(HpackTables.DEFAULT_MAX_SIZE);
    private final Http2Headers headers = new Http2Headers();
    private final long[] blockAddress = new long[BLOCKS.length];
    private final int[] blockLength = new int[BLOCKS.length];
    private byte[] helloBytes;
    private long helloAddress;
    private ByteBuffer memory;

    /** Builds the ClientHello (SNI among 10 other extensions, padded to 517 bytes) and the HPACK blocks. */
    @Setup
    public void setUp()
    {
        final ByteBuffer ext = ByteBuffer.allocate(600);
        for (int e = 0; e < 5; e++)
        {
            ext.putShort((short)(10 + e)).putShort((short)8).put(new byte[8]);
        }
        final byte[] name = "reviews.default.svc.cluster.local".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ext.putShort((short)0).putShort((short)(5 + name.length)).putShort((short)(3 + name.length)).put((byte)0)
            .putShort((short)name.length).put(name);
        for (int e = 0; e < 5; e++)
        {
            ext.putShort((short)(43 + e)).putShort((short)16).put(new byte[16]);
        }
        final int padding = 517 - 5 - 4 - (2 + 32 + 1 + 32 + 2 + 62 + 1 + 1 + 2) - ext.position() - 4;
        ext.putShort((short)21).putShort((short)padding).put(new byte[padding]);
        final int extLength = ext.position();
        final int helloLength = 2 + 32 + 1 + 32 + 2 + 62 + 1 + 1 + 2 + extLength;
        final ByteBuffer b = ByteBuffer.allocate(9 + helloLength);
        b.put((byte)22).putShort((short)0x0301).putShort((short)(4 + helloLength)).put((byte)1).put((byte)0)
            .putShort((short)helloLength).putShort((short)0x0303).put(new byte[32]).put((byte)32).put(new byte[32])
            .putShort((short)62).put(new byte[62]).put((byte)1).put((byte)0).putShort((short)extLength)
            .put(ext.array(), 0, extLength);
        helloBytes = b.array();
        memory = ByteBuffer.allocateDirect(4096);
        final long base = BufferUtil.address(memory);
        memory.put(0, helloBytes);
        helloAddress = base;
        int at = 1024;
        for (int i = 0; i < BLOCKS.length; i++)
        {
            final byte[] block = HexFormat.of().parseHex(BLOCKS[i]);
            memory.put(at, block);
            blockAddress[i] = base + at;
            blockLength[i] = block.length;
            at += 64;
        }
        if (TlsClientHelloParser.parse(helloAddress, helloBytes.length, hello) != TlsClientHelloParser.SNI)
        {
            throw new IllegalStateException("the benchmark's ClientHello does not parse");
        }
    }

    /** @return the SNI offset. */
    @Benchmark
    public int sni()
    {
        if ("fast".equals(tls))
        {
            TlsClientHelloParser.parse(helloAddress, helloBytes.length, hello);
        }
        else
        {
            ReferenceTlsClientHelloParser.parse(helloBytes, helloBytes.length, hello);
        }
        return hello.sniOffset;
    }

    /** @return bytes decoded by three header blocks of one connection. */
    @Benchmark
    @OperationsPerInvocation(3)
    public int hpack()
    {
        table.clear();
        int used = 0;
        for (int i = 0; i < BLOCKS.length; i++)
        {
            decoder.decode(blockAddress[i], blockLength[i], table, headers);
            used += headers.used;
        }
        return used;
    }
}
