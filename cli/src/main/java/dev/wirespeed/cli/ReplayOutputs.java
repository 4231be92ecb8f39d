package dev.wirespeed.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The outputs of {@code replay}, checked before anything is opened: an output that is an input (the trace or a config
 * file, by any path or link) would be truncated before it is read, so the command refuses it with one line.
 */
final class ReplayOutputs
{
    /** The files {@code --pcap-out} writes: {@code port-N.pcap} and {@code port-N-linktype-L.pcap}. */
    private static final Pattern PORT_FILE = Pattern.compile("port-[0-9]+(-linktype-[0-9]+)?\\.pcap");

    private ReplayOutputs()
    {
    }

    /**
     * @param trace     the trace replayed.
     * @param configs   the {@code -c} files and directories.
     * @param decisions the {@code --decisions} file, {@code "-"} or {@code null}.
     * @param pcapOut   the {@code --pcap-out} directory, or {@code null}.
     * @throws InvalidInputException when an output would overwrite an input, or {@code --pcap-out} is not a directory.
     */
    static void refuseOutputsOverInputs(final Path trace, final List<Path> configs, final String decisions,
        final Path pcapOut)
    {
        if (decisions != null && !"-".equals(decisions) && !decisions.isEmpty())
        {
            final Path out = Path.of(decisions);
            if (same(out, trace))
            {
                throw new InvalidInputException("--decisions " + decisions + " is the trace being replayed (" + trace
                    + "): refused, it would be overwritten before it is read");
            }
            for (final Path config : configs)
            {
                if (same(out, config) || Files.isDirectory(config) && isYaml(out) && same(out.toAbsolutePath()
                    .getParent(), config))
                {
                    throw new InvalidInputException("--decisions " + decisions + " is a config file (" + config
                        + "): refused, it would be overwritten");
                }
            }
        }
        if (pcapOut != null)
        {
            if (Files.exists(pcapOut) && !Files.isDirectory(pcapOut))
            {
                throw new InvalidInputException(pcapOut + ": cannot write: --pcap-out must be a directory, this is a"
                    + " file");
            }
            if (Files.isDirectory(pcapOut))
            {
                refuseInputsIn(pcapOut, trace, configs);
            }
        }
    }

    private static void refuseInputsIn(final Path dir, final Path trace, final List<Path> configs)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir))
        {
            for (final Path f : files)
            {
                if (!PORT_FILE.matcher(f.getFileName().toString()).matches())
                {
                    continue;
                }
                boolean input = same(f, trace);
                for (final Path config : configs)
                {
                    input |= same(f, config);
                }
                if (input)
                {
                    throw new InvalidInputException("--pcap-out " + dir + ": " + f + " is an input of this replay:"
                        + " refused, it would be overwritten before it is read");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new InvalidInputException(dir + ": cannot read directory: " + OutputFiles.reason(ex));
        }
    }

    private static boolean isYaml(final Path file)
    {
        final String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Whether two paths name the same existing file (through links, relative paths, hard links). */
    private static boolean same(final Path a, final Path b)
    {
        if (a == null || b == null || !Files.exists(a) || !Files.exists(b))
        {
            return false;
        }
        try
        {
            return Files.isSameFile(a, b);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
