package dev.wirespeed.sim.replay;

import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionWriter;
import dev.wirespeed.sim.jsonl.RequestLineParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replays a JSONL request trace through an engine, in input order: one decision per non-blank line; a
 * bad line becomes {@code {"i":N,"action":"drop","reason":"bad-record"}}, is counted and reported (the
 * first {@link #MAX_REPORTED} on stderr with file:line:column, then a count).
 */
public final class RequestReplay
{
    /** How many bad records are described one by one on stderr. */
    public static final int MAX_REPORTED = 10;

    private static final RouteDecision BAD_RECORD = RouteDecision.drop("bad-record");

    private final Engine engine;
    private final PrintWriter err;
    private long badRecords;

    /**
     * @param engine the engine to route through.
     * @param err    where bad records are reported.
     */
    public RequestReplay(final Engine engine, final PrintWriter err)
    {
        this.engine = engine;
        this.err = err;
    }

    /**
     * @param trace     the JSONL trace.
     * @param decisions where decisions go, or {@code null} for none.
     * @param summary   tallies every decision.
     * @param progress  told how many bytes were read so far.
     * @throws IOException on a read or write error.
     */
    public void run(final Path trace, final DecisionWriter decisions, final ReplaySummary summary, final Progress progress)
            throws IOException
    {
        final RequestLineParser parser = new RequestLineParser();
        final RequestLineParser.Result parsed = new RequestLineParser.Result();
        final long start = System.nanoTime();
        long index = 0;
        long lineNumber = 0;
        long bytes = 0;
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                lineNumber++;
                bytes += line.length() + 1;
                if (line.isBlank())
                {
                    continue;
                }
                final RouteDecision d;
                if (parser.parse(line, index, parsed))
                {
                    d = engine.route(parsed.request());
                }
                else
                {
                    d = BAD_RECORD;
                    badRecord(trace, lineNumber, parsed.error());
                }
                if (decisions != null)
                {
                    decisions.write(index, d);
                }
                summary.count(d);
                index++;
                if ((index & 1023) == 0)
                {
                    progress.at(bytes);
                }
            }
        }
        progress.at(bytes);
        summary.elapsedNanos(System.nanoTime() - start);
        if (badRecords > MAX_REPORTED)
        {
            err.println(trace + ": " + (badRecords - MAX_REPORTED) + " more bad records not shown (" + badRecords + " in all)");
        }
        err.flush();
    }

    /** @return how many bad records the last run met. */
    public long badRecords()
    {
        return badRecords;
    }

    private void badRecord(final Path trace, final long line, final String error)
    {
        badRecords++;
        if (badRecords <= MAX_REPORTED)
        {
            err.println(trace + ":" + line + ":" + error.replaceFirst("^column ", "") + " (record dropped: bad-record)");
        }
    }

    /** Told how far a replay has got, for a progress bar. */
    public interface Progress
    {
        /** A progress sink that ignores everything. */
        Progress NONE = bytes -> { };

        /**
         * @param bytes bytes of the trace consumed so far.
         */
        void at(long bytes);
    }
}
