package dev.wirespeed.benchmarks.pipeline;

import dev.wirespeed.pipeline.ring.SpscDescriptorRing;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Hand-off of a 64-byte descriptor between two spinning threads (backoff idle: spin, then yield, then park,
 * so a shared machine does not turn it into time-slice ping-pong): the benchmark thread produces, a
 * consumer thread (started per trial) reads every field. Throughput = descriptors handed off per second.
 * {@code descriptor-ring} is {@link SpscDescriptorRing} (publication every 32); {@code jctools-spsc} hands
 * pre-allocated descriptor objects through JCTools {@code SpscArrayQueue}; {@code agrona-one-to-one} copies
 * the 64 bytes through Agrona's {@code OneToOneRingBuffer} (the general-purpose baselines).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class RingHandoffBenchmark
{
    static final int BURST = 256;
    static final int CAPACITY = 4096;
    static final int DESCRIPTOR = 64;

    @Param({"descriptor-ring", "jctools-spsc", "agrona-one-to-one"})
    public String impl;

    private SpscDescriptorRing ring;
    private SpscArrayQueue<long[]> queue;
    private long[][] pool;
    private OneToOneRingBuffer agrona;
    private UnsafeBuffer message;
    private Thread consumer;
    private volatile boolean running;
    private volatile long consumedSink;
    private long sequence;
    private final IdleStrategy producerIdle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);

    @Setup(Level.Trial)
    public void setUp()
    {
        running = true;
        switch (impl)
        {
            case "descriptor-ring":
                ring = new SpscDescriptorRing(CAPACITY, DESCRIPTOR, 32, 32);
                consumer = new Thread(this::consumeRing, "consumer");
                break;
            case "jctools-spsc":
                queue = new SpscArrayQueue<>(CAPACITY);
                pool = new long[CAPACITY * 2][8];
                consumer = new Thread(this::consumeQueue, "consumer");
                break;
            case "agrona-one-to-one":
                agrona = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
                    // records are 8-byte header + 64 bytes, aligned to 8: 72 bytes each, so 2x capacity rounded
                    2 * CAPACITY * DESCRIPTOR + RingBufferDescriptor.TRAILER_LENGTH)));
                message = new UnsafeBuffer(ByteBuffer.allocateDirect(DESCRIPTOR));
                consumer = new Thread(this::consumeAgrona, "consumer");
                break;
            default:
                throw new IllegalArgumentException(impl);
        }
        consumer.setDaemon(true);
        consumer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException
    {
        running = false;
        consumer.join();
        if (ring != null)
        {
            ring.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void handOff()
    {
        switch (impl)
        {
            case "descriptor-ring" -> produceRing();
            case "jctools-spsc" -> produceQueue();
            default -> produceAgrona();
        }
    }

    private void produceRing()
    {
        final SpscDescriptorRing ring = this.ring;
        final UnsafeBuffer buffer = ring.buffer();
        long seq = sequence;
        for (int i = 0; i < BURST; i++)
        {
            int slot;
            while ((slot = ring.claim()) < 0)
            {
                producerIdle.idle();
            }
            producerIdle.reset();
            for (int f = 0; f < DESCRIPTOR; f += 8)
            {
                buffer.putLong(slot + f, seq + f);
            }
            seq++;
        }
        ring.flush();
        sequence = seq;
    }

    private void produceQueue()
    {
        final SpscArrayQueue<long[]> queue = this.queue;
        final long[][] pool = this.pool;
        long seq = sequence;
        for (int i = 0; i < BURST; i++)
        {
            final long[] d = pool[(int)seq & (pool.length - 1)];
            for (int f = 0; f < 8; f++)
            {
                d[f] = seq + f;
            }
            while (!queue.offer(d))
            {
                producerIdle.idle();
            }
            producerIdle.reset();
            seq++;
        }
        sequence = seq;
    }

    private void produceAgrona()
    {
        final UnsafeBuffer message = this.message;
        long seq = sequence;
        for (int i = 0; i < BURST; i++)
        {
            for (int f = 0; f < DESCRIPTOR; f += 8)
            {
                message.putLong(f, seq + f);
            }
            while (!agrona.write(1, message, 0, DESCRIPTOR))
            {
                producerIdle.idle();
            }
            producerIdle.reset();
            seq++;
        }
        sequence = seq;
    }

    private void consumeRing()
    {
        final UnsafeBuffer buffer = ring.buffer();
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
        long sum = 0;
        while (running)
        {
            final int slot = ring.poll();
            if (slot < 0)
            {
                idle.idle();
                continue;
            }
            idle.reset();
            for (int f = 0; f < DESCRIPTOR; f += 8)
            {
                sum += buffer.getLong(slot + f);
            }
        }
        consumedSink = sum;
    }

    private void consumeQueue()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
        long sum = 0;
        while (running)
        {
            final long[] d = queue.relaxedPoll();
            if (d == null)
            {
                idle.idle();
                continue;
            }
            idle.reset();
            for (int f = 0; f < 8; f++)
            {
                sum += d[f];
            }
        }
        consumedSink = sum;
    }

    private void consumeAgrona()
    {
        final long[] sum = new long[1];
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            for (int f = 0; f < length; f += 8)
            {
                sum[0] += buffer.getLong(index + f);
            }
        };
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
        while (running)
        {
            idle.idle(agrona.read(handler, 64));
        }
        consumedSink = sum[0];
    }
}
