package dev.wirespeed.pipeline.counters;

import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens another process's counters file read-side (what {@code wirespeed stat} uses).
 */
public final class CountersFileReader implements AutoCloseable
{
    private final CountersFile.Mapping mapping;
    private final CountersReader reader;

    private CountersFileReader(final CountersFile.Mapping mapping)
    {
        this.mapping = mapping;
        this.reader = new CountersReader(mapping.metadata, mapping.values, StandardCharsets.UTF_8);
    }

    /**
     * Opens the counters file in a directory.
     *
     * @param directory the counters directory.
     * @return the reader.
     * @throws IllegalArgumentException with a one-line message when there is no counters file there.
     */
    public static CountersFileReader open(final Path directory)
    {
        final Path file = directory.resolve(CountersFile.FILE_NAME);
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException(
                "no counters file " + file + " (is an engine running with this counters directory?)");
        }
        return new CountersFileReader(CountersFile.open(file));
    }

    /**
     * Finds the counters directories of running engines: {@code wirespeed-*} under /dev/shm and java.io.tmpdir
     * holding a counters file whose writer is alive, newest first.
     *
     * @return the directories, possibly none.
     */
    public static List<Path> findLive()
    {
        final List<Path> parents = List.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")));
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
                    if (found.contains(dir) || !Files.isRegularFile(dir.resolve(CountersFile.FILE_NAME)))
                    {
                        continue;
                    }
                    try (CountersFileReader r = open(dir))
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
                    catch (final RuntimeException ignored)
                    {
                        // not ours, or half written: skip
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
        return mapping.pid();
    }

    /** @return when the writer created the file, epoch ms. */
    public long startTimeMs()
    {
        return mapping.startTimeMs();
    }

    /** @return whether the writing process still runs. */
    public boolean isWriterAlive()
    {
        return ProcessHandle.of(mapping.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** @return the file. */
    public Path file()
    {
        return mapping.file;
    }

    /** @return the current published values. */
    public CounterSnapshot snapshot()
    {
        return CounterSnapshot.read(reader, mapping.pid(), mapping.startTimeMs());
    }

    @Override
    public void close()
    {
        mapping.close();
    }
}
