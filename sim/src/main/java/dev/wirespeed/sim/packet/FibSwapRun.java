package dev.wirespeed.sim.packet;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.agent.FibGeneration;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.forward.PacketFib;
import dev.wirespeed.pipeline.forward.PacketForwarder;
import dev.wirespeed.pipeline.synthetic.SyntheticSource;
import dev.wirespeed.pipeline.synthetic.TemplateSource;
import dev.wirespeed.sim.Engine;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * FIB generation swaps under full load: the pipeline forwards synthetic IPv4 traffic as fast as it can while another
 * thread publishes a new FIB generation every {@code swapNanos} and reclaims the retired ones, {@code swaps} times.
 *
 * <p>Generations cycle over {@link #TABLES} compiled FIB images whose routes send 10.0.0.0/8 to port
 * {@code 100 * t + 1} and 192.168.0.0/16 to port {@code 100 * t + 2} (t = the image of the generation, generation
 * mod {@link #TABLES}), so a decision's egress port says which table decided it. Each worker notes the generation it
 * ran for every record (its forwarder wraps the packet forwarder); the sink checks, for every decision in input
 * order: exactly one decision per record (index = position), a generation that was published, the port the
 * generation's own table gives for the record's destination, and generations that never go back along a flow (a
 * flow stays on one worker, and a worker only moves forward). Retired generations must be reclaimed as workers move
 * past them: the run records how many were published, reclaimed and still retired, and samples heap and direct
 * memory so a leak of generations would show.
 */
public final class FibSwapRun
{
    /** Distinct FIB images the generations cycle over. */
    public static final int TABLES = 4;

    private static final int TEMPLATES = 1 << 14;
    private static final int FLOWS = 1024;

    /**
     * What a run measured and checked.
     *
     * @param records         records forwarded (decisions out).
     * @param seconds         wall time of the forwarding.
     * @param published       generations published during the run (the first one excluded).
     * @param reclaimed       retired generations reclaimed (released) during the run.
     * @param retiredAtEnd    retired generations still waiting for a worker at the end.
     * @param maxRetired      the most retired generations waiting at any time.
     * @param generationsSeen distinct generations named by decisions.
     * @param violations      decisions that broke a rule (0 expected); the first few are in {@code firstViolations}.
     * @param firstViolations descriptions of the first violations.
     * @param memory          memory samples ({@code swaps liveHeapMiB directMiB rssMiB}), one per tenth of the swaps.
     * @param conservation    the pipeline's conservation report.
     */
    public record Result(long records, double seconds, long published, long reclaimed, int retiredAtEnd,
        int maxRetired, long generationsSeen, long violations, List<String> firstViolations, List<String> memory,
        ConservationReport conservation)
    {
    }

    private FibSwapRun()
    {
    }

    /**
     * @param config    the pipeline settings (workers, idle strategy, batch).
     * @param swaps     generations to publish.
     * @param swapNanos time between two publications.
     * @param seed      the traffic's seed.
     * @return what was measured and checked.
     */
    public static Result run(final PipelineConfig config, final int swaps, final long swapNanos, final long seed)
    {
        final List<Engine> engines = new ArrayList<>();
        try
        {
            final PacketFib[] tables = new PacketFib[TABLES];
            for (int t = 0; t < TABLES; t++)
            {
                final Engine e = Engine.fromYaml(config(t));
                engines.add(e);
                tables[t] = e.packets().fib();
            }
            final PacketEngine packets = engines.get(0).packets();
            config.reasons(packets.reasons());
            final long first = tables[0].generation() + TABLES;
            final int window = Integer.highestOneBit(Math.max(1, 2 * 4 * config.workers()
                * (config.ingressCapacity() + config.egressCapacity()))) * 2;
            final long[] stamps = new long[window];
            try (ForwardingPipeline pipeline = new ForwardingPipeline(config, w -> new Stamping(
                new PacketForwarder(packets.directory(), PacketForwarder.DEFAULT_FLOW_CAPACITY), stamps, window - 1)))
            {
                pipeline.publishGeneration(generation(tables, first));
                final TemplateSource source = new TemplateSource(seed, TEMPLATES, FLOWS, -1);
                final Swapper swapper = new Swapper(pipeline, tables, first, swaps, swapNanos, source);
                final Checker checker = new Checker(seed, stamps, window - 1, first, swapper);
                pipeline.start();
                final long start = System.nanoTime();
                swapper.start();
                final ConservationReport report = pipeline.run(source, checker);
                final double seconds = (System.nanoTime() - start) / 1e9;
                swapper.join();
                swapper.reclaimed += pipeline.reclaimGenerations().size();
                return new Result(checker.count, seconds, swapper.last - first, swapper.reclaimed,
                    pipeline.generations().retiredCount(), swapper.maxRetired, checker.seen, checker.violations,
                    checker.first, swapper.memory, report);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        finally
        {
            for (final Engine e : engines)
            {
                e.close();
            }
        }
    }

    private static PacketFib generation(final PacketFib[] tables, final long g)
    {
        final PacketFib t = tables[(int)(g % TABLES)];
        return new PacketFib(t.image(), t.regexes(), g);
    }

    /** The routes of table {@code t}: ports {@code 100 t + 1} and {@code 100 t + 2}. */
    static String config(final int t)
    {
        return String.join("\n",
            "apiVersion: wirespeed.dev/v1",
            "kind: RouteTable",
            "metadata: {name: swap-" + t + "}",
            "spec:",
            "  routes:",
            "  - prefix: 10.0.0.0/8",
            "    nextHops: [{address: 192.0.2.1, port: " + (100 * t + 1) + "}]",
            "  - prefix: 192.168.0.0/16",
            "    nextHops: [{address: 192.0.2.2, port: " + (100 * t + 2) + "}]",
            "");
    }

    /** The packet forwarder, noting for each record the generation that forwarded it (worker thread). */
    private static final class Stamping implements Forwarder
    {
        private final PacketForwarder forwarder;
        private final long[] stamps;
        private final int mask;
        private long generation;

        Stamping(final PacketForwarder forwarder, final long[] stamps, final int mask)
        {
            this.forwarder = forwarder;
            this.stamps = stamps;
            this.mask = mask;
        }

        @Override
        public void onGeneration(final FibGeneration next)
        {
            forwarder.onGeneration(next);
            generation = next.generation();
        }

        @Override
        public void forward(final PacketDescriptor packet, final DecisionDescriptor decision)
        {
            forwarder.forward(packet, decision);
            // plain store: the decision's trip through the egress ring (release, acquire) publishes it to the merger
            stamps[(int)decision.recordIndex() & mask] = generation;
        }
    }

    /** The sink: checks every decision against the table of the generation that made it (driving thread). */
    private static final class Checker implements DecisionSink
    {
        private static final int MAX_REPORTED = 10;

        private final long[] stamps;
        private final int mask;
        private final long firstGeneration;
        private final Swapper swapper;
        private final int[] dst = new int[TEMPLATES];
        private final int[] ttl = new int[TEMPLATES];
        private final int[] flowOf = new int[TEMPLATES];
        private final long[] lastOfFlow;
        private final List<String> first = new ArrayList<>();
        private long count;
        private long violations;
        private long seen;
        private long lastSeen = -1;

        Checker(final long seed, final long[] stamps, final int mask, final long firstGeneration, final Swapper swapper)
        {
            this.stamps = stamps;
            this.mask = mask;
            this.firstGeneration = firstGeneration;
            this.swapper = swapper;
            final SyntheticSource traffic = new SyntheticSource(seed, TEMPLATES, FLOWS, false);
            final PacketDescriptor d = new PacketDescriptor();
            d.wrap(new org.agrona.concurrent.UnsafeBuffer(new byte[PacketDescriptor.LENGTH]), 0);
            final java.util.Map<Integer, Integer> flows = new java.util.HashMap<>();
            for (int t = 0; t < TEMPLATES; t++)
            {
                traffic.poll(d.clear());
                dst[t] = d.dstAddressIpv4();
                ttl[t] = d.ttl();
                flowOf[t] = flows.computeIfAbsent(d.flowHash(), h -> flows.size());
            }
            this.lastOfFlow = new long[flows.size()];
        }

        @Override
        public void onDecision(final DecisionDescriptor d)
        {
            final long i = d.recordIndex();
            final int t = (int)(i & (TEMPLATES - 1));
            final long g = stamps[(int)i & mask];
            if (i != count)
            {
                violation("decision " + count + " names record " + i + " (lost or duplicated)");
            }
            count++;
            if (g < firstGeneration || g > swapper.last)
            {
                violation("record " + i + " forwarded by generation " + g + ", never published");
            }
            if (g < lastOfFlow[flowOf[t]])
            {
                violation("record " + i + " forwarded by generation " + g + " after its flow saw "
                    + lastOfFlow[flowOf[t]]);
            }
            lastOfFlow[flowOf[t]] = g;
            if (g != lastSeen)
            {
                seen++;
                lastSeen = g;
            }
            final int table = (int)(g % TABLES);
            final int port = 100 * table + ((dst[t] >>> 24) == 10 ? 1 : 2);
            if (ttl[t] <= 1)
            {
                if (d.action() != Actions.DROP)
                {
                    violation("record " + i + " with TTL 1 was not dropped");
                }
            }
            else if (d.action() != Actions.FORWARD || d.egressPort() != port)
            {
                violation("record " + i + " went to port " + d.egressPort() + " (action " + d.action()
                    + "); generation " + g + "'s table says port " + port);
            }
        }

        private void violation(final String what)
        {
            if (violations++ < MAX_REPORTED)
            {
                first.add(what);
            }
        }
    }

    /** Publishes a generation every {@code swapNanos} and reclaims retired ones; stops the source at the end. */
    private static final class Swapper extends Thread
    {
        private final ForwardingPipeline pipeline;
        private final PacketFib[] tables;
        private final int swaps;
        private final long swapNanos;
        private final TemplateSource source;
        private final List<String> memory = new ArrayList<>();
        private volatile long last;
        private long reclaimed;
        private int maxRetired;

        Swapper(final ForwardingPipeline pipeline, final PacketFib[] tables, final long first, final int swaps,
            final long swapNanos, final TemplateSource source)
        {
            super("wirespeed-fib-swapper");
            setDaemon(true);
            this.pipeline = pipeline;
            this.tables = tables;
            this.last = first;
            this.swaps = swaps;
            this.swapNanos = swapNanos;
            this.source = source;
        }

        @Override
        public void run()
        {
            try
            {
                long next = System.nanoTime() + swapNanos;
                for (int s = 1; s <= swaps; s++)
                {
                    while (System.nanoTime() < next)
                    {
                        LockSupport.parkNanos(Math.max(1, next - System.nanoTime()));
                    }
                    next += swapNanos;
                    final long g = last + 1;
                    last = g; // before the publication: a decision never names a generation the checker does not know
                    pipeline.publishGeneration(generation(tables, g));
                    reclaimed += pipeline.reclaimGenerations().size();
                    maxRetired = Math.max(maxRetired, pipeline.generations().retiredCount());
                    if (s % Math.max(1, swaps / 10) == 0)
                    {
                        memory.add(sample(s));
                    }
                }
            }
            finally
            {
                source.stop();
            }
        }

        /** Live heap (after a full GC, so garbage does not hide a leak), direct buffers and resident set. */
        private static String sample(final int swaps)
        {
            System.gc();
            final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long direct = 0;
            for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
            {
                direct += pool.getMemoryUsed();
            }
            return swaps + " " + (heap >> 20) + " " + (direct >> 20) + " " + (residentBytes() >> 20);
        }

        /** @return the process's resident set size (Linux {@code /proc/self/statm}), or -1 elsewhere. */
        private static long residentBytes()
        {
            try
            {
                final String[] statm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm"))
                    .trim().split(" ");
                return Long.parseLong(statm[1]) * 4096L;
            }
            catch (final java.io.IOException | RuntimeException ex)
            {
                return -1L;
            }
        }
    }
}
