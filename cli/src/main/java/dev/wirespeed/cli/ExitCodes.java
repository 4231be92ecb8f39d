package dev.wirespeed.cli;

import picocli.CommandLine;

/**
 * Exit codes of every {@code wirespeed} command: {@link #OK}, {@link #INVALID_INPUT}, {@link #USAGE}.
 *
 * <p>A command reports bad input by throwing {@link InvalidInputException}; its message is printed to
 * stderr as is (no stack trace) and the process exits with {@link #INVALID_INPUT}.
 */
public final class ExitCodes
{
    public static final int OK = 0;
    public static final int INVALID_INPUT = 1;
    public static final int USAGE = 2;

    private ExitCodes()
    {
    }

    static int forException(final Throwable t)
    {
        return t instanceof CommandLine.ParameterException ? USAGE : INVALID_INPUT;
    }

    static int handleExecutionException(
            final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
    {
        final var err = commandLine.getErr();
        if (ex instanceof InvalidInputException || ex instanceof dev.wirespeed.sim.EngineConfigException
            || ex instanceof dev.wirespeed.pipeline.counters.CountersFileException)
        {
            err.println(ex.getMessage());
        }
        else if (ex instanceof dev.wirespeed.sim.io.OutputWriteException
            || ex instanceof java.io.UncheckedIOException
                && ex.getCause() instanceof dev.wirespeed.sim.io.OutputWriteException)
        {
            // an output that could not be written (full disk, closed pipe, I/O error): the file and the reason
            err.println((ex instanceof java.io.UncheckedIOException ? ex.getCause() : ex).getMessage());
        }
        else if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException)
        {
            // A file system failure no command anticipated: still one line, naming the file when known.
            final java.io.IOException io = ex instanceof java.io.IOException ? (java.io.IOException)ex
                    : ((java.io.UncheckedIOException)ex).getCause();
            final String file = io instanceof java.nio.file.FileSystemException
                    ? ((java.nio.file.FileSystemException)io).getFile() : null;
            err.println("wirespeed: " + (file != null ? file + ": " : "") + "I/O error: " + OutputFiles.reason(io));
        }
        else
        {
            // An unexpected failure is a bug: say what it was in one line, stack trace only on request.
            err.println("wirespeed: internal error: " + ex);
            if (Boolean.getBoolean("wirespeed.debug"))
            {
                ex.printStackTrace(err);
            }
        }
        err.flush();
        return INVALID_INPUT;
    }
}
