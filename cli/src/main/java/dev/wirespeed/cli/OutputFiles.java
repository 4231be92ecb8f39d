package dev.wirespeed.cli;

import dev.wirespeed.sim.io.TruncatingFileOutput;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Output files and standard output of the commands, with one clear message (naming the file) for every way
 * writing can fail: an empty name, a directory, a missing directory, no permission, a full disk or a closed
 * pipe ({@link WirespeedCli} checks standard output after every command). Also bounded reads of input files
 * that must fit in memory.
 */
final class OutputFiles
{
    private OutputFiles()
    {
    }

    /**
     * Opens a file for writing (created or truncated), checking first what can be checked.
     *
     * @param file   the file named on the command line.
     * @param option the option that named it, for the message.
     * @return a buffered stream; write failures surface as {@link IOException}s to pass to {@link #writeFailed}.
     * @throws InvalidInputException when the file cannot be opened.
     */
    static OutputStream open(final Path file, final String option)
    {
        check(file, option);
        try
        {
            return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        }
        catch (final IOException ex)
        {
            throw writeFailed(file, ex);
        }
    }

    /**
     * As {@link #open}, for a large output written in blocks by another thread, unbuffered: the file is truncated by
     * its first write, flush or close ({@link TruncatingFileOutput}), so on the thread that writes it.
     *
     * @param file   the file named on the command line.
     * @param option the option that named it, for the message.
     * @return the stream; write failures surface as {@link IOException}s (on a later write, flush or close).
     * @throws InvalidInputException when the file cannot be opened.
     */
    static OutputStream openTruncatedByWriter(final Path file, final String option)
    {
        check(file, option);
        try
        {
            // not TRUNCATE_EXISTING: the writer thread truncates, so freeing an earlier file's pages costs this
            // thread nothing
            return new TruncatingFileOutput(
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        }
        catch (final IOException ex)
        {
            throw writeFailed(file, ex);
        }
    }

    private static void check(final Path file, final String option)
    {
        if (file.toString().isEmpty())
        {
            throw new InvalidInputException(option + ": an empty file name");
        }
        if (Files.isDirectory(file))
        {
            throw new InvalidInputException(file + ": cannot write: it is a directory");
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
        {
            throw new InvalidInputException(file + ": cannot create: no such directory " + parent);
        }
    }

    /**
     * @param file the file being written.
     * @param ex   what went wrong.
     * @return the exception to throw: the file and the reason in one line.
     */
    static InvalidInputException writeFailed(final Path file, final IOException ex)
    {
        return new InvalidInputException(file + ": cannot write: " + reason(ex));
    }

    /**
     * Reads an input file that must fit in memory, refusing special files and files over a limit.
     *
     * @param file  the file.
     * @param limit most bytes read.
     * @param what  what the file holds, for messages.
     * @return the bytes.
     * @throws InvalidInputException when it cannot be read or is too big.
     */
    static byte[] readBounded(final Path file, final int limit, final String what)
    {
        if (!Files.exists(file))
        {
            throw new InvalidInputException(file + ": no such file");
        }
        if (!Files.isRegularFile(file))
        {
            throw new InvalidInputException(file + ": not a regular file (a directory, FIFO or device is never read as "
                + what + ")");
        }
        try
        {
            if (Files.size(file) > limit)
            {
                throw new InvalidInputException(file + ": " + what + " file is " + Files.size(file)
                    + " bytes, over the limit of " + limit);
            }
            try (InputStream in = Files.newInputStream(file))
            {
                final byte[] bytes = in.readNBytes(limit);
                if (in.read() >= 0)
                {
                    throw new InvalidInputException(file + ": " + what + " file grew past the limit of " + limit
                        + " bytes while it was read");
                }
                return bytes;
            }
        }
        catch (final IOException ex)
        {
            throw new InvalidInputException(file + ": cannot read: " + reason(ex));
        }
    }

    static String reason(final IOException ex)
    {
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (ex instanceof FileSystemException && ((FileSystemException)ex).getReason() != null)
        {
            return ((FileSystemException)ex).getReason();
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }
}
