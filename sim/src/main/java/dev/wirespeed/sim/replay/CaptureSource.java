package dev.wirespeed.sim.replay;

import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.forward.PacketIngress;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.DecisionOutput;
import dev.wirespeed.sim.jsonl.PacketContext;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.packet.PacketRequestText;
import dev.wirespeed.sim.report.ReportTally;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.RecordStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A packet capture (pcap, pcapng) as a {@link ReplaySource}:
 *
 * <pre>
 *   CaptureReader (mmapped) -- next() --&gt; copy into the CaptureArena, PacketIngress.fill (parse, flow hash;
 *       the parse's facts kept in the arena) --&gt; ForwardingPipeline (N workers, each a PacketForwarder with its own
 *       flow table) --&gt; the driver's stages, which read the record's bytes and parse facts from the arena
 * </pre>
 *
 * <p>Each packet is parsed once, at ingress: the request text of its decision line, its tunnel's VNI and its
 * egress rewrite all read that parse's facts, kept in the arena (and, when lines are encoded beside the replay,
 * copied with the decision for the decision output's writer thread: {@link CaptureLines}).
 */
final class CaptureSource extends ReplaySource
{
    /** Arena bytes: 64 MiB, so four of the largest records (16 MiB) fit. */
    static final int ARENA_BYTES = 64 << 20;

    /** The smallest arena: 64 KiB. */
    static final int MIN_ARENA_BYTES = 1 << 16;

    private final PacketEngine packets;
    private final Path capture;
    private final ReplayProgress progress;
    private final CaptureRecord rec = new CaptureRecord();
    private final ParsedPacket ingress = new ParsedPacket();
    private final ParsedPacket kept = new ParsedPacket();
    private final boolean context;
    private final boolean linesBeside;
    private final PacketRequestText requests;
    private final PacketContext contextOut;
    private CaptureLines lines;
    private CaptureReader reader;
    private CaptureArena arena;
    private boolean pending;
    private boolean ended;

    /**
     * @param packets  the engine's packet side.
     * @param capture  the capture file.
     * @param context  decision lines carry the packet's context.
     * @param beside   decision lines are encoded on the decision output's writer thread ({@link CaptureLines}).
     * @param progress told how many bytes were read, asked whether to stop.
     */
    CaptureSource(final PacketEngine packets, final Path capture, final boolean context, final boolean beside,
        final ReplayProgress progress)
    {
        this.packets = packets;
        this.capture = capture;
        this.progress = progress;
        this.context = context;
        this.linesBeside = beside;
        this.requests = beside ? null : packets.newRequestText();
        this.contextOut = context && !beside ? new PacketContext() : null;
    }

    @Override
    ForwardingPipeline open(final PipelineConfig config) throws IOException
    {
        reader = CaptureReader.open(capture);
        final ForwardingPipeline pipeline = packets.newPipeline(config);
        arena = new CaptureArena(arenaBytes(Files.size(capture)), pipeline.maxInFlight());
        return pipeline;
    }

    @Override
    DecisionEncoder newEncoder(final PipelineConfig config)
    {
        return packets.newEncoder();
    }

    /** Runs the pipeline (the capture reader's positional reads cannot fault, whatever happens to the file). */
    @Override
    ConservationReport run(final ForwardingPipeline pipeline, final DecisionSink sink) throws IOException
    {
        return pipeline.run(this, sink);
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
        if (address < 0)
        {
            return NONE;
        }
        final boolean ok = rec.status() == RecordStatus.OK;
        pending = false;
        records++;
        if (ok)
        {
            PacketIngress.fill(address, rec.capturedLength(), rec.originalLength(), rec.linkType(),
                rec.timestampNanos(), ingress, d);
        }
        else
        {
            ingress.reset();
            PacketIngress.fillBad(0L, 0, rec.originalLength(), rec.linkType(), rec.timestampNanos(),
                rec.status().reason(), d);
        }
        arena.keep(index, ingress, d);
        if ((records & 4095) == 0)
        {
            progress.at(rec.fileOffset());
        }
        return RECORD;
    }

    private long admit(final long index)
    {
        final int length = rec.status() == RecordStatus.OK ? rec.capturedLength() : 0;
        return arena.admit(index, rec.address(), length, rec.originalLength(), rec.linkType(), rec.timestampNanos());
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

    @Override
    long wireBytes(final DecisionDescriptor d)
    {
        return arena.originalLength(d.recordIndex());
    }

    @Override
    void report(final ReportTally tally, final DecisionDescriptor d)
    {
        final long index = d.recordIndex();
        tally.packet(d, arena.address(index), arena.capturedLength(index), arena.originalLength(index),
            arena.linkType(index), arena.timestamp(index));
    }

    /**
     * Lines encoded on this thread with {@code encoder}, or (when beside) on the output's writer thread
     * ({@link CaptureLines}; on this thread too when the writer is behind), with encoders of their own.
     */
    @Override
    DecisionOutput newOutput(final DecisionEncoder encoder, final OutputStream out)
    {
        if (!linesBeside)
        {
            return new DecisionOutput(encoder, out);
        }
        lines = new CaptureLines(packets, context);
        return new DecisionOutput(lines.onWriter(), lines.onCaller(), out);
    }

    @Override
    void write(final DecisionOutput out, final DecisionDescriptor d) throws IOException
    {
        if (lines != null)
        {
            lines.add(out, arena, d);
            return;
        }
        final long index = d.recordIndex();
        final long address = arena.address(index);
        final int flags = d.flags();
        final ParsedPacket p = address == 0 || flags == DecisionDescriptor.NULL
            || (flags & (DecisionDescriptor.FLAG_L7 | DecisionDescriptor.TUNNEL_MASK)) == 0
            ? null : arena.parsed(index, kept);
        out.write(d, p == null ? null : requests.requestOf(d, address, p),
            contextOut == null ? null : arena.context(index, contextOut), PacketRequestText.tunnelVni(d, p));
    }

    @Override
    EgressCaptures openEgress(final Path directory) throws IOException
    {
        return new EgressCaptures(directory);
    }

    /** The egress stage over the decision and the record's ingress parse. */
    @Override
    void egress(final EgressCaptures egress, final DecisionDescriptor d) throws IOException
    {
        final long index = d.recordIndex();
        final long address = arena.address(index);
        if (address != 0)
        {
            egress.write(d, address, arena.parsed(index, kept), arena.linkType(index), arena.timestamp(index),
                arena.originalLength(index));
        }
    }

    @Override
    void decided(final DecisionDescriptor d)
    {
        arena.release(d.recordIndex());
    }

    @Override
    void finish(final ReplayProgress progress) throws IOException
    {
        progress.at(Files.size(capture));
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            if (arena != null)
            {
                arena.close();
            }
        }
        finally
        {
            if (reader != null)
            {
                reader.close();
            }
        }
    }
}
