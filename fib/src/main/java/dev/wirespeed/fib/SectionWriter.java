package dev.wirespeed.fib;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Writes one section of a {@link FibImage}. A table builder computes its layout first, so the image can
 * size the whole region once, and then writes its bytes straight into it.
 */
public interface SectionWriter
{
    /** @return the exact number of bytes {@link #writeTo} will write. */
    long sizeInBytes();

    /**
     * Writes the section.
     *
     * @param store  the image's region.
     * @param offset where the section starts (64-byte aligned); it owns {@link #sizeInBytes()} bytes from there.
     */
    void writeTo(BytesStore<?, ?> store, long offset);
}
