package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.DecisionOutput;
import dev.wirespeed.sim.jsonl.JsonBytes;
import dev.wirespeed.sim.jsonl.PacketContext;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.packet.PacketRequestText;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;

/**
 * A capture's decision lines, encoded on the {@link DecisionOutput}'s writer thread: the replay's thread copies what
 * a line needs into the output's record block ({@link #add}), and the writer thread encodes the block's records
 * ({@link Encoding}) exactly as the replay's thread did before (an encoder and request text of its own, the same
 * order), so the lines are byte for byte the same. When the writer is behind, the replay's thread encodes a block
 * itself, with a second {@link Encoding}.
 *
 * <pre>
 *   record: | size (int) | has bytes (int) | decision (64 bytes) | facts (CaptureArena.FACT_BYTES) | payload... |
 * </pre>
 *
 * <p>The payload (the request head the line's path and authority come from) is copied only for an L7 decision of
 * the segment that carried the request (not a follower or TCP route): the only records whose request text reads
 * packet bytes ({@link PacketRequestText#requestOf}). Every other line reads the decision and the facts. On the
 * capture of docs/performance.md ("Real traffic") that is ~150 bytes copied per packet on the replay's thread against
 * ~30 % of its time spent encoding before, and the arena's record can be released as soon as its decision is seen.
 */
final class CaptureLines
{
    private static final OffHeap U = OffHeap.MEMORY;
    private static final int DECISION_AT = 8;
    private static final int FACTS_AT = DECISION_AT + DecisionDescriptor.LENGTH;
    private static final int PAYLOAD_AT = FACTS_AT + CaptureArena.FACT_BYTES;

    private final PacketEngine packets;
    private final boolean context;
    // the replay's thread
    private final UnsafeBuffer into = new UnsafeBuffer(0L, 0);
    private final DecisionDescriptor copy = new DecisionDescriptor();

    /**
     * @param packets the engine's packet side (an encoder and request text per encoding thread).
     * @param context lines carry the packet's context.
     */
    CaptureLines(final PacketEngine packets, final boolean context)
    {
        this.packets = packets;
        this.context = context;
    }

    /**
     * @return the writer thread's encoding of records into lines: its encoder and request text are made at its first
     *         use, on that thread.
     */
    DecisionOutput.Deferred onWriter()
    {
        return new Encoding(packets, context, false);
    }

    /**
     * @return the replay's thread's encoding, for the blocks it encodes when the writer is behind: made now (once per
     *         replay, whether or not it is used, so that what a replay allocates does not depend on the scheduler).
     */
    DecisionOutput.Deferred onCaller()
    {
        return new Encoding(packets, context, true);
    }

    /**
     * On the replay's thread: copies a decision and what its line reads of its record into the output.
     *
     * @param out   the output (deferred to this).
     * @param arena the capture arena that holds the record.
     * @param d     the decision.
     * @throws IOException on a write error of an earlier block.
     */
    void add(final DecisionOutput out, final CaptureArena arena, final DecisionDescriptor d) throws IOException
    {
        final long index = d.recordIndex();
        final long address = arena.address(index);
        final int flags = d.flags();
        int payload = 0;
        int payloadOffset = -1;
        if (address != 0 && flags != DecisionDescriptor.NULL && (flags & DecisionDescriptor.FLAG_L7) != 0
            && (flags & (DecisionDescriptor.FLAG_TCP | DecisionDescriptor.FLAG_FOLLOW)) == 0)
        {
            payloadOffset = arena.payloadOffset(index);
            if (payloadOffset >= 0)
            {
                payload = Math.max(0,
                    Math.min(arena.payloadLength(index), arena.capturedLength(index) - payloadOffset));
            }
        }
        final int size = PAYLOAD_AT + (payload + 7 & ~7);
        final long at = out.append(size);
        U.putInt(at, size);
        U.putInt(at + 4, address != 0 ? 1 : 0);
        into.wrap(at + DECISION_AT, DecisionDescriptor.LENGTH);
        copy.wrap(into, 0).copyFrom(d);
        arena.copyFacts(index, at + FACTS_AT);
        if (payload > 0)
        {
            U.copyMemory(address + payloadOffset, at + PAYLOAD_AT, payload);
        }
    }

    /** Records to lines, for one thread: an encoder and request text of its own (made now, or at the first use). */
    private static final class Encoding implements DecisionOutput.Deferred
    {
        private final PacketEngine packets;
        private final PacketContext context;
        private final ParsedPacket parsed = new ParsedPacket();
        private final UnsafeBuffer from = new UnsafeBuffer(0L, 0);
        private final DecisionDescriptor decision = new DecisionDescriptor();
        private DecisionEncoder encoder;
        private PacketRequestText requests;

        Encoding(final PacketEngine packets, final boolean context, final boolean now)
        {
            this.packets = packets;
            this.context = context ? new PacketContext() : null;
            if (now)
            {
                encoder = packets.newEncoder();
                requests = packets.newRequestText();
            }
        }

        /** The lines of records, in order. */
        @Override
        public long encode(final long address, final long end, final JsonBytes lines, final int limit)
        {
            if (encoder == null)
            {
                encoder = packets.newEncoder();
                requests = packets.newRequestText();
            }
            long at = address;
            for (; at < end && lines.length() < limit; at += U.getInt(at))
            {
                from.wrap(at + DECISION_AT, DecisionDescriptor.LENGTH);
                final DecisionDescriptor d = decision.wrap(from, 0);
                final int flags = d.flags();
                final ParsedPacket p = U.getInt(at + 4) == 0 || flags == DecisionDescriptor.NULL
                    || (flags & (DecisionDescriptor.FLAG_L7 | DecisionDescriptor.TUNNEL_MASK)) == 0
                    ? null : CaptureArena.parsedCopy(at + FACTS_AT, parsed);
                // the packet's bytes as far as a line reads them: its payload, copied at PAYLOAD_AT (when it is read)
                final long bytes = p == null ? 0L : at + PAYLOAD_AT - Math.max(p.payloadOffset, 0);
                encoder.encode(d, p == null ? null : requests.requestOf(d, bytes, p),
                    context == null ? null : CaptureArena.contextCopy(at + FACTS_AT, context),
                    PacketRequestText.tunnelVni(d, p), lines);
            }
            return at;
        }
    }
}
