package dev.wirespeed.cli;

import dev.wirespeed.sim.jsonl.TraceFieldCheck;
import dev.wirespeed.sim.replay.TraceKind;
import dev.wirespeed.sim.trace.TraceFileCheck;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The checks every command that reads a trace or capture makes first: the file exists, is a capture or a JSONL
 * trace (anything else is refused in one line that names it), and a trace's misspelt fields are warned about
 * once each.
 */
final class TraceInputs
{
    private TraceInputs()
    {
    }

    /**
     * @param trace the file named on the command line.
     * @param err   where warnings go.
     * @return its kind.
     * @throws InvalidInputException when it is missing or neither a capture nor a trace.
     * @throws IOException           when it cannot be read.
     */
    static TraceKind check(final Path trace, final PrintWriter err) throws IOException
    {
        final Checked checked = start(trace);
        checked.report(err);
        return checked.kind();
    }

    /**
     * As {@link #check}, but a trace's field check (its first lines read on a cold JVM: about a tenth of a second)
     * runs on a thread of its own while the caller goes on (loading the config); {@link Checked#report} waits for
     * it and prints its warnings.
     *
     * @param trace the file named on the command line.
     * @return its kind and its pending warnings.
     * @throws InvalidInputException when it is missing or neither a capture nor a trace.
     * @throws IOException           when it cannot be read.
     */
    static Checked start(final Path trace) throws IOException
    {
        if (!Files.isRegularFile(trace))
        {
            throw new InvalidInputException(trace + (Files.exists(trace) ? ": not a regular file" : ": no such file"));
        }
        final TraceFileCheck.Verdict verdict = TraceFileCheck.check(trace);
        switch (verdict.kind())
        {
            case REFUSED:
                throw new InvalidInputException(verdict.problem());
            case CAPTURE:
                return new Checked(TraceKind.CAPTURE, null);
            default:
                final FutureTask<List<String>> warnings = new FutureTask<>(() ->
                {
                    try
                    {
                        return TraceFieldCheck.warnings(trace, TraceFieldCheck.DEFAULT_LINES);
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                });
                final Thread thread = new Thread(warnings, "trace-field-check");
                thread.setDaemon(true);
                thread.start();
                return new Checked(TraceKind.REQUESTS, warnings);
        }
    }

    /**
     * A checked input.
     *
     * @param kind     capture or request trace.
     * @param warnings a trace's field warnings being computed, or null.
     */
    record Checked(TraceKind kind, FutureTask<List<String>> warnings)
    {
        /**
         * Waits for the field check and prints its warnings (call it once).
         *
         * @param err where warnings go.
         * @throws IOException when the trace could not be read.
         */
        void report(final PrintWriter err) throws IOException
        {
            if (warnings == null)
            {
                return;
            }
            final List<String> lines;
            try
            {
                lines = warnings.get();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the trace's fields were checked");
            }
            catch (final ExecutionException ex)
            {
                if (ex.getCause() instanceof UncheckedIOException io)
                {
                    throw io.getCause();
                }
                throw new IllegalStateException(ex.getCause());
            }
            for (final String w : lines)
            {
                err.println("warning: " + w);
            }
            err.flush();
        }
    }
}
