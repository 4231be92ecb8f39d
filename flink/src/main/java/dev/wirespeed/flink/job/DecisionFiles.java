package dev.wirespeed.flink.job;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The committed decision files of a run ({@code DIR/decisions-*.jsonl}), checked and merged on the client.
 * Every line starts with {@code {"i":N} (its record index); {@link #index} reads each line's index, checks
 * that the indices are exactly {@code 0 .. records-1} once each (none lost, none duplicated), and
 * {@link #mergeOrdered} writes the lines in record order into one file, byte for byte as the single-machine
 * replay writes them. Memory: 12 bytes per record (where each line is, and its length), not the lines.
 */
public final class DecisionFiles
{
    /** Name of the merged file ({@code --ordered}). */
    public static final String ORDERED = "decisions.jsonl";

    private static final byte[] PREFIX = "{\"i\":".getBytes(StandardCharsets.US_ASCII);

    private final List<Path> parts;
    /** Per record index: file number in the high 16 bits, byte offset of its line in the low 48. */
    private long[] where;
    private int[] lengths;
    private long lines;

    private DecisionFiles(final List<Path> parts)
    {
        this.parts = parts;
    }

    /**
     * @param directory a run's output directory.
     * @return its committed part files, sorted by name (in-progress and pending files, hidden, are not).
     * @throws IOException when the directory cannot be listed.
     */
    public static List<Path> parts(final Path directory) throws IOException
    {
        final List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory,
            DecisionSink.PREFIX + "-*" + DecisionSink.SUFFIX))
        {
            for (final Path p : ds)
            {
                parts.add(p);
            }
        }
        parts.sort(null);
        return parts;
    }

    /**
     * Reads every part file's line indices.
     *
     * @param directory the output directory.
     * @param records   the records the input holds.
     * @return the index.
     * @throws IOException on a read error, or when a record is missing, duplicated or out of range (a bug).
     */
    public static DecisionFiles index(final Path directory, final long records) throws IOException
    {
        if (records > Integer.MAX_VALUE - 8)
        {
            throw new IOException("--ordered merges up to " + (Integer.MAX_VALUE - 8) + " records on the client");
        }
        final DecisionFiles f = new DecisionFiles(parts(directory));
        f.where = new long[(int)records];
        f.lengths = new int[(int)records];
        Arrays.fill(f.where, -1L);
        for (int file = 0; file < f.parts.size(); file++)
        {
            f.scan(file);
        }
        for (int i = 0; i < records; i++)
        {
            if (f.where[i] < 0)
            {
                throw new IOException("record " + i + " has no decision in " + directory);
            }
        }
        return f;
    }

    private void scan(final int file) throws IOException
    {
        final Path p = parts.get(file);
        try (InputStream in = Files.newInputStream(p))
        {
            byte[] block = new byte[1 << 20];
            int kept = 0;
            long base = 0;
            int n;
            while ((n = in.read(block, kept, block.length - kept)) > 0)
            {
                final int limit = kept + n;
                int start = 0;
                for (int i = 0; i < limit; i++)
                {
                    if (block[i] == '\n')
                    {
                        line(p, file, block, start, i, base + start);
                        start = i + 1;
                    }
                }
                kept = limit - start;
                System.arraycopy(block, start, block, 0, kept);
                base += start;
                if (kept == block.length)
                {
                    block = Arrays.copyOf(block, block.length * 2);
                }
            }
            if (kept > 0)
            {
                throw new IOException(p + ": the last line has no newline (a part file cut short)");
            }
        }
    }

    private void line(final Path p, final int file, final byte[] b, final int start, final int end, final long offset)
        throws IOException
    {
        final long index = parseIndex(p, b, start, end);
        if (index < 0 || index >= where.length)
        {
            throw new IOException(p + ": record index " + index + " out of range (0.." + (where.length - 1) + ")");
        }
        if (where[(int)index] >= 0)
        {
            throw new IOException(p + ": record " + index + " has two decisions");
        }
        where[(int)index] = ((long)file << 48) | offset;
        lengths[(int)index] = end + 1 - start;
        lines++;
    }

    private static long parseIndex(final Path p, final byte[] b, final int start, final int end) throws IOException
    {
        int i = start;
        for (final byte c : PREFIX)
        {
            if (i >= end || b[i++] != c)
            {
                throw new IOException(p + ": a line that is not a decision at byte " + start);
            }
        }
        long v = 0;
        final int digits = i;
        while (i < end && b[i] >= '0' && b[i] <= '9')
        {
            v = v * 10 + (b[i++] - '0');
        }
        if (i == digits)
        {
            throw new IOException(p + ": a decision without a record index at byte " + start);
        }
        return v;
    }

    /** @return decision lines found (equal to the records when {@link #index} returned). */
    public long lines()
    {
        return lines;
    }

    /**
     * Writes all decision lines in record order into {@code out} (closed at the end).
     *
     * @param out where the lines go.
     * @throws IOException on a read or write error.
     */
    public void mergeOrdered(final OutputStream out) throws IOException
    {
        final FileChannel[] channels = new FileChannel[parts.size()];
        try (OutputStream o = new BufferedOutputStream(out, 1 << 20))
        {
            for (int f = 0; f < channels.length; f++)
            {
                channels[f] = FileChannel.open(parts.get(f), StandardOpenOption.READ);
            }
            ByteBuffer line = ByteBuffer.allocate(1 << 16);
            for (int i = 0; i < where.length; i++)
            {
                final int n = lengths[i];
                if (line.capacity() < n)
                {
                    line = ByteBuffer.allocate(Integer.highestOneBit(n) * 2);
                }
                line.clear().limit(n);
                final FileChannel ch = channels[(int)(where[i] >>> 48)];
                final long offset = where[i] & 0xFFFF_FFFF_FFFFL;
                while (line.hasRemaining() && ch.read(line, offset + line.position()) > 0)
                {
                    continue;
                }
                o.write(line.array(), 0, n);
            }
        }
        finally
        {
            for (final FileChannel ch : channels)
            {
                if (ch != null)
                {
                    ch.close();
                }
            }
        }
    }

    /**
     * Merges into {@code DIR/decisions.jsonl} and removes the part files.
     *
     * @param directory the output directory.
     * @return the merged file.
     * @throws IOException on a read or write error.
     */
    public Path mergeInto(final Path directory) throws IOException
    {
        final Path merged = directory.resolve(ORDERED);
        mergeOrdered(Files.newOutputStream(merged));
        for (final Path p : parts)
        {
            Files.delete(p);
        }
        return merged;
    }
}
