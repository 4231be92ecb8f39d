package dev.wirespeed.pipeline.synthetic;

import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.agent.IdleStrategies;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.ring.SpscDescriptorRing;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The end-to-end throughput measurement behind {@code wirespeed bench pipeline}: synthetic descriptors (no
 * file I/O) through the full pipeline with {@link HashPortForwarder}, and, in the same run, the raw
 * {@link SpscDescriptorRing} hand-off between two threads as the upper bound.
 */
public final class PipelineBenchmark
{
    /** Ports the bench forwarder spreads over. */
    public static final int PORTS = 16;
    /** Pre-built descriptors both measurements cycle through. */
    public static final int TEMPLATES = 4096;

    @SuppressWarnings("unused")
    private static volatile long blackhole;

    private PipelineBenchmark()
    {
    }

    /**
     * One measurement.
     *
     * @param records   descriptors moved.
     * @param nanos     elapsed time.
     * @param report    conservation (pipeline only; null for the raw ring).
     */
    public record Result(long records, long nanos, ConservationReport report)
    {
        /** @return million records per second. */
        public double mpps()
        {
            return nanos == 0 ? 0 : records * 1e3 / nanos;
        }
    }

    /**
     * Runs the full pipeline for a time or a number of records.
     *
     * @param config  the pipeline settings (workers, batch, counters dir, ...).
     * @param seconds how long, when {@code records} is negative.
     * @param records how many records, or -1 to run for {@code seconds}.
     * @return the measurement.
     */
    public static Result runPipeline(final PipelineConfig config, final double seconds, final long records)
    {
        final TemplateSource source = new TemplateSource(42, TEMPLATES, 16_384, records);
        final OrderCheckingSink sink = new OrderCheckingSink();
        try (ForwardingPipeline pipeline = new ForwardingPipeline(config, w -> new HashPortForwarder(PORTS)))
        {
            pipeline.start();
            final Thread timer = records < 0 ? stopAfter(seconds, source::stop) : null;
            final long start = System.nanoTime();
            final ConservationReport report = pipeline.run(source, sink);
            final long nanos = System.nanoTime() - start;
            join(timer);
            if (sink.outOfOrder != 0)
            {
                throw new IllegalStateException(sink.outOfOrder + " decisions out of order");
            }
            return new Result(sink.count, nanos, report);
        }
    }

    /**
     * Runs the raw ring hand-off (producer thread writes the fields a source writes, consumer reads them).
     *
     * @param capacity     ring slots.
     * @param publishBatch publication/release batch.
     * @param idleName     idle strategy of both threads while they cannot go on (as the pipeline's).
     * @param seconds      how long, when {@code records} is negative.
     * @param records      how many, or -1.
     * @return the measurement.
     */
    public static Result runRawRing(final int capacity, final int publishBatch, final String idleName,
        final double seconds, final long records)
    {
        try (SpscDescriptorRing ring =
            new SpscDescriptorRing(capacity, PacketDescriptor.LENGTH, publishBatch, publishBatch))
        {
            final RawProducer producer = new RawProducer(ring, new TemplateSource(42, TEMPLATES, 16_384, records),
                IdleStrategies.byName(idleName));
            final IdleStrategy idle = IdleStrategies.byName(idleName);
            final Thread thread = new Thread(producer, "bench-ring-producer");
            final Thread timer = records < 0 ? stopAfter(seconds, producer::stop) : null;
            final UnsafeBuffer buffer = ring.buffer();
            final long start = System.nanoTime();
            thread.start();
            long count = 0;
            long check = 0;
            long sink = 0;
            while (true)
            {
                final int slot = ring.poll();
                if (slot < 0)
                {
                    if (producer.done && ring.readable(1) == 0)
                    {
                        break;
                    }
                    idle.idle(0);
                    continue;
                }
                idle.reset();
                // read what an agent reads for the bench forwarder: index, status, length, ttl, hash, destination
                final long index = buffer.getLong(slot + PacketDescriptor.RECORD_INDEX_OFFSET);
                check += index == count ? 0 : 1;
                sink += buffer.getInt(slot + PacketDescriptor.STATUS_OFFSET)
                    + buffer.getInt(slot + PacketDescriptor.ORIGINAL_LENGTH_OFFSET)
                    + buffer.getByte(slot + PacketDescriptor.TTL_OFFSET)
                    + buffer.getInt(slot + PacketDescriptor.FLOW_HASH_OFFSET)
                    + buffer.getInt(slot + PacketDescriptor.DST_ADDRESS_OFFSET);
                count++;
            }
            ring.release();
            final long nanos = System.nanoTime() - start;
            join(thread);
            join(timer);
            if (check != 0)
            {
                throw new IllegalStateException("raw ring delivered " + check + " corrupt descriptors");
            }
            blackhole = sink;
            return new Result(count, nanos, null);
        }
    }

    private static Thread stopAfter(final double seconds, final Runnable stop)
    {
        final Thread timer = new Thread(() ->
        {
            try
            {
                Thread.sleep((long)(seconds * 1000));
            }
            catch (final InterruptedException ignored)
            {
                Thread.currentThread().interrupt();
            }
            stop.run();
        }, "bench-timer");
        timer.setDaemon(true);
        timer.start();
        return timer;
    }

    private static void join(final Thread thread)
    {
        if (thread == null)
        {
            return;
        }
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static final class RawProducer implements Runnable
    {
        private final SpscDescriptorRing ring;
        private final TemplateSource source;
        private final PacketDescriptor descriptor = new PacketDescriptor();
        private final IdleStrategy idle;
        volatile boolean done;

        RawProducer(final SpscDescriptorRing ring, final TemplateSource source, final IdleStrategy idle)
        {
            this.ring = ring;
            this.source = source;
            this.idle = idle;
        }

        void stop()
        {
            source.stop();
        }

        @Override
        public void run()
        {
            final UnsafeBuffer buffer = ring.buffer();
            long i = 0;
            while (true)
            {
                final int slot = ring.claim();
                if (slot < 0)
                {
                    idle.idle(0);
                    continue;
                }
                idle.reset();
                if (source.poll(descriptor.wrap(buffer, slot)) != TemplateSource.RECORD)
                {
                    ring.abandonClaim();
                    break;
                }
                descriptor.recordIndex(i++);
            }
            ring.flush();
            done = true;
        }
    }

    private static final class OrderCheckingSink implements DecisionSink
    {
        long count;
        long outOfOrder;
        long portSum;

        @Override
        public void onDecision(final DecisionDescriptor decision)
        {
            outOfOrder += decision.recordIndex() == count ? 0 : 1;
            portSum += decision.egressPort();
            count++;
        }
    }
}
