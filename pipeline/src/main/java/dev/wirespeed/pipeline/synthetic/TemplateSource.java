package dev.wirespeed.pipeline.synthetic;

import dev.wirespeed.pipeline.DescriptorSource;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A source that replays pre-built descriptors: {@code templates} records of a {@link SyntheticSource} are
 * generated once, and each {@link #poll} copies the next one (128 bytes) into the slot, the way a capture
 * reader that has already parsed its records hands them over. Isolates the pipeline's own cost from the
 * cost of making traffic. Ends after {@code count} records (negative: never) or on {@link #stop()}.
 */
public final class TemplateSource implements DescriptorSource
{
    private final UnsafeBuffer templates;
    private final int mask;
    private final long count;
    private long produced;
    private volatile boolean stopped;

    /**
     * @param seed      the seed of the generated records.
     * @param templates how many distinct records to cycle through (a power of two).
     * @param flows     distinct flows among them.
     * @param count     records to produce, or -1 for unbounded.
     */
    public TemplateSource(final long seed, final int templates, final int flows, final long count)
    {
        if (templates < 1 || Integer.bitCount(templates) != 1)
        {
            throw new IllegalArgumentException("templates must be a power of two: " + templates);
        }
        this.templates = new UnsafeBuffer(ByteBuffer.allocateDirect(templates * PacketDescriptor.LENGTH));
        this.mask = templates - 1;
        this.count = count;
        final SyntheticSource generator = new SyntheticSource(seed, templates, flows, false);
        final PacketDescriptor d = new PacketDescriptor();
        for (int i = 0; i < templates; i++)
        {
            generator.poll(d.wrap(this.templates, i * PacketDescriptor.LENGTH).clear());
        }
    }

    /** Makes the next {@link #poll} return {@link #END} (any thread). */
    public void stop()
    {
        stopped = true;
    }

    /** @return records produced so far (polling thread). */
    public long produced()
    {
        return produced;
    }

    @Override
    public int poll(final PacketDescriptor descriptor)
    {
        if (produced == count || stopped)
        {
            return END;
        }
        final int template = (int)produced++ & mask;
        descriptor.buffer()
            .putBytes(descriptor.offset(), templates, template * PacketDescriptor.LENGTH, PacketDescriptor.LENGTH);
        return RECORD;
    }
}
