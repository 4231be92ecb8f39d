package dev.wirespeed.pipeline.counters;

import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads another process's counters file (what {@code wirespeed stat} uses), treating it as untrusted input.
 *
 * <p>The file is never mapped and never read through Agrona's unchecked buffers: each snapshot copies the
 * file into a heap buffer (whose reads the JVM always bounds-checks, whatever
 * {@code agrona.disable.bounds.checks} says), and every length and offset (header lengths, counter
 * records, label lengths) is validated against what was read before it is used. A corrupt file gives a
 * {@link CountersFileException} naming the file and the field, never a crash. Files and directories not
 * owned by the caller or root are refused, and symbolic links are not followed.
 */
public final class CountersFileReader implements AutoCloseable
{
    /** Slack allowed between a writer process's start and the start time in its file, ms. */
    private static final long START_SLACK_MS = 5_000;

    private final Path file;
    private final FileChannel channel;
    private final long pid;
    private final long startTimeMs;
    private final int metadataLength;
    private final int valuesLength;
    private final ByteBuffer body;

    private CountersFileReader(final Path file, final FileChannel channel, final ByteBuffer header)
    {
        this.file = file;
        this.channel = channel;
        this.pid = header.getLong(CountersFile.PID_OFFSET);
        this.startTimeMs = header.getLong(CountersFile.START_TIME_OFFSET);
        this.metadataLength = header.getInt(CountersFile.METADATA_LENGTH_OFFSET);
        this.valuesLength = header.getInt(CountersFile.VALUES_LENGTH_OFFSET);
        this.body = ByteBuffer.allocate(metadataLength + valuesLength).order(ByteOrder.nativeOrder());
    }

    /**
     * Opens the counters file in a directory.
     *
     * @param directory the counters directory.
     * @return the reader.
     * @throws CountersFileException with a one-line message when there is no counters file there, or it is not
     *                               one, is corrupt, or is owned by someone other than the caller or root.
     */
    public static CountersFileReader open(final Path directory)
    {
        return open(directory, FileOwners.caller());
    }

    static CountersFileReader open(final Path directory, final int callerUid)
    {
        final Path file = directory.resolve(CountersFile.FILE_NAME);
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final IOException ex)
        {
            throw new CountersFileException("no counters file " + file
                + " (is an engine running with this counters directory?)");
        }
        if (!attributes.isRegularFile())
        {
            throw new CountersFileException(file + " is not a regular file (a symbolic link or special file is "
                + "never read)");
        }
        checkOwner(directory, callerUid);
        checkOwner(file, callerUid);
        if (attributes.size() < CountersFile.HEADER_LENGTH)
        {
            throw new CountersFileException(file + " is not a wirespeed counters file (too short: " + attributes.size()
                + " bytes)");
        }
        if (attributes.size() > CountersFile.MAX_FILE_LENGTH)
        {
            throw new CountersFileException(file + " is not a wirespeed counters file (" + attributes.size()
                + " bytes, over the limit of " + CountersFile.MAX_FILE_LENGTH + ")");
        }
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            final ByteBuffer header = ByteBuffer.allocate(CountersFile.HEADER_LENGTH).order(ByteOrder.nativeOrder());
            readFully(channel, header, 0, file);
            validateHeader(file, header, channel.size());
            final CountersFileReader reader = new CountersFileReader(file, channel, header);
            channel = null;
            return reader;
        }
        catch (final IOException ex)
        {
            throw new CountersFileException("cannot read counters file " + file + ": " + ex.getMessage());
        }
        finally
        {
            closeQuietly(channel);
        }
    }

    private static void checkOwner(final Path path, final int callerUid)
    {
        final int owner;
        try
        {
            owner = FileOwners.ownerOf(path);
        }
        catch (final IOException ex)
        {
            throw new CountersFileException("cannot examine " + path + ": " + ex.getMessage());
        }
        if (!FileOwners.trusted(owner, callerUid))
        {
            throw new CountersFileException(path + " is owned by uid " + owner + ", neither you (uid " + callerUid
                + ") nor root: not read");
        }
    }

    private static void validateHeader(final Path file, final ByteBuffer header, final long size)
    {
        if (header.getLong(CountersFile.MAGIC_OFFSET) != CountersFile.MAGIC
            || header.getInt(CountersFile.VERSION_OFFSET) != CountersFile.VERSION)
        {
            throw new CountersFileException(file + " is not a wirespeed counters file (bad magic or version)");
        }
        final int metadataLength = header.getInt(CountersFile.METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(CountersFile.VALUES_LENGTH_OFFSET);
        if (metadataLength < 0 || metadataLength % CountersReader.METADATA_LENGTH != 0)
        {
            throw new CountersFileException(file + " is corrupt: metadata length " + metadataLength
                + " is not a non-negative multiple of " + CountersReader.METADATA_LENGTH);
        }
        if (valuesLength < 0 || valuesLength % CountersReader.COUNTER_LENGTH != 0
            || valuesLength / CountersReader.COUNTER_LENGTH != metadataLength / CountersReader.METADATA_LENGTH)
        {
            throw new CountersFileException(file + " is corrupt: values length " + valuesLength
                + " does not match metadata length " + metadataLength);
        }
        final long needed = (long)CountersFile.HEADER_LENGTH + metadataLength + valuesLength;
        if (needed > size)
        {
            throw new CountersFileException(file + " is corrupt: its header declares " + needed
                + " bytes, the file has " + size);
        }
    }

    private static void readFully(final FileChannel channel, final ByteBuffer into, final long position,
        final Path file) throws IOException
    {
        into.clear();
        long at = position;
        while (into.hasRemaining())
        {
            final int n = channel.read(into, at);
            if (n < 0)
            {
                throw new CountersFileException(file + " is corrupt or shrank: it ends at byte " + at + ", "
                    + into.remaining() + " bytes short");
            }
            at += n;
        }
    }

    /**
     * Finds the counters directories of running engines: {@code wirespeed-*} under /dev/shm and java.io.tmpdir
     * holding a valid counters file owned by the caller or root whose writer is alive, newest first.
     *
     * @return the directories, possibly none.
     */
    public static List<Path> findLive()
    {
        return findLive(List.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir"))),
            FileOwners.caller());
    }

    static List<Path> findLive(final List<Path> parents, final int callerUid)
    {
        final List<Path> found = new ArrayList<>();
        final List<Long> starts = new ArrayList<>();
        for (final Path parent : parents)
        {
            if (!Files.isDirectory(parent))
            {
                continue;
            }
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, CountersFile.DIRECTORY_PREFIX + "*"))
            {
                for (final Path dir : dirs)
                {
                    if (found.contains(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
                    {
                        continue;
                    }
                    try (CountersFileReader r = open(dir, callerUid))
                    {
                        if (r.isWriterAlive())
                        {
                            int i = 0;
                            while (i < starts.size() && starts.get(i) >= r.startTimeMs())
                            {
                                i++;
                            }
                            found.add(i, dir);
                            starts.add(i, r.startTimeMs());
                        }
                    }
                    catch (final CountersFileException ignored)
                    {
                        // not ours, not trusted, or half written: skip
                    }
                }
            }
            catch (final IOException ignored)
            {
                // unreadable parent: nothing there for us
            }
        }
        return found;
    }

    /** @return pid of the writing process. */
    public long pid()
    {
        return pid;
    }

    /** @return when the writer created the file, epoch ms. */
    public long startTimeMs()
    {
        return startTimeMs;
    }

    /**
     * Whether the process that wrote the file still runs. A file whose pid names a process that cannot have
     * written it (started after the file, run by another user than the file's owner, or a start time in
     * the future) is taken as not alive: a planted file naming pid 1 does not pass for an engine.
     *
     * @return whether the writer is alive.
     */
    public boolean isWriterAlive()
    {
        if (pid <= 0 || startTimeMs > System.currentTimeMillis() + START_SLACK_MS)
        {
            return false;
        }
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive())
        {
            return false;
        }
        final ProcessHandle.Info info = process.get().info();
        final Optional<Instant> started = info.startInstant();
        if (started.isPresent() && started.get().toEpochMilli() > startTimeMs + START_SLACK_MS)
        {
            return false;
        }
        final Optional<String> user = info.user();
        if (user.isPresent())
        {
            try
            {
                if (!user.get().equals(Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName()))
                {
                    return false;
                }
            }
            catch (final IOException | UnsupportedOperationException ex)
            {
                return false;
            }
        }
        return true;
    }

    /** @return the file. */
    public Path file()
    {
        return file;
    }

    /**
     * Reads the current published values.
     *
     * @return the snapshot.
     * @throws CountersFileException when the file is corrupt (a bad record state, label length, or a short file).
     */
    public CounterSnapshot snapshot()
    {
        try
        {
            readFully(channel, body, CountersFile.HEADER_LENGTH, file);
        }
        catch (final IOException ex)
        {
            throw new CountersFileException("cannot read counters file " + file + ": " + ex.getMessage());
        }
        final int counters = metadataLength / CountersReader.METADATA_LENGTH;
        final CounterSnapshot.Builder builder = new CounterSnapshot.Builder();
        final byte[] label = new byte[CountersReader.MAX_LABEL_LENGTH];
        for (int id = 0; id < counters; id++)
        {
            final int record = id * CountersReader.METADATA_LENGTH;
            final int state = body.getInt(record);
            if (state == CountersReader.RECORD_UNUSED)
            {
                break;
            }
            if (state != CountersReader.RECORD_ALLOCATED)
            {
                continue;
            }
            final int typeId = body.getInt(record + CountersReader.TYPE_ID_OFFSET);
            final int block = body.getInt(record + CountersReader.KEY_OFFSET);
            final int labelLength = body.getInt(record + CountersReader.LABEL_OFFSET);
            if (labelLength < 0 || labelLength > CountersReader.MAX_LABEL_LENGTH)
            {
                throw new CountersFileException(file + " is corrupt: counter " + id + " has label length "
                    + labelLength + " (0 to " + CountersReader.MAX_LABEL_LENGTH + " expected)");
            }
            body.get(record + CountersReader.LABEL_OFFSET + Integer.BYTES, label, 0, labelLength);
            final long value = body.getLong(metadataLength + id * CountersReader.COUNTER_LENGTH);
            builder.add(new String(label, 0, labelLength, StandardCharsets.UTF_8), typeId, block, value);
        }
        return builder.build(pid, startTimeMs);
    }

    @Override
    public void close()
    {
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // read-only channel: nothing to lose
            }
        }
    }
}
