package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.model.HttpRequest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a JSONL request trace into {@link HttpRequest}s with the replay's rules, for the commands that want objects
 * ({@code graph --trace}, {@code bench l7}): lines bounded before they are held ({@link LineReader}), strict UTF-8
 * per line, a byte-order mark skipped, blank lines skipped; a bad line is reported as such (its line, column and
 * problem) and reading goes on.
 */
public final class RequestTraceReader implements Closeable
{
    private final LineReader in;
    private final RequestLineParser parser = new RequestLineParser();
    private final RequestLineParser.Result result = new RequestLineParser.Result();
    private HttpRequest request;
    private String error;
    private long records;

    /**
     * @param file the trace.
     * @throws IOException if it cannot be opened.
     */
    public RequestTraceReader(final Path file) throws IOException
    {
        this.in = new LineReader(file);
    }

    /**
     * Moves to the next record (a non-blank line).
     *
     * @return false at the end of the file.
     * @throws IOException on a read error.
     */
    public boolean next() throws IOException
    {
        while (in.next())
        {
            request = null;
            error = null;
            if (in.tooLong())
            {
                error = in.lineNumber() + ": line of " + in.tooLongBytes() + " bytes is over the limit of "
                    + in.maxLineBytes();
                records++;
                return true;
            }
            final byte[] b = in.array();
            final int invalid = Utf8.firstInvalid(b, in.offset(), in.offset() + in.length());
            if (invalid >= 0)
            {
                error = in.lineNumber() + ":" + Utf8.column(b, in.offset(), invalid) + ": not valid UTF-8 (byte 0x"
                    + Integer.toHexString(b[invalid] & 0xFF) + ")";
                records++;
                return true;
            }
            final String line = new String(b, in.offset(), in.length(), StandardCharsets.UTF_8);
            if (line.isBlank())
            {
                continue;
            }
            if (parser.parse(line, records, result))
            {
                request = result.request();
            }
            else
            {
                error = in.lineNumber() + ":" + result.error().replaceFirst("^column ", "");
            }
            records++;
            return true;
        }
        return false;
    }

    /** @return the current record's request, or {@code null} when the line is bad. */
    public HttpRequest request()
    {
        return request;
    }

    /** @return what is wrong with the current line ({@code line:column: problem}), or {@code null}. */
    public String error()
    {
        return error;
    }

    /** @return the current line's number. */
    public long lineNumber()
    {
        return in.lineNumber();
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }
}
