package dev.wirespeed.sim.explain;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.sim.jsonl.LineReader;
import dev.wirespeed.sim.jsonl.RequestLineParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Finds one record of a JSONL request trace as {@code replay} numbers them: the N-th non-blank line
 * (from 0, the decisions' {@code i}), parsed with the record's index as its id.
 */
public final class TraceRecords
{
    private TraceRecords()
    {
    }

    /**
     * @param trace a JSONL trace.
     * @param index the record index (0-based).
     * @return the request.
     * @throws IOException              when the file cannot be read.
     * @throws IllegalArgumentException naming the file and line, when the record is bad or missing.
     */
    public static HttpRequest read(final Path trace, final long index) throws IOException
    {
        if (index < 0)
        {
            throw new IllegalArgumentException("--record must be 0 or more, not " + index);
        }
        long seen = 0;
        try (LineReader in = new LineReader(trace))
        {
            while (in.next())
            {
                final String text = new String(in.array(), in.offset(), in.length(), StandardCharsets.UTF_8);
                if (text.isBlank())
                {
                    continue;
                }
                if (seen++ < index)
                {
                    continue;
                }
                final RequestLineParser.Result parsed = new RequestLineParser.Result();
                if (!new RequestLineParser().parse(text, index, parsed))
                {
                    throw new IllegalArgumentException(trace + ":" + in.lineNumber() + ":"
                            + parsed.error().replaceFirst("^column ", "") + " (record " + index
                            + " is dropped by replay as bad-record)");
                }
                return parsed.request();
            }
        }
        throw new IllegalArgumentException(trace + ": has " + seen + " records; there is no record " + index);
    }
}
