package dev.wirespeed.cli;

import dev.wirespeed.sim.jsonl.TraceFieldCheck;
import dev.wirespeed.sim.replay.TraceKind;
import dev.wirespeed.sim.trace.TraceFileCheck;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
                return TraceKind.CAPTURE;
            default:
                for (final String w : TraceFieldCheck.warnings(trace, TraceFieldCheck.DEFAULT_LINES))
                {
                    err.println("warning: " + w);
                }
                err.flush();
                return TraceKind.REQUESTS;
        }
    }
}
