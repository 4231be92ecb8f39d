package dev.wirespeed.sim.packet;

import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Layout;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.pipeline.forward.MeshDirectory;
import dev.wirespeed.pipeline.forward.PacketFib;
import dev.wirespeed.pipeline.forward.PacketForwarder;
import dev.wirespeed.pipeline.forward.PacketIngress;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Packets through an engine's FIB: one packet at a time on the caller's thread (deterministic; the same
 * ingress and forwarder the pipeline runs), or a {@link ForwardingPipeline} of N workers that a simulator
 * drives with its own {@code DescriptorSource} and {@code DecisionSink}.
 *
 * <pre>{@code
 * PacketEngine packets = engine.packets();
 * RouteDecision d = packets.forward(frameBytes, 1);                // Ethernet frame -> decision record
 * packets.forward(address, length, length, 1, decision);           // zero-allocation variant
 * try (ForwardingPipeline p = packets.newPipeline(new PipelineConfig().workers(2))) { p.run(source, sink); }
 * }</pre>
 *
 * <p>One-packet forwarding keeps a flow table like a worker's, so later segments of an HTTP flow follow the
 * flow's decision here too. Not thread-safe: one thread forwards; pipelines are independent.
 */
public final class PacketEngine implements AutoCloseable
{
    /** Largest frame {@link #forward(byte[], int)} copies (bigger frames are cut to this, as by a snaplen). */
    public static final int MAX_FRAME = 1 << 18;
    /** Most clusters that get their own {@code cluster:<name>:requests} counter in a pipeline. */
    public static final int MAX_CLUSTER_COUNTERS = 256;

    private final CompiledRouter router;
    private final FibImage image;
    private final MeshDirectory directory;
    private final ReasonTable reasons = new ReasonTable();
    private final PacketFib fib;
    private final PacketForwarder forwarder;
    private final ParsedPacket parsed = new ParsedPacket();
    private final PacketDescriptor packet = new PacketDescriptor();
    private final DecisionDescriptor decision = new DecisionDescriptor();
    private final UnsafeBuffer frame;
    private final PacketDecisionText text;
    private long nextIndex;

    /**
     * @param router the compiled router (owns the regexes).
     * @param image  the FIB with the L7 and L3 sections.
     * @param model  the resolved model (HTTP ports, service addresses, workloads).
     */
    public PacketEngine(final CompiledRouter router, final FibImage image, final RoutingModel model)
    {
        this.router = router;
        this.image = image;
        this.directory = MeshDirectories.from(model);
        this.fib = new PacketFib(image, router.regexes(), image.generation());
        this.forwarder = new PacketForwarder(fib, directory, PacketForwarder.DEFAULT_FLOW_CAPACITY);
        this.packet.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(PacketDescriptor.LENGTH, 64)), 0);
        this.decision.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(DecisionDescriptor.LENGTH, 64)), 0);
        this.frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MAX_FRAME, 64));
        this.text = new PacketDecisionText(router, directory, reasons);
    }

    /**
     * Forwards one frame; the record index is the number of packets forwarded before it.
     *
     * @param bytes    the frame as captured.
     * @param linkType its pcap LINKTYPE_ (1 Ethernet, 101 raw IP, ...).
     * @return the decision record (action forward/route/punt/drop..., egress port, next hop, L7 fields).
     */
    public RouteDecision forward(final byte[] bytes, final int linkType)
    {
        final int n = Math.min(bytes.length, MAX_FRAME);
        frame.putBytes(0, bytes, 0, n);
        forward(frame.addressOffset(), n, bytes.length, linkType, decision);
        return text.toDecision(decision, frame.addressOffset(), n, bytes.length, linkType);
    }

    /**
     * The zero-allocation variant: forwards the frame at a caller-owned native address into a caller-owned
     * decision (wrap it over a 64-byte buffer first). Ids stay ints: {@link #describe} turns them into text.
     *
     * @param address        native address of the frame.
     * @param capturedLength bytes at {@code address}.
     * @param originalLength bytes on the wire.
     * @param linkType       pcap LINKTYPE_.
     * @param out            receives the decision (record index = packets forwarded before this one).
     */
    public void forward(final long address, final int capturedLength, final int originalLength, final int linkType,
        final DecisionDescriptor out)
    {
        forward(nextIndex, address, capturedLength, originalLength, linkType, out);
    }

    /**
     * {@link #forward(long, int, int, int, DecisionDescriptor)} with the record index given (a replay of part of a
     * capture, as a parallel instance of a scaled-out replay sees it); the next record's index defaults to the one
     * after it.
     *
     * @param index          the record index (seeds the per-request choices, as in the capture replay).
     * @param address        native address of the frame.
     * @param capturedLength bytes at {@code address}.
     * @param originalLength bytes on the wire.
     * @param linkType       pcap LINKTYPE_.
     * @param out            receives the decision.
     */
    public void forward(final long index, final long address, final int capturedLength, final int originalLength,
        final int linkType, final DecisionDescriptor out)
    {
        PacketIngress.fill(address, capturedLength, originalLength, linkType, 0L, parsed, packet);
        packet.recordIndex(index);
        out.reset(index).length(originalLength);
        nextIndex = index + 1;
        Forwarder.decide(forwarder, packet, out);
    }

    /**
     * Counts a record that is not forwarded (unreadable in its capture), so that the record indices of the packets
     * after it stay their indices in the capture (as in the capture replay).
     */
    public void skip()
    {
        nextIndex++;
    }

    /**
     * @param d       a decision from {@link #forward(long, int, int, int, DecisionDescriptor)}.
     * @param address the same frame (for the L7 path and authority), or 0.
     * @param length  its captured bytes.
     * @param linkType its link type.
     * @return the decision record.
     */
    public RouteDecision describe(final DecisionDescriptor d, final long address, final int length, final int linkType)
    {
        return text.toDecision(d, address, length, length, linkType);
    }

    /**
     * A pipeline of packet forwarders over this engine's FIB (generation already published). The config's
     * reason table is replaced by this engine's (which knows the packet reasons). Drive it with a source that
     * fills descriptors through {@link PacketIngress#fill} and close it when done.
     *
     * @param config the settings.
     * @return the pipeline (not started).
     */
    public ForwardingPipeline newPipeline(final PipelineConfig config)
    {
        config.reasons(reasons);
        if (config.clusterLabels().isEmpty())
        {
            config.clusterLabels(clusterNames(MAX_CLUSTER_COUNTERS));
        }
        final ForwardingPipeline p = new ForwardingPipeline(config,
            worker -> new PacketForwarder(directory, PacketForwarder.DEFAULT_FLOW_CAPACITY));
        p.publishGeneration(fib);
        return p;
    }

    /**
     * @param max most names returned.
     * @return the Envoy names of the FIB's clusters by cluster id (the pipeline's per-cluster counter labels).
     */
    public List<String> clusterNames(final int max)
    {
        final L7Lookup lookup = router.newLookup();
        final IndexedTable clusters = lookup.clusterTable();
        final int count = Math.min(max, clusters.intAt(L7Layout.K_CLUSTER_COUNT));
        final int start = clusters.intAt(L7Layout.K_CLUSTER_START);
        final List<String> names = new ArrayList<>(count);
        for (int c = 0; c < count; c++)
        {
            names.add(lookup.strings().string(clusters.intAt(start + c * L7Layout.CLUSTER_SIZE + L7Layout.CL_NAME)));
        }
        return names;
    }

    /** @return the generation forwarders run on. */
    public PacketFib fib()
    {
        return fib;
    }

    /** @return how many segments of the single-threaded path looked their source up to know its client class. */
    public long clientLookups()
    {
        return forwarder.clientLookups();
    }

    /** @return the registry facts. */
    public MeshDirectory directory()
    {
        return directory;
    }

    /** @return the reason table (with the packet reasons). */
    public ReasonTable reasons()
    {
        return reasons;
    }

    /** @return the writer-side text of decisions. */
    public PacketDecisionText text()
    {
        return text;
    }

    /** @return a new byte-level decision encoder over this engine's FIB and reason names. */
    public DecisionEncoder newEncoder()
    {
        return new DecisionEncoder(router, reasons);
    }

    /** @return a new writer-side view of packet requests (one per writing thread). */
    public PacketRequestText newRequestText()
    {
        return new PacketRequestText(directory);
    }

    /** @return the router. */
    public CompiledRouter router()
    {
        return router;
    }

    @Override
    public void close()
    {
        // the direct buffers are freed with this object; the FIB belongs to the engine
    }
}
