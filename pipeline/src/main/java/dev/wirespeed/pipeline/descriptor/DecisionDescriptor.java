package dev.wirespeed.pipeline.descriptor;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import org.agrona.MutableDirectBuffer;

/**
 * Layout and flyweight of an egress slot: what the pipeline decided for one record, as ints, so that the
 * writer thread can turn it into text later (ids index the FIB's tables and string pool).
 *
 * <pre>
 *   0                   4                   8                  12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   |             record index (long)       | action            | reason            |   0
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | egress port       | next-hop index    | length (bytes)    | virtual host id   |  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | route id          | destination index | cluster id        | endpoint id       |  32
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | status            | flags (bits)      | destination port  | uri prefix length |  48
 *   +-------------------+-------------------+-------------------+-------------------+ 64
 * </pre>
 *
 * <p>{@code action} is an {@link Actions} code and {@code reason} a {@link Reasons} code (or one the
 * embedding code registered in the {@link ReasonTable}). {@code flags} holds the {@link L7Result} flag bits
 * (Envoy's UH, NR, DI, FI, NC, DPE) in bits 0..5, {@link #FLAG_HOST_LINES} in bit 6, {@link #FLAG_L7},
 * {@link #FLAG_TCP}, {@link #FLAG_FOLLOW} and the route's mirror mask in bits {@link #MIRROR_SHIFT}..31.
 * {@code destination index} is the chosen route destination (the FIB's destination table), {@code uri prefix
 * length} the length of the matched uri prefix a rewrite replaces.
 *
 * <p>{@link #reset} sets the record index, action {@link Actions#NONE}, reason {@link Reasons#NONE},
 * and every other int to {@link #NULL} (-1: "does not apply", the JSON writer omits it); the agent then
 * sets {@code length} to the record's original length before calling the forwarder. Native byte order.
 */
public final class DecisionDescriptor
{
    /** Bytes per slot. */
    public static final int LENGTH = 64;
    /** Value of an id that does not apply. */
    public static final int NULL = -1;

    public static final int RECORD_INDEX_OFFSET = 0;
    public static final int ACTION_OFFSET = 8;
    public static final int REASON_OFFSET = 12;
    public static final int EGRESS_PORT_OFFSET = 16;
    public static final int NEXT_HOP_OFFSET = 20;
    public static final int LENGTH_OFFSET = 24;
    public static final int VIRTUAL_HOST_OFFSET = 28;
    public static final int ROUTE_OFFSET = 32;
    public static final int DESTINATION_OFFSET = 36;
    public static final int CLUSTER_OFFSET = 40;
    public static final int ENDPOINT_OFFSET = 44;
    public static final int STATUS_OFFSET = 48;
    public static final int FLAGS_OFFSET = 52;
    public static final int DESTINATION_PORT_OFFSET = 56;
    public static final int PREFIX_LENGTH_OFFSET = 60;

    /** Mask of the {@link L7Result} {@code FLAG_*} bits in {@code flags}. */
    public static final int L7_FLAGS_MASK = 0x3F;
    /**
     * Flags bit: the request head has several Host lines, so its authority is their values joined (the writer,
     * which otherwise reads the head again only to its first Host line, reads it whole).
     */
    public static final int FLAG_HOST_LINES = 1 << 6;
    /**
     * Flags bit: a {@code jwt_authn} local reply (action {@code DIRECT}); {@code reason} then holds its
     * {@code JwtStatus} (a {@code DIRECT} record's reason is otherwise unused and never counted).
     */
    public static final int FLAG_JWT = 1 << 7;
    /** Flags bit: the decision came from the L7 lookup (HTTP or TCP route). */
    public static final int FLAG_L7 = 1 << 8;
    /** Flags bit: the TCP route path (no request line: no path or authority). */
    public static final int FLAG_TCP = 1 << 9;
    /** Flags bit: a later segment that followed its flow's decision. */
    public static final int FLAG_FOLLOW = 1 << 10;
    /** Flags bit: an h2c request (HEADERS decoded with HPACK). */
    public static final int FLAG_H2 = 1 << 11;
    /** Flags bit: a request head reassembled from several segments, routed by the one that completed it. */
    public static final int FLAG_REASSEMBLED = 1 << 12;
    /**
     * Flags bit: a connection decided on a segment without payload where a TLS server name could still decide
     * (a TLS port, or an address no service has): the flow's first data segment is routed again.
     */
    public static final int FLAG_PENDING = 1 << 13;
    /** Flags bit: the packet came out of a VXLAN tunnel (the decision is the inner frame's). */
    public static final int FLAG_VXLAN = 1 << 14;
    /** Flags bit: the packet came out of a GENEVE tunnel. */
    public static final int FLAG_GENEVE = 1 << 15;
    /** Mask of the tunnel bits. */
    public static final int TUNNEL_MASK = FLAG_VXLAN | FLAG_GENEVE;
    /** First bit of the mirror mask in {@code flags} (16 mirrors at most are reported). */
    public static final int MIRROR_SHIFT = 16;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Points this flyweight at a slot.
     *
     * @param buffer the ring's buffer.
     * @param offset the slot's offset.
     * @return this.
     */
    public DecisionDescriptor wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the buffer this flyweight reads. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the slot offset this flyweight reads. */
    public int offset()
    {
        return offset;
    }

    /**
     * Starts a decision: record index set, action none, reason none, every other field {@link #NULL}.
     *
     * @param recordIndex the record's index.
     * @return this.
     */
    public DecisionDescriptor reset(final long recordIndex)
    {
        final MutableDirectBuffer b = buffer;
        final int o = offset;
        b.putLong(o + RECORD_INDEX_OFFSET, recordIndex);
        b.putLong(o + ACTION_OFFSET, 0L); // action NONE, reason NONE
        b.putLong(o + EGRESS_PORT_OFFSET, -1L);
        b.putLong(o + LENGTH_OFFSET, -1L);
        b.putLong(o + ROUTE_OFFSET, -1L);
        b.putLong(o + CLUSTER_OFFSET, -1L);
        b.putLong(o + STATUS_OFFSET, -1L);
        b.putLong(o + DESTINATION_PORT_OFFSET, -1L);
        return this;
    }

    /**
     * Copies another decision's 64 bytes into this slot.
     *
     * @param source the decision to copy.
     * @return this.
     */
    public DecisionDescriptor copyFrom(final DecisionDescriptor source)
    {
        buffer.putBytes(offset, source.buffer, source.offset, LENGTH);
        return this;
    }

    /**
     * L3 forward: action {@link Actions#FORWARD} out of a port towards a next hop.
     *
     * @param egressPort the port.
     * @param nextHop    the next-hop index.
     * @return this.
     */
    public DecisionDescriptor forward(final int egressPort, final int nextHop)
    {
        buffer.putInt(offset + ACTION_OFFSET, Actions.FORWARD);
        buffer.putInt(offset + EGRESS_PORT_OFFSET, egressPort);
        buffer.putInt(offset + NEXT_HOP_OFFSET, nextHop);
        return this;
    }

    /**
     * Drop with a reason.
     *
     * @param reason a {@link Reasons} (or registered {@link ReasonTable}) code.
     * @return this.
     */
    public DecisionDescriptor drop(final int reason)
    {
        buffer.putInt(offset + ACTION_OFFSET, Actions.DROP);
        buffer.putInt(offset + REASON_OFFSET, reason);
        return this;
    }

    /**
     * Punt with a reason.
     *
     * @param reason a {@link Reasons} (or registered {@link ReasonTable}) code.
     * @return this.
     */
    public DecisionDescriptor punt(final int reason)
    {
        buffer.putInt(offset + ACTION_OFFSET, Actions.PUNT);
        buffer.putInt(offset + REASON_OFFSET, reason);
        return this;
    }

    public long recordIndex()
    {
        return buffer.getLong(offset + RECORD_INDEX_OFFSET);
    }

    public DecisionDescriptor recordIndex(final long value)
    {
        buffer.putLong(offset + RECORD_INDEX_OFFSET, value);
        return this;
    }

    /** @return an {@link Actions} code. */
    public int action()
    {
        return buffer.getInt(offset + ACTION_OFFSET);
    }

    public DecisionDescriptor action(final int value)
    {
        buffer.putInt(offset + ACTION_OFFSET, value);
        return this;
    }

    /** @return a {@link Reasons} (or registered {@link ReasonTable}) code. */
    public int reason()
    {
        return buffer.getInt(offset + REASON_OFFSET);
    }

    public DecisionDescriptor reason(final int value)
    {
        buffer.putInt(offset + REASON_OFFSET, value);
        return this;
    }

    public int egressPort()
    {
        return buffer.getInt(offset + EGRESS_PORT_OFFSET);
    }

    public DecisionDescriptor egressPort(final int value)
    {
        buffer.putInt(offset + EGRESS_PORT_OFFSET, value);
        return this;
    }

    public int nextHop()
    {
        return buffer.getInt(offset + NEXT_HOP_OFFSET);
    }

    public DecisionDescriptor nextHop(final int value)
    {
        buffer.putInt(offset + NEXT_HOP_OFFSET, value);
        return this;
    }

    /** @return bytes that leave the egress port (counted per port); the agent presets the original length. */
    public int length()
    {
        return buffer.getInt(offset + LENGTH_OFFSET);
    }

    public DecisionDescriptor length(final int value)
    {
        buffer.putInt(offset + LENGTH_OFFSET, value);
        return this;
    }

    public int virtualHost()
    {
        return buffer.getInt(offset + VIRTUAL_HOST_OFFSET);
    }

    public DecisionDescriptor virtualHost(final int value)
    {
        buffer.putInt(offset + VIRTUAL_HOST_OFFSET, value);
        return this;
    }

    public int route()
    {
        return buffer.getInt(offset + ROUTE_OFFSET);
    }

    public DecisionDescriptor route(final int value)
    {
        buffer.putInt(offset + ROUTE_OFFSET, value);
        return this;
    }

    /** @return the chosen route destination (index into the FIB's destinations), -1 if none. */
    public int destination()
    {
        return buffer.getInt(offset + DESTINATION_OFFSET);
    }

    public DecisionDescriptor destination(final int value)
    {
        buffer.putInt(offset + DESTINATION_OFFSET, value);
        return this;
    }

    /** @return the cluster id (counted per cluster when within the configured range). */
    public int cluster()
    {
        return buffer.getInt(offset + CLUSTER_OFFSET);
    }

    public DecisionDescriptor cluster(final int value)
    {
        buffer.putInt(offset + CLUSTER_OFFSET, value);
        return this;
    }

    public int endpoint()
    {
        return buffer.getInt(offset + ENDPOINT_OFFSET);
    }

    public DecisionDescriptor endpoint(final int value)
    {
        buffer.putInt(offset + ENDPOINT_OFFSET, value);
        return this;
    }

    /** @return HTTP status for L7 answers. */
    public int status()
    {
        return buffer.getInt(offset + STATUS_OFFSET);
    }

    public DecisionDescriptor status(final int value)
    {
        buffer.putInt(offset + STATUS_OFFSET, value);
        return this;
    }

    /** @return Envoy response-flag bits (caller-defined). */
    public int flags()
    {
        return buffer.getInt(offset + FLAGS_OFFSET);
    }

    public DecisionDescriptor flags(final int value)
    {
        buffer.putInt(offset + FLAGS_OFFSET, value);
        return this;
    }

    public int destinationPort()
    {
        return buffer.getInt(offset + DESTINATION_PORT_OFFSET);
    }

    public DecisionDescriptor destinationPort(final int value)
    {
        buffer.putInt(offset + DESTINATION_PORT_OFFSET, value);
        return this;
    }

    /** @return the length of the matched uri prefix a rewrite replaces, -1 when the match had none. */
    public int prefixLength()
    {
        return buffer.getInt(offset + PREFIX_LENGTH_OFFSET);
    }

    public DecisionDescriptor prefixLength(final int value)
    {
        buffer.putInt(offset + PREFIX_LENGTH_OFFSET, value);
        return this;
    }

    /**
     * Writes an L7 result as it is (its action and reason are already {@link Actions}/{@link Reasons} codes):
     * ids, status, destination port, uri prefix length, and the flags word ({@link L7Result} flags,
     * {@link #FLAG_L7}, {@link #FLAG_TCP} for the TCP path, the mirror mask).
     *
     * @param r          the result.
     * @param extraFlags more flag bits ({@link #FLAG_TCP}).
     * @return this.
     */
    public DecisionDescriptor l7(final L7Result r, final int extraFlags)
    {
        final MutableDirectBuffer b = buffer;
        final int o = offset;
        b.putInt(o + ACTION_OFFSET, r.action);
        b.putInt(o + REASON_OFFSET, r.jwt != 0 ? r.jwt : r.reason);
        b.putInt(o + VIRTUAL_HOST_OFFSET, r.virtualHost);
        b.putInt(o + ROUTE_OFFSET, r.route);
        b.putInt(o + DESTINATION_OFFSET, r.destination);
        b.putInt(o + CLUSTER_OFFSET, r.cluster);
        b.putInt(o + ENDPOINT_OFFSET, r.endpoint);
        // what an AuthorizationPolicy denied rides in the status slot: -2 - its string id (docs/pipeline.md)
        b.putInt(o + STATUS_OFFSET, r.authz >= 0 ? -2 - r.authz : r.status);
        b.putInt(o + DESTINATION_PORT_OFFSET, r.port);
        b.putInt(o + PREFIX_LENGTH_OFFSET, r.prefixLength);
        b.putInt(o + FLAGS_OFFSET, (r.flags & L7_FLAGS_MASK) | FLAG_L7 | (r.tcp ? FLAG_TCP : 0) | extraFlags
            | (r.jwt != 0 ? FLAG_JWT : 0)
            | (int)((r.mirrorMask & 0xFFFF) << MIRROR_SHIFT));
        return this;
    }

    /**
     * Writes an L3 result as it is: forward (egress port, next hop), punt or drop with the result's reason.
     *
     * @param r the result.
     * @return this.
     */
    public DecisionDescriptor l3(final L3Result r)
    {
        buffer.putInt(offset + ACTION_OFFSET, r.action);
        buffer.putInt(offset + REASON_OFFSET, r.reason);
        if (r.action == Actions.FORWARD)
        {
            buffer.putInt(offset + EGRESS_PORT_OFFSET, r.egressPort);
            buffer.putInt(offset + NEXT_HOP_OFFSET, r.nextHop);
        }
        return this;
    }
}
