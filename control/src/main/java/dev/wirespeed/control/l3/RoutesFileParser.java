package dev.wirespeed.control.l3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Parses a routes text file: one route a line, {@code PREFIX NEXTHOP PORT} separated by spaces or tabs
 * ({@code 10.0.0.0/8 192.168.1.1 3}), IPv4 and IPv6, {@code #} comments to the end of a line, blank lines
 * ignored. Several lines for the same prefix form one ECMP group (the compiler groups them).
 *
 * <p>Hand-written byte-level parsing over the whole file read at once (a 1M-line file parses in a few
 * hundred milliseconds). Every bad line is reported as {@code file:line:column: message}; parsing goes
 * on after an error so that all errors (up to {@value #MAX_ERRORS} a file) are reported at once.
 */
public final class RoutesFileParser
{
    /** Errors reported per file before the rest are only counted. */
    public static final int MAX_ERRORS = 100;

    private RoutesFileParser()
    {
    }

    /**
     * Reads and parses a routes file.
     *
     * @param file        the file.
     * @param displayName the name used in messages (as the user wrote it).
     * @param sink        receives every valid route.
     * @param diagnostics receives every error.
     * @return the number of valid routes.
     */
    public static int parse(
            final Path file, final String displayName, final RouteSink sink, final List<L3Diagnostic> diagnostics)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            diagnostics.add(new L3Diagnostic(displayName, "cannot read routes file: " + describe(ex)));
            return 0;
        }
        return parse(bytes, displayName, sink, diagnostics);
    }

    static String describe(final IOException ex)
    {
        if (ex instanceof java.nio.file.NoSuchFileException)
        {
            return "no such file";
        }
        if (ex instanceof java.nio.file.AccessDeniedException)
        {
            return "permission denied";
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    /**
     * Parses routes-file content.
     *
     * @param bytes       the content.
     * @param displayName the name used in messages.
     * @param sink        receives every valid route.
     * @param diagnostics receives every error.
     * @return the number of valid routes.
     */
    public static int parse(
            final byte[] bytes, final String displayName, final RouteSink sink, final List<L3Diagnostic> diagnostics)
    {
        final IpSyntax prefix = new IpSyntax();
        final IpSyntax nextHop = new IpSyntax();
        final int[] fieldStart = new int[3];
        final int[] fieldEnd = new int[3];
        final int n = bytes.length;
        int errors = 0;
        int routes = 0;
        int line = 0;
        int pos = 0;
        while (pos < n)
        {
            line++;
            final int lineStart = pos;
            int lineEnd = pos;
            while (lineEnd < n && bytes[lineEnd] != '\n')
            {
                lineEnd++;
            }
            pos = lineEnd + 1;
            final int contentEnd = contentEnd(bytes, lineStart, lineEnd);
            final int fields = splitFields(bytes, lineStart, contentEnd, fieldStart, fieldEnd);
            if (fields == 0)
            {
                continue;
            }
            String error = null;
            int errorColumn = 1;
            if (fields != 3)
            {
                error = "expected 3 fields \"PREFIX NEXTHOP PORT\" (e.g. 10.0.0.0/8 192.168.1.1 3), found " + fields;
            }
            else if ((error = prefix.parsePrefix(bytes, fieldStart[0], fieldEnd[0])) != null)
            {
                errorColumn = fieldStart[0] - lineStart + 1;
            }
            else if ((error = nextHop.parseAddress(bytes, fieldStart[1], fieldEnd[1])) != null)
            {
                error = "bad next hop" + error.substring("bad address".length());
                errorColumn = fieldStart[1] - lineStart + 1;
            }
            else
            {
                final int ps = fieldStart[2];
                final int pe = fieldEnd[2];
                final int port = parsePort(bytes, ps, pe);
                if (port < 0 || port > L3Compiler.MAX_PORT)
                {
                    error = "bad port \"" + IpSyntax.text(bytes, ps, pe) + "\": expected an egress port number 0.."
                            + L3Compiler.MAX_PORT;
                    errorColumn = ps - lineStart + 1;
                }
                else
                {
                    if (prefix.family == 4)
                    {
                        sink.ipv4Route((int)prefix.lo, prefix.length,
                                nextHop.family, nextHop.hi, nextHop.lo, port, line);
                    }
                    else
                    {
                        sink.ipv6Route(prefix.hi, prefix.lo, prefix.length,
                                nextHop.family, nextHop.hi, nextHop.lo, port, line);
                    }
                    routes++;
                }
            }
            if (error != null)
            {
                errors++;
                if (errors <= MAX_ERRORS)
                {
                    diagnostics.add(new L3Diagnostic(displayName + ":" + line + ":" + errorColumn, error));
                }
            }
        }
        if (errors > MAX_ERRORS)
        {
            diagnostics.add(new L3Diagnostic(displayName, (errors - MAX_ERRORS) + " more errors not shown"));
        }
        return routes;
    }

    /** @return where a line's content ends: at its first {@code #}, or at its end. */
    private static int contentEnd(final byte[] bytes, final int lineStart, final int lineEnd)
    {
        for (int i = lineStart; i < lineEnd; i++)
        {
            if (bytes[i] == '#')
            {
                return i;
            }
        }
        return lineEnd;
    }

    /**
     * Splits a line's content into fields on spaces, tabs and a trailing CR.
     *
     * @param bytes      the file content.
     * @param from       the line's first byte.
     * @param to         one past the line content's last byte.
     * @param fieldStart receives the start of each of the first three fields.
     * @param fieldEnd   receives the end of each of the first three fields.
     * @return the number of fields on the line (which may be more than three).
     */
    private static int splitFields(
            final byte[] bytes, final int from, final int to, final int[] fieldStart, final int[] fieldEnd)
    {
        int fields = 0;
        int i = from;
        while (i < to)
        {
            final byte c = bytes[i];
            if (c == ' ' || c == '\t' || c == '\r')
            {
                i++;
                continue;
            }
            final int start = i;
            while (i < to && bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r')
            {
                i++;
            }
            if (fields < 3)
            {
                fieldStart[fields] = start;
                fieldEnd[fields] = i;
            }
            fields++;
        }
        return fields;
    }

    /** @return the port written as one to five decimal digits in {@code bytes[from, to)}, or -1. */
    private static int parsePort(final byte[] bytes, final int from, final int to)
    {
        int port = 0;
        boolean ok = to - from >= 1 && to - from <= 5;
        for (int k = from; ok && k < to; k++)
        {
            ok = bytes[k] >= '0' && bytes[k] <= '9';
            port = port * 10 + (bytes[k] - '0');
        }
        return ok ? port : -1;
    }
}
