package dev.wirespeed.pipeline.agent;

import dev.wirespeed.pipeline.counters.WorkerCounters;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.ring.SpscDescriptorRing;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.UnsafeBuffer;
import org.jctools.queues.MpscArrayQueue;

/**
 * One forwarding worker: run to completion, in batches (VPP's vector of packets).
 *
 * <p>Each duty cycle ({@link #doWork()}): drains its command queue; reads the published FIB generation
 * once and, when it changed, hands it to the forwarder and acknowledges it; then takes up to
 * {@code batchSize} descriptors from the ingress ring (as many as the egress ring has room for), forwards
 * each into an egress slot, counts the decisions, publishes the counters, then the egress ring, then gives
 * the ingress slots back; returns the number of records forwarded plus commands run, for the
 * {@code IdleStrategy}. A full egress ring stops the agent consuming (back-pressure travels to ingress);
 * the agent never drops.
 *
 * <p>Reads: the ingress ring ({@link PacketDescriptor} slots). Writes: the egress ring
 * ({@link DecisionDescriptor} slots, same order), its {@link WorkerCounters}. Next: the egress merger.
 *
 * <p>Run it on its own thread with an {@code AgentRunner}, or step it by hand (Aeron invoker mode) for a
 * deterministic single-threaded pipeline. Allocation-free once constructed (commands aside).
 */
public final class ForwardingAgent implements Agent
{
    /** Default bound of the command queue. */
    public static final int COMMAND_QUEUE_CAPACITY = 64;

    private final int worker;
    private final String roleName;
    private final SpscDescriptorRing ingress;
    private final SpscDescriptorRing egress;
    private final UnsafeBuffer ingressBuffer;
    private final UnsafeBuffer egressBuffer;
    private final Forwarder forwarder;
    private final FibGenerationExchange generations;
    private final WorkerCounters counters;
    private final int batchSize;
    private final MpscArrayQueue<AgentCommand> commands = new MpscArrayQueue<>(COMMAND_QUEUE_CAPACITY);
    private final PacketDescriptor packet = new PacketDescriptor();
    private final DecisionDescriptor decision = new DecisionDescriptor();
    private FibGeneration generation;
    private boolean stopRequested;

    /**
     * @param worker      this worker's index (for acknowledgements and names).
     * @param ingress     the ring this agent consumes ({@link PacketDescriptor#LENGTH}-byte slots or larger).
     * @param egress      the ring this agent produces ({@link DecisionDescriptor#LENGTH}-byte slots or larger).
     * @param forwarder   this worker's forwarder.
     * @param generations where FIB generations are published, or null when there are none.
     * @param counters    this worker's counters.
     * @param batchSize   the most descriptors per duty cycle.
     */
    public ForwardingAgent(final int worker, final SpscDescriptorRing ingress, final SpscDescriptorRing egress,
        final Forwarder forwarder, final FibGenerationExchange generations, final WorkerCounters counters,
        final int batchSize)
    {
        if (ingress.slotSize() < PacketDescriptor.LENGTH || egress.slotSize() < DecisionDescriptor.LENGTH)
        {
            throw new IllegalArgumentException("ring slots too small for the descriptors");
        }
        if (batchSize < 1)
        {
            throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
        }
        this.worker = worker;
        this.roleName = "wirespeed-worker-" + worker;
        this.ingress = ingress;
        this.egress = egress;
        this.ingressBuffer = ingress.buffer();
        this.egressBuffer = egress.buffer();
        this.forwarder = forwarder;
        this.generations = generations;
        this.counters = counters;
        this.batchSize = batchSize;
    }

    @Override
    public int doWork()
    {
        int work = drainCommands();
        if (stopRequested)
        {
            counters.flush();
            egress.flush();
            ingress.release();
            throw new AgentTerminationException();
        }
        final FibGenerationExchange generations = this.generations;
        if (generations != null)
        {
            final FibGeneration published = generations.current(); // lv, once per batch
            if (published != generation && published != null)
            {
                switchTo(published);
            }
        }
        final int n = Math.min(ingress.readable(batchSize), egress.claimable(batchSize));
        if (n > 0)
        {
            forwardBatch(n);
            counters.flush();  // counters first: whoever sees the decisions sees them counted
            egress.flush();    // so: publish the batch's decisions
            ingress.release(); // so: give the batch's slots back
            work += n;
        }
        return work;
    }

    private void forwardBatch(final int n)
    {
        final SpscDescriptorRing ingress = this.ingress;
        final SpscDescriptorRing egress = this.egress;
        final PacketDescriptor packet = this.packet;
        final DecisionDescriptor decision = this.decision;
        final Forwarder forwarder = this.forwarder;
        final WorkerCounters counters = this.counters;
        final long in = ingress.consumerPosition();
        final long out = egress.producerPosition();
        for (int i = 0; i < n; i++)
        {
            packet.wrap(ingressBuffer, ingress.offsetOf(in + i));
            decision.wrap(egressBuffer, egress.offsetOf(out + i));
            decision.reset(packet.recordIndex()).length(packet.originalLength());
            Forwarder.decide(forwarder, packet, decision);
            counters.onDecision(decision.action(), decision.reason(), decision.egressPort(), decision.length(),
                decision.cluster());
        }
        ingress.commitPolls(n);
        egress.commitClaims(n);
        counters.onRecords(n);
    }

    private int drainCommands()
    {
        int count = 0;
        AgentCommand command;
        while ((command = commands.relaxedPoll()) != null)
        {
            command.applyTo(this);
            count++;
        }
        return count;
    }

    /**
     * Switches to a generation now (agent thread: from {@link #doWork()} or a command).
     *
     * @param next the generation.
     */
    void switchTo(final FibGeneration next)
    {
        generation = next;
        forwarder.onGeneration(next);
        counters.onGeneration(next.generation());
        counters.flush();
        if (generations != null)
        {
            generations.acknowledge(worker, next.generation());
        }
    }

    void requestStop()
    {
        stopRequested = true;
    }

    /**
     * Sends a command (any thread).
     *
     * @param command the command.
     * @return false when the queue is full (try again).
     */
    public boolean offer(final AgentCommand command)
    {
        return commands.offer(command);
    }

    /** @return this worker's counters (agent thread, or after it stopped). */
    public WorkerCounters counters()
    {
        return counters;
    }

    /** @return the generation this agent runs, or null (agent thread). */
    public FibGeneration generation()
    {
        return generation;
    }

    /** @return the worker index. */
    public int worker()
    {
        return worker;
    }

    @Override
    public void onClose()
    {
        counters.flush();
        egress.flush();
        ingress.release();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
