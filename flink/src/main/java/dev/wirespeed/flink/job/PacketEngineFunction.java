package dev.wirespeed.flink.job;

import dev.wirespeed.flink.DecisionRecord;
import dev.wirespeed.flink.TraceRecord;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.forward.FlowTable;
import dev.wirespeed.pipeline.forward.PacketForwarder;
import dev.wirespeed.pipeline.forward.PacketIngress;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.packet.PacketRequestText;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine of one parallel instance for captured packets, keyed by flow hash so that every packet of a flow
 * meets the same instance, in capture order (the source's timestamps are record indices; Flink's batch sort
 * orders each key's records by them). The FIB is compiled once in {@link #open}; each packet goes through the
 * single-machine capture replay's ingress ({@link PacketIngress}) and {@link PacketForwarder}, and its decision
 * is encoded with the request text the replay's writer gives it.
 *
 * <p>Per-flow state lives in Flink keyed state: the decision a flow's request was routed with (the forwarder's
 * flow table entry for that directed flow) is kept in a {@link MapState} under the flow's key, so that a later
 * segment of the flow follows it even when it is processed by an instance restored from a checkpoint (whose
 * own flow table starts empty). Before a packet, an entry the instance's table lacks is loaded from the keyed
 * state; after it, a changed entry is written back. The bounded buffers of a request head split over several
 * segments and of h2c connections stay in the instance (see docs/scale-out.md).
 */
public final class PacketEngineFunction extends KeyedProcessFunction<Integer, TraceRecord, DecisionRecord>
    implements CheckpointedFunction
{
    private static final long serialVersionUID = 1L;
    private static final int TCP = 6;
    private static final int STORED = DecisionDescriptor.LENGTH - DecisionDescriptor.ACTION_OFFSET;

    private final LinkedHashMap<String, String> config;
    private final Counts counts = new Counts("packet-engine-counts", EngineCounters.engineNames());
    private final SummaryCounts summary = new SummaryCounts();
    private transient Engine engine;
    private transient PacketForwarder forwarder;
    private transient PacketRequestText requests;
    private transient DecisionLines lines;
    private transient ParsedPacket parsed;
    private transient PacketDescriptor packet;
    private transient DecisionDescriptor decision;
    private transient DecisionDescriptor stored;
    private transient UnsafeBuffer frame;
    private transient MapState<String, byte[]> flowState;
    private transient byte[] scratch;

    /** @param config the config documents (name to YAML text), in load order. */
    public PacketEngineFunction(final Map<String, String> config)
    {
        this.config = new LinkedHashMap<>(config);
    }

    @Override
    public void open(final OpenContext context)
    {
        engine = Engine.fromYaml(config);
        final PacketEngine packets = engine.packets();
        forwarder = new PacketForwarder(packets.fib(), packets.directory(), PacketForwarder.DEFAULT_FLOW_CAPACITY);
        requests = packets.newRequestText();
        lines = new DecisionLines(packets.newEncoder(), packets.reasons());
        parsed = new ParsedPacket();
        packet = new PacketDescriptor();
        packet.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(PacketDescriptor.LENGTH, 64)), 0);
        decision = new DecisionDescriptor();
        decision.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(DecisionDescriptor.LENGTH, 64)), 0);
        stored = new DecisionDescriptor();
        stored.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(DecisionDescriptor.LENGTH, 64)), 0);
        frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1 << 16, 64));
        scratch = new byte[STORED];
        flowState = getRuntimeContext().getMapState(
            new MapStateDescriptor<>("flow-decisions", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        counts.open(getRuntimeContext());
        lines.open(getRuntimeContext(), summary);
    }

    @Override
    public void processElement(final TraceRecord r, final Context ctx, final Collector<DecisionRecord> out)
        throws Exception
    {
        counts.add(0);
        final int length = r.bytes.length;
        long address = 0L;
        if (r.status == 0)
        {
            if (frame.capacity() < length)
            {
                frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Integer.highestOneBit(length) * 2, 64));
            }
            frame.putBytes(0, r.bytes);
            address = frame.addressOffset();
            PacketIngress.fill(address, length, r.originalLength, r.linkType, r.timestampNanos, parsed, packet);
        }
        else
        {
            PacketIngress.fillBad(0L, 0, r.originalLength, r.linkType, r.timestampNanos, r.status, packet);
        }
        packet.recordIndex(r.index);
        final String flow = flowKey(packet);
        if (flow != null)
        {
            restoreFlow(flow);
        }
        final DecisionDescriptor d = decision.reset(r.index).length(r.originalLength);
        Forwarder.decide(forwarder, packet, d);
        if (flow != null)
        {
            keepFlow(flow);
        }
        counts.add(1 + d.action());
        // one parse per packet: the decision line's request text and tunnel VNI read the ingress parse's facts
        final ParsedPacket p = address == 0L ? null : parsed;
        out.collect(lines.record(d, p == null ? null : requests.requestOf(d, address, p),
            PacketRequestText.tunnelVni(d, p), r.originalLength, summary));
    }

    /** The directed flow's key (as the forwarder's flow table keys it), or {@code null} for a packet without one. */
    private static String flowKey(final PacketDescriptor p)
    {
        if (p.status() != 0 || p.protocol() != TCP || (p.packetFlags() & PacketDescriptor.FLAG_PORTS) == 0)
        {
            return null;
        }
        final boolean v6 = p.ipVersion() == 6;
        return Long.toHexString(v6 ? p.srcAddressPart(0) : 0L) + ':'
            + Long.toHexString(v6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL) + ':'
            + Long.toHexString(v6 ? p.dstAddressPart(0) : 0L) + ':'
            + Long.toHexString(v6 ? p.dstAddressPart(1) : p.dstAddressIpv4() & 0xFFFF_FFFFL) + ':'
            + Long.toHexString(FlowTable.tupleWord(p.ipVersion(), TCP, p.srcPort(), p.dstPort()));
    }

    private int findSlot(final FlowTable flows)
    {
        final PacketDescriptor p = packet;
        final boolean v6 = p.ipVersion() == 6;
        return flows.find(p.flowHash(), v6 ? p.srcAddressPart(0) : 0L,
            v6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL, v6 ? p.dstAddressPart(0) : 0L,
            v6 ? p.dstAddressPart(1) : p.dstAddressIpv4() & 0xFFFF_FFFFL,
            FlowTable.tupleWord(p.ipVersion(), TCP, p.srcPort(), p.dstPort()));
    }

    /** Loads the flow's kept decision into this instance's flow table when the table lacks it (after a restore). */
    private void restoreFlow(final String flow) throws Exception
    {
        final FlowTable flows = forwarder.flows();
        if (findSlot(flows) >= 0)
        {
            return;
        }
        final byte[] kept = flowState.get(flow);
        if (kept == null)
        {
            return;
        }
        final PacketDescriptor p = packet;
        final boolean v6 = p.ipVersion() == 6;
        final int slot = flows.put(p.flowHash(), v6 ? p.srcAddressPart(0) : 0L,
            v6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL, v6 ? p.dstAddressPart(0) : 0L,
            v6 ? p.dstAddressPart(1) : p.dstAddressIpv4() & 0xFFFF_FFFFL,
            FlowTable.tupleWord(p.ipVersion(), TCP, p.srcPort(), p.dstPort()));
        if (slot >= 0)
        {
            stored.buffer().putBytes(stored.offset() + DecisionDescriptor.ACTION_OFFSET, kept);
            flows.store(slot, stored);
        }
    }

    /** Writes the flow's table entry to the keyed state when it is new or changed. */
    private void keepFlow(final String flow) throws Exception
    {
        final FlowTable flows = forwarder.flows();
        final int slot = findSlot(flows);
        if (slot < 0)
        {
            return;
        }
        flows.load(slot, stored);
        stored.buffer().getBytes(stored.offset() + DecisionDescriptor.ACTION_OFFSET, scratch);
        final byte[] kept = flowState.get(flow);
        if (kept == null || !Arrays.equals(kept, scratch))
        {
            flowState.put(flow, scratch.clone());
        }
    }

    @Override
    public void close()
    {
        summary.close();
        if (engine != null)
        {
            engine.close();
        }
    }

    @Override
    public void snapshotState(final FunctionSnapshotContext context) throws Exception
    {
        counts.snapshot();
        summary.snapshot();
    }

    @Override
    public void initializeState(final FunctionInitializationContext context) throws Exception
    {
        counts.initialize(context);
        summary.initialize(context);
    }
}
