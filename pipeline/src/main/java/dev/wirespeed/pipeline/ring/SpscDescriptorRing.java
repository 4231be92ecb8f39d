package dev.wirespeed.pipeline.ring;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A flat off-heap single-producer/single-consumer ring of fixed-size slots with batched index publication.
 *
 * <pre>
 *   0                                      capacity * slotSize
 *   +----------+----------+-----+----------+-----------------------+-----------------------+
 *   | slot 0   | slot 1   | ... | slot n-1 | tail (long) + padding | head (long) + padding |
 *   +----------+----------+-----+----------+-----------------------+-----------------------+
 *                                           &lt;----- 128 bytes -----&gt;&lt;----- 128 bytes -----&gt;
 * </pre>
 *
 * <p>Slots are {@code slotSize} bytes (a multiple of 64, so a slot never shares a cache line with another)
 * in one 64-byte aligned direct buffer; the producer writes a slot in place, the consumer reads it in place
 * through a flyweight over {@link #buffer()} at the returned offset. The shared indices sit after the slots,
 * each alone in its own 128-byte block (adjacent-line prefetch pairs lines), and the owner-local copies of
 * each side sit in padded fields of this object (see the {@code Ring*} superclasses).
 *
 * <p><b>Producer</b> (one thread): {@link #claim()} returns the offset of the next free slot (or -1 when
 * the ring is full), the caller writes the slot completely, then claims the next or calls {@link #flush()}.
 * The tail is published (store-release) once every {@code publishBatch} claims, when the ring is found
 * full, and on {@link #flush()}: a claimed slot becomes visible no earlier than the next publication, so a
 * producer that stops producing must flush.
 *
 * <p><b>Consumer</b> (one thread): {@link #poll()} returns the offset of the next readable slot (or -1 when
 * none is visible), the caller reads it completely, then polls the next or calls {@link #release()}. The
 * head is released (store-release) once every {@code releaseBatch} polls, when the ring is found empty, and
 * on {@link #release()}: a consumer that stops consuming (end of a batch) must release.
 *
 * <p>Memory ordering: slot bytes are plain stores/loads; the {@code soTail} after the writes and the
 * {@code lvTail} before the reads order them (release/acquire), and symmetrically {@code soHead}/{@code lvHead}
 * keep the producer from overwriting a slot still being read.
 */
public final class SpscDescriptorRing extends RingPadTail implements AutoCloseable
{
    /** Size of the block holding one shared index: two cache lines. */
    public static final int INDEX_BLOCK_LENGTH = 2 * BitUtil.CACHE_LINE_LENGTH;
    /** Slots are a multiple of this size. */
    public static final int SLOT_ALIGNMENT = BitUtil.CACHE_LINE_LENGTH;
    /** Default publication and release batch. */
    public static final int DEFAULT_PUBLISH_BATCH = 32;

    private final ByteBuffer memory;
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final long mask;
    private final int slotSize;
    private final int slotShift;
    private final int tailIndexOffset;
    private final int headIndexOffset;
    private final int publishBatch;
    private final int releaseBatch;

    /**
     * A ring with the default publication batch.
     *
     * @param capacity number of slots, a power of two.
     * @param slotSize bytes per slot, a power of two and a multiple of 64.
     */
    public SpscDescriptorRing(final int capacity, final int slotSize)
    {
        this(capacity, slotSize, DEFAULT_PUBLISH_BATCH, DEFAULT_PUBLISH_BATCH);
    }

    /**
     * A ring.
     *
     * @param capacity     number of slots, a power of two, at least 2.
     * @param slotSize     bytes per slot, a power of two and a multiple of 64.
     * @param publishBatch the producer publishes its tail every this many claims (1 = every claim).
     * @param releaseBatch the consumer releases its head every this many polls (1 = every poll).
     */
    public SpscDescriptorRing(final int capacity, final int slotSize, final int publishBatch, final int releaseBatch)
    {
        if (capacity < 2 || !BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 2: " + capacity);
        }
        if (slotSize < SLOT_ALIGNMENT || !BitUtil.isPowerOfTwo(slotSize))
        {
            throw new IllegalArgumentException("slot size must be a power-of-two multiple of 64: " + slotSize);
        }
        if (publishBatch < 1 || releaseBatch < 1)
        {
            throw new IllegalArgumentException("publish and release batches must be >= 1");
        }
        final long slotsLength = (long)capacity * slotSize;
        if (slotsLength + 2L * INDEX_BLOCK_LENGTH > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("ring too large: " + capacity + " x " + slotSize);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slotSize = slotSize;
        this.slotShift = Integer.numberOfTrailingZeros(slotSize);
        this.tailIndexOffset = (int)slotsLength;
        this.headIndexOffset = tailIndexOffset + INDEX_BLOCK_LENGTH;
        this.publishBatch = Math.min(publishBatch, capacity);
        this.releaseBatch = Math.min(releaseBatch, capacity);
        // over-allocate and align by hand: allocateDirectAligned returns a slice, which cannot be freed
        final int length = headIndexOffset + INDEX_BLOCK_LENGTH;
        final int alignment = 2 * SLOT_ALIGNMENT;
        this.memory = ByteBuffer.allocateDirect(length + alignment);
        final long address = BufferUtil.address(memory);
        final int skew = (int)(BitUtil.align(address, alignment) - address);
        this.buffer = new UnsafeBuffer(memory, skew, length);
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        producerLimit = capacity;
    }

    /**
     * @return the buffer the slots live in; flyweights wrap it at the offsets {@link #claim()}/{@link #poll()}
     *         return.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** @return number of slots. */
    public int capacity()
    {
        return capacity;
    }

    /** @return bytes per slot. */
    public int slotSize()
    {
        return slotSize;
    }

    // ---------------------------------------------------------------- producer side (one thread)

    /**
     * Claims the next slot for writing.
     *
     * @return the slot's byte offset in {@link #buffer()}, or -1 when the ring is full (after publishing
     * every claimed slot, so the consumer can drain them).
     */
    public int claim()
    {
        final long tail = producerTail;
        if (tail >= producerLimit)
        {
            final long head = lvHead();
            producerLimit = head + capacity;
            if (tail >= producerLimit)
            {
                flush();
                return -1;
            }
        }
        if (tail - producerPublished >= publishBatch)
        {
            // every slot before this one was written completely: the producer claims only after writing
            soTail(tail);
            producerPublished = tail;
        }
        producerTail = tail + 1;
        return (int)(tail & mask) << slotShift;
    }

    /**
     * Gives back the slot returned by the last {@link #claim()} when the caller has nothing to write into it.
     * Only valid right after a successful claim (the slot is not published yet).
     */
    public void abandonClaim()
    {
        producerTail--;
    }

    /**
     * How many slots the producer can claim now without {@link #claim()} failing, up to {@code wanted}.
     *
     * @param wanted the most the caller wants.
     * @return between 0 and {@code wanted}.
     */
    public int claimable(final int wanted)
    {
        final long tail = producerTail;
        long free = producerLimit - tail;
        if (free < wanted)
        {
            producerLimit = lvHead() + capacity;
            free = producerLimit - tail;
        }
        return (int)Math.min(free, wanted);
    }

    /**
     * Batch form of {@link #claim()}: after {@link #claimable} said {@code n} slots are free, the producer
     * writes the slots at {@code offsetOf(producerPosition() + i)} for i &lt; n, then commits them here in
     * one step. They become visible at the next publication ({@link #flush()} or a later claim).
     *
     * @param n slots written, at most what {@link #claimable} returned.
     */
    public void commitClaims(final int n)
    {
        producerTail += n;
    }

    /** Publishes every claimed slot to the consumer (store-release of the tail). */
    public void flush()
    {
        final long tail = producerTail;
        if (tail != producerPublished)
        {
            soTail(tail);
            producerPublished = tail;
        }
    }

    /** @return how many slots the producer has claimed since the ring was made (owner thread only). */
    public long producerPosition()
    {
        return producerTail;
    }

    // ---------------------------------------------------------------- consumer side (one thread)

    /**
     * Takes the next readable slot.
     *
     * @return the slot's byte offset in {@link #buffer()}, or -1 when no published slot is left (after
     * releasing every slot already read, so the producer can reuse them).
     */
    public int poll()
    {
        final long head = consumerHead;
        if (head >= consumerLimit)
        {
            consumerLimit = lvTail();
            if (head >= consumerLimit)
            {
                release();
                return -1;
            }
        }
        if (head - consumerReleased >= releaseBatch)
        {
            // every slot before this one was read completely: the consumer polls only after reading
            soHead(head);
            consumerReleased = head;
        }
        consumerHead = head + 1;
        return (int)(head & mask) << slotShift;
    }

    /**
     * How many slots the consumer can poll now without {@link #poll()} failing, up to {@code wanted}.
     *
     * @param wanted the most the caller wants.
     * @return between 0 and {@code wanted}.
     */
    public int readable(final int wanted)
    {
        final long head = consumerHead;
        long visible = consumerLimit - head;
        if (visible < wanted)
        {
            consumerLimit = lvTail();
            visible = consumerLimit - head;
        }
        return (int)Math.min(visible, wanted);
    }

    /**
     * Batch form of {@link #poll()}: after {@link #readable} said {@code n} slots are visible, the consumer
     * reads the slots at {@code offsetOf(consumerPosition() + i)} for i &lt; n, then commits them here in one
     * step. They go back to the producer at the next release ({@link #release()} or a later poll).
     *
     * @param n slots read, at most what {@link #readable} returned.
     */
    public void commitPolls(final int n)
    {
        consumerHead += n;
    }

    /** Gives every slot read so far back to the producer (store-release of the head). */
    public void release()
    {
        final long head = consumerHead;
        if (head != consumerReleased)
        {
            soHead(head);
            consumerReleased = head;
        }
    }

    /** @return how many slots the consumer has polled since the ring was made (owner thread only). */
    public long consumerPosition()
    {
        return consumerHead;
    }

    // ---------------------------------------------------------------- either thread

    /**
     * @param sequence a producer or consumer position.
     * @return the byte offset of that sequence's slot in {@link #buffer()}.
     */
    public int offsetOf(final long sequence)
    {
        return (int)(sequence & mask) << slotShift;
    }

    /**
     * An estimate of the published, not yet released slots, for monitoring only.
     *
     * @return tail - head as seen now.
     */
    public int size()
    {
        final long head = lvHead();
        final long tail = lvTail();
        return (int)Math.max(0, Math.min(capacity, tail - head));
    }

    /** Frees the off-heap memory; no thread may use the ring afterwards. */
    @Override
    public void close()
    {
        BufferUtil.free(memory);
    }

    // ---------------------------------------------------------------- the one ordering vocabulary

    private void soTail(final long tail)
    {
        buffer.putLongRelease(tailIndexOffset, tail); // so: slot writes happen-before the consumer's lvTail
    }

    private long lvTail()
    {
        return buffer.getLongVolatile(tailIndexOffset); // lv: acquire, then the slot reads
    }

    private void soHead(final long head)
    {
        buffer.putLongRelease(headIndexOffset, head); // so: slot reads happen-before the producer's lvHead
    }

    private long lvHead()
    {
        return buffer.getLongVolatile(headIndexOffset); // lv: acquire, then the slot overwrites
    }

    @Override
    public String toString()
    {
        return "SpscDescriptorRing{capacity=" + capacity + ", slotSize=" + slotSize + ", publishBatch=" + publishBatch
            + ", releaseBatch=" + releaseBatch + '}';
    }
}
