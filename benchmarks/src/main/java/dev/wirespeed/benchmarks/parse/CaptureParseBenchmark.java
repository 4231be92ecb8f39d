package dev.wirespeed.benchmarks.parse;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.pipeline.parse.HttpRequestSniffer;
import dev.wirespeed.pipeline.parse.HttpRequestStart;
import dev.wirespeed.pipeline.parse.PacketFlowHash;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.pipeline.parse.ReferencePacketParser;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Read + parse throughput over a large synthetic pcap ({@link SyntheticCapture}), read a window at a time.
 *
 * <p>One operation is one batch of {@value #BATCH} records (the reader rewinds at the end of the file, so
 * opening costs nothing per operation and {@code -prof gc} shows the per-batch allocation, which is 0).
 * The auxiliary counter {@code captureBytes} reports bytes of capture file consumed per second (record
 * headers included), {@code packets} packets per second.
 *
 * <ul>
 *   <li>{@code read}: the reader alone (touches the first byte of each packet).</li>
 *   <li>{@code readParse}: reader + {@link PacketParser} to L4.</li>
 *   <li>{@code readParseReference}: the baseline: reader + a copy of the headers (first 128 bytes) onto the
 *       heap + {@link ReferencePacketParser} (bounds-checked reads over a byte array).</li>
 *   <li>{@code readParseHashSniff}: + symmetric flow hash + HTTP request sniffing of TCP payloads — the
 *       whole ingress work per packet.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CaptureParseBenchmark
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** Records per operation. */
    public static final int BATCH = 4096;

    /** Size of the synthetic capture in MiB. */
    @Param("256")
    public int captureMegabytes;

    /** Reader window in MiB (a file no larger than one window is read once, whole). */
    @Param("4")
    public int chunkMegabytes;

    private CaptureReader reader;
    private final CaptureRecord rec = new CaptureRecord();
    private final ParsedPacket parsed = new ParsedPacket();
    private final HttpRequestStart http = new HttpRequestStart();
    private final ReferencePacketParser reference = new ReferencePacketParser();
    private final byte[] copy = new byte[65536];
    private static final long BYTE_ARRAY_BASE = OffHeap.ARRAY_BYTE_BASE_OFFSET;

    /** Throughput counters reported beside ops/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters
    {
        /** Capture file bytes consumed (record header + captured bytes). */
        public long captureBytes;
        /** Packets read. */
        public long packets;
    }

    /**
     * @throws IOException if the capture cannot be written or opened.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        reader = CaptureReader.open(SyntheticCapture.ensure(captureMegabytes), (long)chunkMegabytes << 20,
            CaptureReader.DEFAULT_MAX_RECORD_BYTES);
    }

    /** Closes the capture. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        reader.close();
    }

    private boolean next() throws IOException
    {
        if (reader.next(rec))
        {
            return true;
        }
        reader.rewind();
        return reader.next(rec);
    }

    /**
     * @param c counters.
     * @return a value depending on every packet.
     * @throws IOException on a read error.
     */
    @Benchmark
    public long read(final Counters c) throws IOException
    {
        long sum = 0;
        long bytes = 0;
        for (int i = 0; i < BATCH && next(); i++)
        {
            sum += U.getByte(rec.address());
            bytes += 16 + rec.capturedLength();
        }
        c.captureBytes += bytes;
        c.packets += BATCH;
        return sum;
    }

    /**
     * @param c counters.
     * @return a value depending on every packet.
     * @throws IOException on a read error.
     */
    @Benchmark
    public long readParse(final Counters c) throws IOException
    {
        long sum = 0;
        long bytes = 0;
        final ParsedPacket p = parsed;
        for (int i = 0; i < BATCH && next(); i++)
        {
            sum += PacketParser.parse(rec.address(), rec.capturedLength(), rec.originalLength(), rec.linkType(), p)
                + p.dstPort + p.payloadLength;
            bytes += 16 + rec.capturedLength();
        }
        c.captureBytes += bytes;
        c.packets += BATCH;
        return sum;
    }

    /**
     * @param c counters.
     * @return a value depending on every packet.
     * @throws IOException on a read error.
     */
    @Benchmark
    public long readParseHashSniff(final Counters c) throws IOException
    {
        long sum = 0;
        long bytes = 0;
        final ParsedPacket p = parsed;
        for (int i = 0; i < BATCH && next(); i++)
        {
            final long address = rec.address();
            PacketParser.parse(address, rec.capturedLength(), rec.originalLength(), rec.linkType(), p);
            sum += PacketFlowHash.hash(p);
            if (p.protocol == 6 && p.payloadLength > 0
                && HttpRequestSniffer.sniff(address + p.payloadOffset, p.payloadLength, http))
            {
                sum += http.hostLength;
            }
            bytes += 16 + rec.capturedLength();
        }
        c.captureBytes += bytes;
        c.packets += BATCH;
        return sum;
    }

    /**
     * @param c counters.
     * @return a value depending on every packet.
     * @throws IOException on a read error.
     */
    @Benchmark
    public long readParseReference(final Counters c) throws IOException
    {
        long sum = 0;
        long bytes = 0;
        final ParsedPacket p = parsed;
        for (int i = 0; i < BATCH && next(); i++)
        {
            final int n = Math.min(rec.capturedLength(), 128);
            U.copyMemory(null, rec.address(), copy, BYTE_ARRAY_BASE, n);
            // the parser sees the captured length; only the headers it reads are copied
            sum += reference.parse(copy, n, rec.originalLength() - rec.capturedLength() + n, rec.linkType(), p)
                + p.dstPort + p.payloadLength;
            bytes += 16 + rec.capturedLength();
        }
        c.captureBytes += bytes;
        c.packets += BATCH;
        return sum;
    }
}
