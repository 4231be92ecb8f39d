package dev.wirespeed.pipeline.counters;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory-mapped counters file: a header, then Agrona's counters metadata, then the counter values.
 *
 * <pre>
 *   0                   8         12        16                  24        28        32                  40
 *   +-------------------+---------+---------+-------------------+---------+---------+-------------------+
 *   | magic "WSCNT001"  | version | (pad)   | pid (long)        | meta len| val len | start epoch ms    |
 *   +-------------------+---------+---------+-------------------+---------+---------+-------------------+
 *   | ... header padded to 4096 bytes                                                                   |
 *   +---------------------------------------------------------------------------------------------------+
 *   | metadata: 512 bytes per counter (state, type id, key, label)                                      |
 *   +---------------------------------------------------------------------------------------------------+
 *   | values: 128 bytes per counter (one long, padded to two cache lines)                               |
 *   +---------------------------------------------------------------------------------------------------+
 * </pre>
 *
 * <p>The writer stores the magic last (store-release), so a reader that sees the magic sees a complete header.
 */
public final class CountersFile
{
    public static final String FILE_NAME = "counters.dat";
    public static final long MAGIC = 0x313030544E435357L; // "WSCNT001" little-endian
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 4096;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int PID_OFFSET = 16;
    public static final int METADATA_LENGTH_OFFSET = 24;
    public static final int VALUES_LENGTH_OFFSET = 28;
    public static final int START_TIME_OFFSET = 32;
    /** Directory name prefix of the default location, followed by the pid. */
    public static final String DIRECTORY_PREFIX = "wirespeed-";

    private CountersFile()
    {
    }

    /**
     * The default counters directory of this process: {@code /dev/shm/wirespeed-<pid>} when /dev/shm exists,
     * else {@code <java.io.tmpdir>/wirespeed-<pid>}.
     *
     * @return the directory (not created).
     */
    public static Path defaultDirectory()
    {
        return defaultParent().resolve(DIRECTORY_PREFIX + ProcessHandle.current().pid());
    }

    /** @return /dev/shm when it is a writable directory, else java.io.tmpdir. */
    public static Path defaultParent()
    {
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Creates (or replaces) the counters file in a directory and maps it.
     *
     * @param directory  where to create {@link #FILE_NAME} (created if absent).
     * @param maxCounters how many counters it must hold.
     * @return the mapping; header written.
     */
    static Mapping create(final Path directory, final int maxCounters)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(
                "cannot create counters directory " + directory + ": " + ex.getMessage(), ex);
        }
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final File file = directory.resolve(FILE_NAME).toFile();
        if (file.exists() && !file.delete())
        {
            throw new UncheckedIOException(new IOException("cannot replace counters file " + file));
        }
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file, (long)HEADER_LENGTH + metadataLength + valuesLength);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putInt(VERSION_OFFSET, VERSION);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid());
        header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        header.putLong(START_TIME_OFFSET, System.currentTimeMillis());
        final Mapping mapping = new Mapping(file.toPath(), mapped, header,
            new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength));
        header.putLongRelease(MAGIC_OFFSET, MAGIC); // so: header complete before the magic is seen
        return mapping;
    }

    /**
     * Maps an existing counters file.
     *
     * @param file the file.
     * @return the mapping.
     * @throws IllegalArgumentException when the file is not a counters file.
     */
    static Mapping open(final Path file)
    {
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), "wirespeed counters");
        if (mapped.capacity() < HEADER_LENGTH)
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException(file + " is not a wirespeed counters file (too short)");
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        if (header.getLongVolatile(MAGIC_OFFSET) != MAGIC || header.getInt(VERSION_OFFSET) != VERSION)
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException(file + " is not a wirespeed counters file (bad magic or version)");
        }
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        if (metadataLength < 0 || valuesLength < 0
            || (long)HEADER_LENGTH + metadataLength + valuesLength > mapped.capacity())
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException(file + " is not a wirespeed counters file (bad lengths)");
        }
        return new Mapping(file, mapped, header,
            new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength));
    }

    /** One mapping of the file. */
    static final class Mapping implements AutoCloseable
    {
        final Path file;
        final MappedByteBuffer mapped;
        final UnsafeBuffer header;
        final UnsafeBuffer metadata;
        final UnsafeBuffer values;

        Mapping(final Path file, final MappedByteBuffer mapped, final UnsafeBuffer header, final UnsafeBuffer metadata,
            final UnsafeBuffer values)
        {
            this.file = file;
            this.mapped = mapped;
            this.header = header;
            this.metadata = metadata;
            this.values = values;
        }

        long pid()
        {
            return header.getLong(PID_OFFSET);
        }

        long startTimeMs()
        {
            return header.getLong(START_TIME_OFFSET);
        }

        @Override
        public void close()
        {
            IoUtil.unmap(mapped);
        }
    }
}
