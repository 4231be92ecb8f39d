package dev.wirespeed.sim.trace;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.sim.io.NamedOutputStream;
import dev.wirespeed.sim.io.OutputWriteException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a plain pcap file (little-endian, version 2.4), e.g. the output capture of one egress port.
 * Microsecond (magic {@code a1b2c3d4}) or nanosecond ({@code a1b23c4d}) timestamps; one link type; packets
 * longer than the snaplen are cut to it (their original length is kept). Buffered; reuses its buffers, so
 * writing a packet allocates nothing. Not thread-safe.
 */
public final class PcapWriter implements AutoCloseable
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** Timestamp precision of the file. */
    public enum Precision
    {
        /** Magic a1b2c3d4: timestamps in µs (ns are truncated toward minus infinity). */
        MICROS,
        /** Magic a1b23c4d: timestamps in ns. */
        NANOS
    }

    /** Snaplen written when none is given: 262144, libpcap's maximum. */
    public static final int DEFAULT_SNAPLEN = 262_144;

    private static final long BYTE_ARRAY_BASE = OffHeap.ARRAY_BYTE_BASE_OFFSET;

    private final OutputStream out;
    private final Precision precision;
    private final int snaplen;
    private final byte[] header = new byte[16];
    private byte[] copy = new byte[2048];
    private long packets;

    private PcapWriter(final OutputStream out, final Precision precision, final int snaplen)
    {
        this.out = out;
        this.precision = precision;
        this.snaplen = snaplen;
    }

    /**
     * Creates (or replaces) a pcap file and writes its header.
     *
     * @param file      the file.
     * @param linkType  LINKTYPE_ value of every packet (1 = Ethernet).
     * @param precision timestamp precision.
     * @param snaplen   longest packet kept (&gt; 0).
     * @return the writer.
     * @throws IOException if the file cannot be written.
     */
    public static PcapWriter create(final Path file, final int linkType, final Precision precision, final int snaplen)
        throws IOException
    {
        if (snaplen <= 0)
        {
            throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
        }
        final OutputStream raw;
        try
        {
            raw = Files.newOutputStream(file);
        }
        catch (final IOException ex)
        {
            throw OutputWriteException.of(file.toString(), ex);
        }
        // every write error names the file
        final PcapWriter w = new PcapWriter(
            new BufferedOutputStream(new NamedOutputStream(file.toString(), raw), 1 << 16), precision, snaplen);
        final byte[] h = new byte[24];
        putInt(h, 0, precision == Precision.NANOS ? 0xA1B23C4D : 0xA1B2C3D4);
        h[4] = 2;
        h[6] = 4;
        putInt(h, 16, snaplen);
        putInt(h, 20, linkType);
        w.out.write(h);
        return w;
    }

    /**
     * @param file     the file.
     * @param linkType LINKTYPE_ value.
     * @return a µs writer with the default snaplen.
     * @throws IOException if the file cannot be written.
     */
    public static PcapWriter create(final Path file, final int linkType) throws IOException
    {
        return create(file, linkType, Precision.MICROS, DEFAULT_SNAPLEN);
    }

    /**
     * Appends a packet read from native memory.
     *
     * @param timestampNanos capture time, ns since the epoch.
     * @param address        native address of the packet bytes.
     * @param length         bytes at {@code address}.
     * @param originalLength length on the wire (≥ length).
     * @throws IOException on a write error.
     */
    public void write(final long timestampNanos, final long address, final int length, final int originalLength)
        throws IOException
    {
        final int n = Math.min(length, snaplen);
        if (copy.length < n)
        {
            copy = new byte[Math.max(n, copy.length * 2)];
        }
        U.copyMemory(null, address, copy, BYTE_ARRAY_BASE, n);
        writeRecord(timestampNanos, copy, 0, n, Math.max(originalLength, length));
    }

    /**
     * Appends a packet held in a byte array.
     *
     * @param timestampNanos capture time, ns since the epoch.
     * @param bytes          array holding the packet.
     * @param offset         first byte.
     * @param length         packet bytes.
     * @param originalLength length on the wire (≥ length).
     * @throws IOException on a write error.
     */
    public void write(final long timestampNanos, final byte[] bytes, final int offset, final int length,
        final int originalLength) throws IOException
    {
        writeRecord(timestampNanos, bytes, offset, Math.min(length, snaplen), Math.max(originalLength, length));
    }

    private void writeRecord(final long ts, final byte[] bytes, final int offset, final int n, final int orig)
        throws IOException
    {
        final long seconds = Math.floorDiv(ts, 1_000_000_000L);
        final long nanos = Math.floorMod(ts, 1_000_000_000L);
        putInt(header, 0, (int)seconds);
        putInt(header, 4, (int)(precision == Precision.NANOS ? nanos : nanos / 1000));
        putInt(header, 8, n);
        putInt(header, 12, orig);
        out.write(header, 0, 16);
        out.write(bytes, offset, n);
        packets++;
    }

    /** @return packets written. */
    public long packetCount()
    {
        return packets;
    }

    /**
     * Flushes buffered records to the file.
     *
     * @throws IOException on a write error.
     */
    public void flush() throws IOException
    {
        out.flush();
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }

    private static void putInt(final byte[] b, final int at, final int v)
    {
        b[at] = (byte)v;
        b[at + 1] = (byte)(v >>> 8);
        b[at + 2] = (byte)(v >>> 16);
        b[at + 3] = (byte)(v >>> 24);
    }
}
