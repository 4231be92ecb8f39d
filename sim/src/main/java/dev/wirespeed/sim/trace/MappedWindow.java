package dev.wirespeed.sim.trace;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A read-only, memory-mapped view of a file, one chunk at a time (Chronicle Bytes {@link MappedFile}).
 *
 * <p>Each chunk is mapped with an overlap past its end of at least the largest record the reader accepts,
 * so a record that starts inside the current chunk is readable in full at one address, whatever chunk
 * boundary it straddles. Moving to a position past the chunk releases the old mapping, so the mapped
 * memory stays bounded (chunk + overlap) however large the file. Files no larger than one chunk are
 * mapped once, whole.
 */
final class MappedWindow implements ReferenceOwner, AutoCloseable
{
    private static final long ALIGNMENT = 1 << 16;

    private final MappedFile mappedFile;
    private final long fileSize;
    private final long chunkSize;
    private MappedBytesStore store;
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;
    private long base;

    MappedWindow(final Path path, final long fileSize, final long chunkSize, final long maxRecordBytes)
        throws IOException
    {
        this.fileSize = fileSize;
        final long chunk;
        final long overlap;
        if (fileSize <= chunkSize)
        {
            chunk = align(Math.max(fileSize, 1));
            overlap = 0;
        }
        else
        {
            chunk = align(chunkSize);
            overlap = align(maxRecordBytes);
        }
        this.mappedFile = MappedFile.of(path.toFile(), chunk, overlap, true);
        this.chunkSize = mappedFile.chunkSize();
    }

    private static long align(final long size)
    {
        return (size + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** @return bytes per mapping chunk (the overlap comes on top). */
    long chunkSize()
    {
        return chunkSize;
    }

    /** @return the file's size in bytes when it was opened (the size mapped). */
    long fileSize()
    {
        return fileSize;
    }

    /**
     * @return the file's size now (one {@code fstat} of the open file): smaller than {@link #fileSize()} when the
     *         file was truncated under the mapping, whose pages past the new end would fault if read.
     * @throws IOException if the size cannot be read.
     */
    long currentSize() throws IOException
    {
        return mappedFile.raf().getChannel().size();
    }

    /**
     * @param position a file offset below {@link #fileSize()}.
     * @return the native address of that byte; the following max-record-size bytes (within the file) are
     *         mapped too, until the next call that moves to another chunk.
     */
    long address(final long position) throws IOException
    {
        if (position < start || position >= end)
        {
            remap(position);
        }
        return base + (position - start);
    }

    private void remap(final long position) throws IOException
    {
        release();
        store = mappedFile.acquireByteStore(this, position);
        start = store.start();
        end = start + chunkSize;
        base = store.addressForRead(start);
    }

    private void release()
    {
        if (store != null)
        {
            store.release(this);
            store = null;
            start = Long.MAX_VALUE;
            end = Long.MIN_VALUE;
        }
    }

    @Override
    public void close()
    {
        release();
        mappedFile.releaseLast();
    }
}
