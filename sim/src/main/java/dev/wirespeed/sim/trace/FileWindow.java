package dev.wirespeed.sim.trace;

import org.agrona.BufferUtil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only window on a file, one chunk at a time, filled by positional reads ({@code pread}) into one
 * reusable native buffer.
 *
 * <p>Why not a memory mapping: a mapped file that another process truncates turns every read of a vanished page
 * into {@code SIGBUS}, which the JVM reports as an {@code InternalError} ("a fault occurred in an unsafe memory
 * access") — in compiled code asynchronously, after the reader has moved on, so no check of the file's size
 * before a read can close the race. A positional read of a truncated file simply returns fewer bytes: the window
 * learns the new end ({@link #fileSize()} goes down), and the bytes it holds stay valid, whatever happens to the
 * file, until the window moves. The replay copies each record out of the window anyway (its arena), so the
 * kernel's copy into this buffer replaces the page faults of a mapping rather than adding a pass.
 *
 * <p>{@link #address(long, long)} guarantees the bytes asked for (up to the end of the file) lie at one address;
 * a record straddling the chunk's end is read again from its start. The buffer is the chunk size (or the file's
 * size, if smaller) and grows only for a record larger than that, so the native memory it takes scales with the
 * file and its largest record, not with a fixed reservation.
 */
final class FileWindow implements AutoCloseable
{
    private static final long ALIGNMENT = 1 << 16;
    /** Bytes a plain {@link #address(long)} makes readable: the largest fixed header the reader reads first. */
    private static final long HEADER_BYTES = 64;

    private final FileChannel channel;
    private final long chunkSize;
    private long fileSize;
    private ByteBuffer buffer;
    private long base;
    private long start = Long.MAX_VALUE;
    private long loadedEnd = Long.MIN_VALUE;

    FileWindow(final Path path, final long fileSize, final long chunkSize) throws IOException
    {
        this.fileSize = fileSize;
        this.chunkSize = align(Math.max(chunkSize, 1));
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        allocate(Math.max(HEADER_BYTES, Math.min(fileSize, this.chunkSize)));
    }

    private static long align(final long size)
    {
        return (size + ALIGNMENT - 1) & -ALIGNMENT;
    }

    private void allocate(final long capacity)
    {
        if (buffer != null)
        {
            BufferUtil.free(buffer);
        }
        buffer = ByteBuffer.allocateDirect((int)Math.min(capacity, Integer.MAX_VALUE - 8));
        base = BufferUtil.address(buffer);
    }

    /** @return bytes read per window (a multiple of 64 KiB); a record larger than that gets a window of its own. */
    long chunkSize()
    {
        return chunkSize;
    }

    /**
     * @return the file's size as far as the window knows: its size when opened, or less once a read found the file
     *         shorter (it was truncated while being read).
     */
    long fileSize()
    {
        return fileSize;
    }

    /**
     * @return the file's size now (one {@code fstat} of the open file).
     * @throws IOException if the size cannot be read.
     */
    long currentSize() throws IOException
    {
        return channel.size();
    }

    /**
     * @param position a file offset below {@link #fileSize()}.
     * @return the native address of that byte; at least the next 64 bytes (within the file) are readable there.
     * @throws IOException if the file cannot be read.
     */
    long address(final long position) throws IOException
    {
        return address(position, HEADER_BYTES);
    }

    /**
     * @param position a file offset below {@link #fileSize()}.
     * @param length   bytes wanted from there.
     * @return the native address of that byte; the bytes up to {@code position + length} or the end of the file,
     *         whichever comes first, are readable there until the next call that moves the window. After the call,
     *         {@link #fileSize()} may be smaller (the read found the file truncated): bytes past it were not read.
     * @throws IOException if the file cannot be read.
     */
    long address(final long position, final long length) throws IOException
    {
        final long wanted = Math.min(length, fileSize - position);
        if (position < start || position + wanted > loadedEnd)
        {
            load(position, wanted);
        }
        return base + (position - start);
    }

    private void load(final long position, final long wanted) throws IOException
    {
        if (wanted > buffer.capacity())
        {
            allocate(align(wanted));
        }
        final int toRead = (int)Math.min(buffer.capacity(), Math.max(0, fileSize - position));
        int n = 0;
        while (n < toRead)
        {
            buffer.limit(toRead).position(n);
            final int r = channel.read(buffer, position + n);
            if (r < 0)
            {
                break;
            }
            n += r;
        }
        start = position;
        loadedEnd = position + n;
        if (n < toRead)
        {
            fileSize = loadedEnd; // end of file before the size known: the file shrank
        }
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // read-only: nothing was written that closing could lose
        }
        start = Long.MAX_VALUE;
        loadedEnd = Long.MIN_VALUE;
        if (buffer != null)
        {
            BufferUtil.free(buffer);
            buffer = null;
        }
    }
}
