package dev.wirespeed.pipeline.counters;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

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
    /** Directory name prefix of the default location, followed by the pid, a dash and a random suffix. */
    public static final String DIRECTORY_PREFIX = "wirespeed-";

    private CountersFile()
    {
    }

    /** Largest counters file the writer creates and the reader accepts (1 GiB). */
    public static final long MAX_FILE_LENGTH = 1L << 30;

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /**
     * The name prefix of this process's default counters directory: {@code wirespeed-<pid>-}; the directory
     * itself gets a random suffix, as {@code mkdtemp(3)} makes.
     *
     * @return the prefix.
     */
    public static String defaultDirectoryPrefix()
    {
        return DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-";
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
     * Creates the counters file and maps it.
     *
     * <p>With no directory, a fresh one is made under {@link #defaultParent()} with {@code mkdtemp(3)}
     * semantics: a random name that did not exist ({@code wirespeed-<pid>-<random>}), mode 0700, never a
     * path someone else prepared (an existing name or a symbolic link fails the create), and its owner
     * checked. A given directory is created (0700) when absent; when present it must be a real directory
     * (not a symbolic link) owned by this user. The file itself is always created new (never replaced, links
     * not followed): a directory that already holds a counters file, running or stale, is refused with a
     * message, so two engines never share one file. {@link Mapping#delete()} removes only what this call
     * created.
     *
     * @param directory   where to create {@link #FILE_NAME}, or {@code null} for a fresh default directory.
     * @param maxCounters how many counters it must hold.
     * @return the mapping; header written.
     * @throws CountersFileException when the directory or file cannot be created safely.
     */
    static Mapping create(final Path directory, final int maxCounters)
    {
        final long length = (long)HEADER_LENGTH + (long)maxCounters * (CountersReader.METADATA_LENGTH
            + CountersReader.COUNTER_LENGTH);
        if (maxCounters < 0 || length > MAX_FILE_LENGTH)
        {
            throw new CountersFileException("too many counters (" + maxCounters + "): the counters file would exceed "
                + MAX_FILE_LENGTH + " bytes; use fewer workers or egress ports");
        }
        final Path dir;
        final boolean createdDirectory;
        if (directory == null)
        {
            dir = createPrivateDirectory(defaultParent());
            createdDirectory = true;
        }
        else if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
        {
            dir = checkExistingDirectory(directory);
            createdDirectory = false;
        }
        else
        {
            dir = createNamedDirectory(directory);
            createdDirectory = true;
        }
        final Path file = dir.resolve(FILE_NAME);
        final MappedByteBuffer mapped;
        try
        {
            mapped = createFile(file, length);
        }
        catch (final RuntimeException ex)
        {
            if (createdDirectory)
            {
                deleteQuietly(dir);
            }
            throw ex;
        }
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putInt(VERSION_OFFSET, VERSION);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid());
        header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        header.putLong(START_TIME_OFFSET, System.currentTimeMillis());
        final Mapping mapping = new Mapping(file, createdDirectory ? dir : null, mapped, header,
            new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength));
        header.putLongRelease(MAGIC_OFFSET, MAGIC); // so: header complete before the magic is seen
        return mapping;
    }

    private static Path createPrivateDirectory(final Path parent)
    {
        final Path dir;
        try
        {
            // createTempDirectory is mkdtemp: a random name, created exclusively (an existing name or a symbolic
            // link there fails the mkdir and another name is tried), mode 0700 on POSIX.
            dir = Files.createTempDirectory(parent, defaultDirectoryPrefix());
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new CountersFileException("cannot create a counters directory under " + parent + ": "
                + ex.getMessage());
        }
        try
        {
            checkOwnedDirectory(dir);
        }
        catch (final CountersFileException ex)
        {
            deleteQuietly(dir);
            throw ex;
        }
        return dir;
    }

    private static Path createNamedDirectory(final Path directory)
    {
        try
        {
            final Path parent = directory.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            if (supportsPosix(parent))
            {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            else
            {
                Files.createDirectory(directory);
            }
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new CountersFileException("counters directory " + directory + " appeared while being created; "
                + "choose another --counters-dir");
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new CountersFileException("cannot create counters directory " + directory + ": " + describe(ex));
        }
        return directory;
    }

    private static Path checkExistingDirectory(final Path directory)
    {
        if (Files.isSymbolicLink(directory))
        {
            throw new CountersFileException("counters directory " + directory + " is a symbolic link; "
                + "pass the directory it points to");
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            throw new CountersFileException("counters directory " + directory + " exists and is not a directory");
        }
        checkOwnedDirectory(directory);
        return directory;
    }

    private static void checkOwnedDirectory(final Path dir)
    {
        final int owner;
        try
        {
            owner = FileOwners.ownerOf(dir);
        }
        catch (final IOException ex)
        {
            throw new CountersFileException("cannot examine counters directory " + dir + ": " + describe(ex));
        }
        final int caller = FileOwners.caller();
        if (owner != FileOwners.UNKNOWN && caller != FileOwners.UNKNOWN && owner != caller)
        {
            throw new CountersFileException("counters directory " + dir + " is owned by uid " + owner
                + ", not by this user (uid " + caller + "); choose a directory of your own");
        }
    }

    private static MappedByteBuffer createFile(final Path file, final long length)
    {
        final Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        final boolean posix = supportsPosix(file.getParent());
        try (FileChannel channel = posix
            ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
            : FileChannel.open(file, options))
        {
            channel.write(ByteBuffer.wrap(new byte[1]), length - 1); // extends the new file, zero-filled
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new CountersFileException("counters directory " + file.getParent()
                + " already holds a counters file ("
                + file + ", another engine's or one left by a stopped engine); choose another --counters-dir, "
                + "or remove the file if no engine uses it");
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new CountersFileException("cannot create counters file " + file + ": " + describe(ex));
        }
    }

    private static boolean supportsPosix(final Path dir)
    {
        return dir != null && Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    private static String describe(final Exception ex)
    {
        if (ex instanceof FileSystemException)
        {
            final String reason = ((FileSystemException)ex).getReason();
            return reason != null ? reason : ex.getClass().getSimpleName().replace("Exception", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        }
        return String.valueOf(ex.getMessage());
    }

    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignored)
        {
            // best effort: only ever called on a path this process created
        }
    }

    /** One mapping of the file, with what its creation made (so that only that is ever deleted). */
    static final class Mapping implements AutoCloseable
    {
        final Path file;
        final Path createdDirectory;
        final MappedByteBuffer mapped;
        final UnsafeBuffer header;
        final UnsafeBuffer metadata;
        final UnsafeBuffer values;
        private boolean unmapped;

        Mapping(final Path file, final Path createdDirectory, final MappedByteBuffer mapped, final UnsafeBuffer header,
            final UnsafeBuffer metadata, final UnsafeBuffer values)
        {
            this.file = file;
            this.createdDirectory = createdDirectory;
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

        /**
         * Deletes the file this process created and the directory if this process created it and it is empty
         * (another file in it is someone else's: it and the directory stay). Unmaps first.
         */
        void delete()
        {
            close();
            deleteQuietly(file);
            if (createdDirectory != null)
            {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(createdDirectory))
                {
                    if (entries.iterator().hasNext())
                    {
                        return;
                    }
                }
                catch (final IOException ex)
                {
                    return;
                }
                deleteQuietly(createdDirectory);
            }
        }

        @Override
        public void close()
        {
            if (!unmapped)
            {
                unmapped = true;
                IoUtil.unmap(mapped);
            }
        }
    }
}
