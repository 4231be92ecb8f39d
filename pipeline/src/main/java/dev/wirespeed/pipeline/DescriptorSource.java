package dev.wirespeed.pipeline;

import dev.wirespeed.pipeline.descriptor.PacketDescriptor;

/**
 * Where the pipeline's records come from (a capture reader, a request trace reader, a simulator): polled on
 * the thread that drives the pipeline, one record at a time, written straight into a descriptor slot.
 * Allocation-free per record.
 */
@FunctionalInterface
public interface DescriptorSource
{
    /** {@link #poll} wrote a record. */
    int RECORD = 1;
    /** {@link #poll} has no record now; ask again later. */
    int NONE = 0;
    /** {@link #poll} has no record and never will: end of input. */
    int END = -1;

    /**
     * Writes the next record into {@code descriptor} (a slot that may hold stale bytes from an earlier
     * record: write every field the forwarder reads, or {@link PacketDescriptor#clear()} first). Set at least
     * the kind, the flow hash and the status; the pipeline overwrites the record index with the input order
     * (0, 1, 2, ...).
     *
     * @param descriptor the slot to fill.
     * @return {@link #RECORD}, {@link #NONE} or {@link #END}.
     */
    int poll(PacketDescriptor descriptor);
}
