package dev.wirespeed.pipeline;

import dev.wirespeed.pipeline.agent.AgentCommand;
import dev.wirespeed.pipeline.agent.FibGeneration;
import dev.wirespeed.pipeline.agent.FibGenerationExchange;
import dev.wirespeed.pipeline.agent.ForwarderFactory;
import dev.wirespeed.pipeline.agent.ForwardingAgent;
import dev.wirespeed.pipeline.agent.IdleStrategies;
import dev.wirespeed.pipeline.counters.CounterSnapshot;
import dev.wirespeed.pipeline.counters.IngressCounters;
import dev.wirespeed.pipeline.counters.PipelineCounters;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.pipeline.ring.SpscDescriptorRing;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data plane: ingress sharding, N forwarding workers, and an egress merger that restores input order.
 *
 * <pre>
 *   DescriptorSource --poll--&gt; ingress (driving thread): record index = input order,
 *        |                    worker = flowHash -&gt; [0, N), order log[index] = worker
 *        v
 *   SpscDescriptorRing[w] (PacketDescriptor, 128 B)  --&gt;  ForwardingAgent w (own thread, or stepped inline)
 *                                                            Forwarder.forward(packet, decision)
 *   SpscDescriptorRing[w] (DecisionDescriptor, 64 B) &lt;--
 *        |
 *        v
 *   merger (driving thread): for index = 0, 1, ...: take the next decision from ring order log[index]
 *        (or make the ring-full drop decision of a tail-dropped record) --&gt; DecisionSink
 * </pre>
 *
 * <p>One thread drives ingress and egress (the caller of {@link #doWork}/{@link #run}); each worker runs on
 * its own thread ({@link ExecutionMode#THREADED}) or is stepped by the driving thread between ingress and
 * egress ({@link ExecutionMode#INLINE}: deterministic, no threads). Sharding by the symmetric flow hash keeps
 * a flow on one worker; each worker keeps its ring's order; the order log (one byte per record in flight)
 * tells the merger which worker holds the next record, so decisions leave in input order whatever N is.
 *
 * <p>Back-pressure: a full egress ring stops its worker, whose ingress ring then fills; ingress then waits
 * ({@link BackPressure#LOSSLESS}) or drops the record with reason {@code ring-full}
 * ({@link BackPressure#TAIL_DROP}), and the merger still emits a drop decision for it. No record is lost:
 * {@link #conservation()} checks records in = decisions out = forwarded + answered + punted + dropped.
 *
 * <p>Lifecycle: construct, optionally {@link #publishGeneration}, {@link #start()}, then either
 * {@link #run} (until the source ends and everything is merged) or your own loop of {@link #doWork} with
 * {@link #isDrained()}, then {@link #conservation()} and {@link #close()}. Not thread-safe except
 * {@link #publishGeneration}, {@link #reclaimGenerations} and {@link #offer}: one thread drives it.
 */
public final class ForwardingPipeline implements AutoCloseable
{
    /** Order-log mark of a tail-dropped record. */
    private static final byte TAIL_DROPPED = -1;

    private final PipelineConfig config;
    private final int workers;
    private final boolean inline;
    private final boolean tailDrop;
    private final int batchSize;
    private final SpscDescriptorRing[] ingressRings;
    private final SpscDescriptorRing[] egressRings;
    private final ForwardingAgent[] agents;
    private final AgentRunner[] runners;
    private final AgentInvoker[] invokers;
    private final PipelineCounters counters;
    private final IngressCounters ingressCounters;
    private final FibGenerationExchange generations;
    private final byte[] orderLog;
    private final int orderMask;
    private final PacketDescriptor packet = new PacketDescriptor();
    private final DecisionDescriptor decision = new DecisionDescriptor();
    private final UnsafeBuffer staging;
    private final UnsafeBuffer dropBuffer;
    private final DecisionDescriptor dropDecision = new DecisionDescriptor();
    private final ErrorHandler errorHandler;
    private volatile Throwable failure;

    private long nextIndex;
    private long mergedIndex;
    private boolean staged;
    private int stagedWorker;
    private boolean ringFullCounted;
    private boolean sourceEnded;
    private boolean started;
    private boolean closed;

    /**
     * Builds the rings, agents and counters file (threads start in {@link #start()}).
     *
     * @param config    the settings.
     * @param forwarders makes each worker's forwarder.
     */
    public ForwardingPipeline(final PipelineConfig config, final ForwarderFactory forwarders)
    {
        this.config = config;
        this.workers = config.workers();
        this.inline = config.mode() == ExecutionMode.INLINE;
        this.tailDrop = config.backPressure() == BackPressure.TAIL_DROP;
        this.batchSize = config.batchSize();
        this.counters = PipelineCounters.create(config.countersDirectory(), workers, config.reasons(),
            config.egressPorts(), config.clusterLabels(), config.deleteCountersOnClose());
        this.ingressCounters = counters.ingress();
        this.generations = new FibGenerationExchange(workers);
        this.errorHandler = this::onWorkerError;
        this.ingressRings = new SpscDescriptorRing[workers];
        this.egressRings = new SpscDescriptorRing[workers];
        this.agents = new ForwardingAgent[workers];
        this.runners = new AgentRunner[workers];
        this.invokers = new AgentInvoker[workers];
        for (int w = 0; w < workers; w++)
        {
            ingressRings[w] = new SpscDescriptorRing(config.ingressCapacity(), PacketDescriptor.LENGTH,
                config.publishBatch(), config.publishBatch());
            egressRings[w] = new SpscDescriptorRing(config.egressCapacity(), DecisionDescriptor.LENGTH,
                config.publishBatch(), config.publishBatch());
            agents[w] = new ForwardingAgent(w, ingressRings[w], egressRings[w], forwarders.newForwarder(w), generations,
                counters.worker(w), batchSize);
        }
        final long inFlight = 2L * workers * ((long)config.ingressCapacity() + config.egressCapacity());
        this.orderLog = new byte[BitUtil.findNextPositivePowerOfTwo((int)Math.min(1 << 30, inFlight))];
        this.orderMask = orderLog.length - 1;
        this.staging = new UnsafeBuffer(new byte[PacketDescriptor.LENGTH]);
        this.dropBuffer = new UnsafeBuffer(new byte[DecisionDescriptor.LENGTH]);
        this.dropDecision.wrap(dropBuffer, 0);
    }

    /** Starts the worker threads (threaded mode) or the invokers (inline mode). */
    public void start()
    {
        if (started)
        {
            return;
        }
        started = true;
        for (int w = 0; w < workers; w++)
        {
            if (inline)
            {
                invokers[w] = new AgentInvoker(errorHandler, null, agents[w]);
                invokers[w].start();
            }
            else
            {
                runners[w] =
                    new AgentRunner(IdleStrategies.byName(config.idleStrategy()), errorHandler, null, agents[w]);
                AgentRunner.startOnThread(runners[w]);
            }
        }
    }

    /**
     * One duty cycle of the driving thread: take up to a batch from the source into the workers' rings,
     * step the workers (inline mode), hand merged decisions to the sink. Allocation-free.
     *
     * @param source where records come from.
     * @param sink   where decisions go, in input order.
     * @return work done (records in + decisions out + inline worker work), for an idle strategy.
     * @throws IllegalStateException if a worker failed.
     */
    public int doWork(final DescriptorSource source, final DecisionSink sink)
    {
        if (!started)
        {
            throw new IllegalStateException("pipeline not started");
        }
        int work = ingress(source);
        if (inline)
        {
            for (final AgentInvoker invoker : invokers)
            {
                work += invoker.invoke();
            }
        }
        work += merge(sink);
        ingressCounters.flush();
        if (failure != null)
        {
            throw new IllegalStateException("forwarding worker failed: " + failure, failure);
        }
        return work;
    }

    /**
     * Drives the pipeline until the source has ended and every decision is out, then checks conservation.
     *
     * @param source where records come from.
     * @param sink   where decisions go, in input order.
     * @return the conservation report (check {@link ConservationReport#balanced()}).
     */
    public ConservationReport run(final DescriptorSource source, final DecisionSink sink)
    {
        start();
        final IdleStrategy idle = IdleStrategies.byName(config.idleStrategy());
        while (!isDrained())
        {
            idle.idle(doWork(source, sink));
        }
        return conservation();
    }

    /** @return whether the source has ended and every record taken has its decision out. */
    public boolean isDrained()
    {
        return sourceEnded && !staged && mergedIndex == nextIndex;
    }

    /**
     * Tells the pipeline the source has ended without polling it again (a simulator that stops feeding).
     */
    public void endOfInput()
    {
        sourceEnded = true;
    }

    private int ingress(final DescriptorSource source)
    {
        if (sourceEnded && !staged)
        {
            return 0;
        }
        int n = 0;
        final int limit = batchSize;
        final long orderCapacity = orderLog.length;
        if (workers == 1 && !tailDrop)
        {
            n = ingressDirect(source, limit, orderCapacity);
        }
        else
        {
            while (n < limit && nextIndex - mergedIndex < orderCapacity)
            {
                if (!staged)
                {
                    if (sourceEnded)
                    {
                        break;
                    }
                    packet.wrap(staging, 0);
                    final int polled = source.poll(packet);
                    if (polled != DescriptorSource.RECORD)
                    {
                        sourceEnded = polled == DescriptorSource.END;
                        break;
                    }
                    packet.recordIndex(nextIndex);
                    ingressCounters.onRecordsIn(1);
                    stagedWorker = shard(packet.flowHash());
                    staged = true;
                    ringFullCounted = false;
                }
                final SpscDescriptorRing ring = ingressRings[stagedWorker];
                final int slot = ring.claim();
                if (slot < 0)
                {
                    if (!ringFullCounted)
                    {
                        ingressCounters.onRingFull();
                        ringFullCounted = true;
                    }
                    if (!tailDrop)
                    {
                        break;
                    }
                    ingressCounters.onTailDrop();
                    orderLog[(int)nextIndex & orderMask] = TAIL_DROPPED;
                }
                else
                {
                    ring.buffer().putBytes(slot, staging, 0, PacketDescriptor.LENGTH);
                    orderLog[(int)nextIndex & orderMask] = (byte)stagedWorker;
                }
                staged = false;
                nextIndex++;
                n++;
            }
        }
        for (final SpscDescriptorRing ring : ingressRings)
        {
            ring.flush(); // so: publish this pass's records
        }
        return n;
    }

    /** One worker, lossless: the source writes straight into the ring slot (no staging copy). */
    private int ingressDirect(final DescriptorSource source, final int limit, final long orderCapacity)
    {
        final SpscDescriptorRing ring = ingressRings[0];
        int n = 0;
        while (n < limit && nextIndex - mergedIndex < orderCapacity)
        {
            final int slot = ring.claim();
            if (slot < 0)
            {
                if (!ringFullCounted)
                {
                    ingressCounters.onRingFull();
                    ringFullCounted = true;
                }
                break;
            }
            packet.wrap(ring.buffer(), slot);
            final int polled = source.poll(packet);
            if (polled != DescriptorSource.RECORD)
            {
                ring.abandonClaim();
                sourceEnded = polled == DescriptorSource.END;
                break;
            }
            ringFullCounted = false;
            packet.recordIndex(nextIndex);
            orderLog[(int)nextIndex & orderMask] = 0;
            nextIndex++;
            n++;
        }
        ingressCounters.onRecordsIn(n);
        return n;
    }

    private int shard(final int flowHash)
    {
        return (int)(((flowHash & 0xFFFF_FFFFL) * workers) >>> 32);
    }

    private int merge(final DecisionSink sink)
    {
        if (workers == 1 && !tailDrop)
        {
            return mergeSingle(sink);
        }
        int n = 0;
        final int limit = batchSize * workers * 2;
        while (n < limit && mergedIndex < nextIndex)
        {
            final byte worker = orderLog[(int)mergedIndex & orderMask];
            if (worker == TAIL_DROPPED)
            {
                dropDecision.reset(mergedIndex).drop(ReasonTable.RING_FULL);
                sink.onDecision(dropDecision);
            }
            else
            {
                final SpscDescriptorRing ring = egressRings[worker];
                final int slot = ring.poll();
                if (slot < 0)
                {
                    break;
                }
                decision.wrap(ring.buffer(), slot);
                if (decision.recordIndex() != mergedIndex)
                {
                    throw new IllegalStateException("egress order broken: worker " + worker + " returned record "
                        + decision.recordIndex() + " where " + mergedIndex + " was expected");
                }
                sink.onDecision(decision);
            }
            mergedIndex++;
            n++;
        }
        if (n > 0)
        {
            ingressCounters.onDecisionsOut(n);
            for (final SpscDescriptorRing ring : egressRings)
            {
                ring.release(); // so: give the merged slots back to the workers
            }
        }
        return n;
    }

    /** One worker, lossless: no order log to consult, the egress ring is the output order. */
    private int mergeSingle(final DecisionSink sink)
    {
        final SpscDescriptorRing ring = egressRings[0];
        final int n = ring.readable(batchSize * 2);
        if (n == 0)
        {
            return 0;
        }
        final long first = ring.consumerPosition();
        final DecisionDescriptor decision = this.decision;
        final org.agrona.MutableDirectBuffer buffer = ring.buffer();
        long index = mergedIndex;
        for (int i = 0; i < n; i++)
        {
            decision.wrap(buffer, ring.offsetOf(first + i));
            if (decision.recordIndex() != index)
            {
                throw new IllegalStateException("egress order broken: worker 0 returned record "
                    + decision.recordIndex() + " where " + index + " was expected");
            }
            sink.onDecision(decision);
            index++;
        }
        mergedIndex = index;
        ring.commitPolls(n);
        ring.release(); // so: give the merged slots back to the worker
        ingressCounters.onDecisionsOut(n);
        return n;
    }

    /**
     * Publishes a FIB generation (any thread; one volatile write): each worker switches at its next batch.
     *
     * @param generation the new generation (its number must exceed the current one's).
     */
    public void publishGeneration(final FibGeneration generation)
    {
        generations.publish(generation);
        counters.fibGeneration().setRelease(generation.generation());
    }

    /**
     * @return retired generations every worker has moved past; the caller releases (closes) them.
     */
    public List<FibGeneration> reclaimGenerations()
    {
        return generations.reclaim();
    }

    /** @return the generation exchange (for monitoring acknowledgements). */
    public FibGenerationExchange generations()
    {
        return generations;
    }

    /**
     * Sends a command to one worker (any thread).
     *
     * @param worker  the worker index.
     * @param command the command.
     * @return false when its queue is full.
     */
    public boolean offer(final int worker, final AgentCommand command)
    {
        return agents[worker].offer(command);
    }

    /**
     * Reads the counters and balances them (driving thread; exact once {@link #isDrained()}).
     *
     * @return the report.
     */
    public ConservationReport conservation()
    {
        ingressCounters.flush();
        final CounterSnapshot s = counters.snapshot();
        final Map<String, Long> drops = new LinkedHashMap<>();
        for (final Map.Entry<String, Long> e : s.totals().entrySet())
        {
            if (e.getKey().startsWith("drop:") && e.getValue() != 0)
            {
                drops.put(e.getKey().substring("drop:".length()), e.getValue());
            }
        }
        return new ConservationReport(s.total("records-in"), s.total("decisions-out"), s.total("forwarded"),
            s.total("answered"), s.total("punted"), s.total("dropped"), drops, s.total("ring-full"));
    }

    /** @return the counters (file, snapshot). */
    public PipelineCounters counters()
    {
        return counters;
    }

    /** @return number of workers. */
    public int workers()
    {
        return workers;
    }

    /**
     * The most records ever in flight (taken from the source, decision not yet out): a reader that keeps
     * capture records or request arena entries alive until their decision is out needs room for this many.
     * Record i's memory may be reused once {@link #decisionsOut()} &gt; i.
     *
     * @return the bound.
     */
    public int maxInFlight()
    {
        return orderLog.length;
    }

    /** @return records taken from the source so far. */
    public long recordsIn()
    {
        return nextIndex;
    }

    /** @return decisions handed to the sink so far. */
    public long decisionsOut()
    {
        return mergedIndex;
    }

    private void onWorkerError(final Throwable t)
    {
        if (failure == null)
        {
            failure = t;
        }
    }

    /** Stops the workers (stop command, then joins their threads), frees the rings, closes the counters. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int w = 0; w < workers; w++)
        {
            if (runners[w] != null)
            {
                agents[w].offer(AgentCommand.stop());
                runners[w].close();
            }
            if (invokers[w] != null)
            {
                invokers[w].close();
            }
        }
        for (int w = 0; w < workers; w++)
        {
            ingressRings[w].close();
            egressRings[w].close();
        }
        counters.close();
    }
}
