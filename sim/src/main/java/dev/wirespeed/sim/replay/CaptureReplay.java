package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.pipeline.BackPressure;
import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.DescriptorSource;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.egress.IpRewrite;
import dev.wirespeed.pipeline.forward.PacketIngress;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.DecisionOutput;
import dev.wirespeed.sim.jsonl.PacketContext;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.packet.PacketRequestText;
import dev.wirespeed.sim.report.ReportTally;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.PcapWriter;
import dev.wirespeed.sim.trace.RecordStatus;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Replays a packet capture through the busy-spinning pipeline:
 *
 * <pre>
 *   CaptureReader (window) -- next() --&gt; copy into the CaptureArena, PacketIngress.fill (parse, flow hash)
 *       --&gt; ForwardingPipeline (N workers, each a PacketForwarder with its own flow table)
 *       --&gt; in input order: decision text (--decisions), per-port pcap with TTL decremented (--pcap-out),
 *           summary tallies; then the arena space of the record is released
 * </pre>
 *
 * <p>The source and the sink both run on the calling thread (the pipeline's driving thread). At the end the
 * pipeline's counters must balance (in = forwarded + answered + punted + dropped by reason) and the sink
 * must have seen one decision per record read; otherwise {@link ConservationFailure} is thrown.
 */
public final class CaptureReplay
{
    /** Arena bytes: 64 MiB, so four of the largest records (16 MiB) fit. */
    public static final int ARENA_BYTES = 64 << 20;

    /** The smallest arena: 64 KiB. */
    static final int MIN_ARENA_BYTES = 1 << 16;

    private final PacketEngine packets;
    private final Options options;
    private final PrintWriter err;
    private ReportTally report;

    /**
     * The settings of a replay.
     *
     * @param workers      forwarding workers (&ge; 1).
     * @param idle         idle strategy name ({@code busy-spin}, {@code yield}, {@code backoff}, {@code sleep}).
     * @param batch        descriptors per worker duty cycle.
     * @param dropWhenFull tail-drop ({@code ring-full}) instead of waiting when a ring is full.
     * @param inline       run the workers on the calling thread (deterministic, no threads).
     * @param pcapOut      directory for {@code port-N.pcap} files, or {@code null}.
     * @param countersDir  counters directory, or {@code null} for the default.
     * @param context      decision lines carry the packet's context ({@code ts}, {@code src}, {@code dst},
     *                     {@code sport}, {@code dport}, {@code proto}).
     */
    public record Options(int workers, String idle, int batch, boolean dropWhenFull, boolean inline, Path pcapOut,
                          Path countersDir, boolean context)
    {
        /** @return defaults: cores − 1 workers, busy-spin, batch 64, lossless, threaded, no pcap output. */
        public static Options defaults()
        {
            return new Options(PipelineConfig.defaultWorkers(), "busy-spin", 64, false, false, null, null, false);
        }

        /** @param n workers. @return a copy with that many workers. */
        public Options withWorkers(final int n)
        {
            return new Options(n, idle, batch, dropWhenFull, inline, pcapOut, countersDir, context);
        }

        /** @param dir pcap output directory. @return a copy with it. */
        public Options withPcapOut(final Path dir)
        {
            return new Options(workers, idle, batch, dropWhenFull, inline, dir, countersDir, context);
        }

        /** @param on inline mode. @return a copy with it. */
        public Options withInline(final boolean on)
        {
            return new Options(workers, idle, batch, dropWhenFull, on, pcapOut, countersDir, context);
        }

        /** @param directory counters directory. @return a copy with it. */
        public Options withCounters(final Path directory)
        {
            return new Options(workers, idle, batch, dropWhenFull, inline, pcapOut, directory, context);
        }

        /** @param on packet context in decision lines. @return a copy with it. */
        public Options withContext(final boolean on)
        {
            return new Options(workers, idle, batch, dropWhenFull, inline, pcapOut, countersDir, on);
        }

        /** @param on tail drop. @return a copy with it. */
        public Options withDropWhenFull(final boolean on)
        {
            return new Options(workers, idle, batch, on, inline, pcapOut, countersDir, context);
        }
    }

    /** Conservation did not hold at the end of a replay (a bug: the CLI exits non-zero). */
    public static final class ConservationFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        private final transient ConservationReport report;

        ConservationFailure(final String message, final ConservationReport report)
        {
            super(message);
            this.report = report;
        }

        /** @return the pipeline's counters at the end. */
        public ConservationReport report()
        {
            return report;
        }
    }

    /**
     * What a replay did.
     *
     * @param conservation the pipeline's counters balanced.
     * @param recordsRead  records the reader returned.
     * @param countersFile the counters file used.
     */
    public record Result(ConservationReport conservation, long recordsRead, Path countersFile)
    {
    }

    /**
     * @param engine  the engine (its FIB and registry).
     * @param options the settings.
     * @param err     where the counters path and notes go.
     */
    public CaptureReplay(final Engine engine, final Options options, final PrintWriter err)
    {
        this.packets = engine.packets();
        this.options = options;
        this.err = err;
    }

    /**
     * @param tally the HTML report's tallies to count every decision into too (or {@code null}).
     * @return this.
     */
    public CaptureReplay report(final ReportTally tally)
    {
        this.report = tally;
        return this;
    }

    /**
     * Runs the replay.
     *
     * @param capture   the pcap/pcapng file.
     * @param decisions where decision lines go (closed at the end), or {@code null}.
     * @param summary   tallies (records, actions, reasons, egress ports, clusters, elapsed).
     * @param progress  told how many bytes of the capture were read.
     * @return the result.
     * @throws IOException on a read/write error; {@code CaptureFormatException} when the file is not a capture.
     * @throws ConservationFailure when the counters do not balance.
     */
    public Result run(final Path capture, final OutputStream decisions, final ReplaySummary summary,
        final ReplayProgress progress) throws IOException
    {
        final PipelineConfig config = new PipelineConfig()
            .workers(options.workers())
            .idleStrategy(options.idle())
            .batchSize(options.batch())
            .backPressure(options.dropWhenFull() ? BackPressure.TAIL_DROP : BackPressure.LOSSLESS)
            .mode(options.inline() ? ExecutionMode.INLINE : ExecutionMode.THREADED)
            .countersDirectory(options.countersDir());
        if (options.pcapOut() != null)
        {
            Files.createDirectories(options.pcapOut());
        }
        try (CaptureReader reader = CaptureReader.open(capture);
             ForwardingPipeline pipeline = packets.newPipeline(config);
             CaptureArena arena = new CaptureArena(arenaBytes(Files.size(capture)), pipeline.maxInFlight(),
                     options.context());
             Sink sink = new Sink(arena, decisions, summary))
        {
            err.println("counters: " + pipeline.counters().file().getParent());
            err.flush();
            final Source source = new Source(reader, arena, progress);
            final long start = System.nanoTime();
            final ConservationReport report = pipeline.run(source, sink);
            summary.elapsedNanos(System.nanoTime() - start);
            progress.at(Files.size(capture));
            sink.fold(summary);
            if (!report.balanced())
            {
                throw new ConservationFailure("conservation check failed: " + report.describe(), report);
            }
            if (sink.decisions != source.records || report.recordsIn() != source.records)
            {
                throw new ConservationFailure("conservation check failed: " + source.records + " records read, "
                    + report.recordsIn() + " in, " + sink.decisions + " decisions written", report);
            }
            return new Result(report, source.records, pipeline.counters().file());
        }
    }

    /** Reader → arena → descriptor; returns NONE while the arena is full (the sink frees it). */
    private final class Source implements DescriptorSource
    {
        private final CaptureReader reader;
        private final CaptureArena arena;
        private final ReplayProgress progress;
        private final CaptureRecord rec = new CaptureRecord();
        private final ParsedPacket parsed = new ParsedPacket();
        private final boolean context = options.context();
        private boolean pending;
        private boolean ended;
        private long records;

        Source(final CaptureReader reader, final CaptureArena arena, final ReplayProgress progress)
        {
            this.reader = reader;
            this.arena = arena;
            this.progress = progress;
        }

        @Override
        public int poll(final PacketDescriptor d)
        {
            if (!pending)
            {
                if (ended || progress.stopRequested())
                {
                    ended = true;
                    return END;
                }
                try
                {
                    if (!reader.next(rec))
                    {
                        ended = true;
                        return END;
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                pending = true;
            }
            final long index = records;
            final long address = admit(index);
            final boolean ok = rec.status() == RecordStatus.OK;
            final int length = ok ? rec.capturedLength() : 0;
            if (address < 0)
            {
                return NONE;
            }
            pending = false;
            records++;
            if (ok)
            {
                PacketIngress.fill(address, length, rec.originalLength(), rec.linkType(), rec.timestampNanos(), parsed,
                    d);
            }
            else
            {
                PacketIngress.fillBad(0L, 0, rec.originalLength(), rec.linkType(), rec.timestampNanos(),
                    statusOf(rec.status()), d);
            }
            if (context)
            {
                arena.keepContext(index, d);
            }
            if ((records & 4095) == 0)
            {
                progress.at(rec.fileOffset());
            }
            return RECORD;
        }

        private long admit(final long index)
        {
            final int length = rec.status() == RecordStatus.OK ? rec.capturedLength() : 0;
            return arena.admit(index, rec.address(), length, rec.originalLength(), rec.linkType(),
                rec.timestampNanos());
        }
    }

    /**
     * @param captureBytes the capture file's size.
     * @return arena bytes for it: a power of two that holds the whole file (no record is larger), from 64 KiB up
     *         to {@link #ARENA_BYTES}, so a small capture reserves little direct memory (it replays in
     *         {@code -Xmx64m}, whose direct-memory limit is the heap's).
     */
    static int arenaBytes(final long captureBytes)
    {
        if (captureBytes >= ARENA_BYTES)
        {
            return ARENA_BYTES;
        }
        return (int)Math.max(MIN_ARENA_BYTES, Long.highestOneBit(Math.max(captureBytes - 1, 1)) << 1);
    }

    private static int statusOf(final RecordStatus status)
    {
        switch (status)
        {
            case TRUNCATED:
                return Reasons.TRUNCATED;
            case UNSUPPORTED_LINKTYPE:
                return Reasons.UNSUPPORTED_LINKTYPE;
            default:
                return Reasons.MALFORMED;
        }
    }

    /** In-order decisions: tallies, decision lines, output captures; then frees the record's arena space. */
    private final class Sink implements DecisionSink, AutoCloseable
    {
        private final CaptureArena arena;
        private final DecisionOutput writer;
        private final PacketRequestText requests = packets.newRequestText();
        private final DecisionEncoder encoder = packets.newEncoder();
        private final DecisionTally tally = new DecisionTally();
        private final PacketContext context = options.context() ? new PacketContext() : null;
        private final Map<Long, PcapWriter> pcaps = new HashMap<>();
        private final ParsedPacket parsed = new ParsedPacket();
        private long decisions;
        private UnsafeBuffer rewriteBuffer;

        Sink(final CaptureArena arena, final OutputStream decisions, final ReplaySummary summary)
        {
            this.arena = arena;
            this.writer = decisions == null ? null : new DecisionOutput(encoder, decisions);
        }

        @Override
        public void onDecision(final DecisionDescriptor d)
        {
            final long index = d.recordIndex();
            final int action = d.action();
            final long address = arena.address(index);
            final int length = arena.capturedLength(index);
            final int originalLength = arena.originalLength(index);
            tally.count(d, originalLength);
            if (report != null)
            {
                report.packet(d, address, length, originalLength, arena.linkType(index), arena.timestamp(index));
            }
            final int port = d.egressPort();
            try
            {
                if (writer != null)
                {
                    final int linkType = arena.linkType(index);
                    writer.write(d, requests.requestOf(d, address, length, originalLength, linkType),
                        context == null ? null : arena.context(index, context),
                        requests.tunnelVni(d, address, length, originalLength, linkType));
                }
                if (options.pcapOut() != null && port >= 0 && address != 0
                    && (action == Actions.FORWARD || action == Actions.ROUTE))
                {
                    writePcap(index, port, address, length);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            decisions++;
            arena.release(index);
        }

        private void writePcap(final long index, final int port, final long address, final int length)
            throws IOException
        {
            final int linkType = arena.linkType(index);
            PacketParser.parse(address, length, arena.originalLength(index), linkType, parsed);
            if (rewriteBuffer == null || rewriteBuffer.capacity() < length)
            {
                rewriteBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                    Math.max(1 << 16, Integer.highestOneBit(Math.max(length, 1)) * 2), 64));
            }
            final int n = IpRewrite.rewrite(address, parsed, rewriteBuffer.addressOffset(), rewriteBuffer.capacity());
            if (n < 0)
            {
                return; // not IP or TTL expired: the forwarder would not have forwarded it
            }
            final long key = ((long)port << 32) | (linkType & 0xFFFF_FFFFL);
            PcapWriter w = pcaps.get(key);
            if (w == null)
            {
                w = openPcap(port, linkType);
                pcaps.put(key, w);
            }
            w.write(arena.timestamp(index), rewriteBuffer.addressOffset(), n, arena.originalLength(index));
        }

        private PcapWriter openPcap(final int port, final int linkType) throws IOException
        {
            for (final Map.Entry<Long, PcapWriter> e : pcaps.entrySet())
            {
                if ((int)(e.getKey() >>> 32) == port)
                {
                    // a second link type on this port: its own file, so each file has one link type
                    final Path file = options.pcapOut().resolve("port-" + port + "-linktype-" + linkType + ".pcap");
                    return PcapWriter.create(file, linkType, PcapWriter.Precision.NANOS, PcapWriter.DEFAULT_SNAPLEN);
                }
            }
            return PcapWriter.create(options.pcapOut().resolve("port-" + port + ".pcap"), linkType,
                PcapWriter.Precision.NANOS, PcapWriter.DEFAULT_SNAPLEN);
        }

        void fold(final ReplaySummary summary)
        {
            tally.foldInto(summary, packets.reasons(), encoder);
        }

        @Override
        public void close() throws IOException
        {
            IOException first = null;
            for (final PcapWriter w : pcaps.values())
            {
                try
                {
                    w.close();
                }
                catch (final IOException ex)
                {
                    first = first == null ? ex : first;
                }
            }
            if (writer != null)
            {
                try
                {
                    writer.close();
                }
                catch (final IOException ex)
                {
                    first = first == null ? ex : first;
                }
            }
            if (first != null)
            {
                throw first;
            }
        }
    }
}
