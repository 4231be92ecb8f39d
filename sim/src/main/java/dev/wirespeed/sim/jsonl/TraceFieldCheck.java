package dev.wirespeed.sim.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds trace fields that the format does not know but that look like a mistake ({@code host} for
 * {@code authority}, {@code paht} for {@code path}): the replay ignores unknown fields, so such a record is
 * silently routed without the value its author meant. One warning per field name, with a "did you mean".
 *
 * <p>Run before the replay over the first {@link #DEFAULT_LINES} lines (the replay loop itself stays as it is):
 * a field first misspelt further down is not reported. Names far from every known field (a user's own
 * annotation such as {@code comment}) are left alone.
 */
public final class TraceFieldCheck
{
    /** Lines read by default. */
    public static final int DEFAULT_LINES = 10_000;

    /** The fields of a request record (docs/formats.md). */
    public static final List<String> KNOWN = List.of("ts", "src", "dst", "port", "gateway", "sourceNamespace",
        "sourceLabels", "method", "scheme", "authority", "path", "headers");

    /** Names other tools use for a known field. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
        Map.entry("host", "authority"), Map.entry(":authority", "authority"), Map.entry("hostname", "authority"),
        Map.entry("uri", "path"), Map.entry("url", "path"), Map.entry(":path", "path"), Map.entry("target", "path"),
        Map.entry("timestamp", "ts"), Map.entry("time", "ts"), Map.entry("source", "src"),
        Map.entry("sourceip", "src"), Map.entry("destination", "dst"), Map.entry("destport", "port"),
        Map.entry("dport", "port"), Map.entry("verb", "method"), Map.entry(":method", "method"),
        Map.entry("header", "headers"), Map.entry("namespace", "sourceNamespace"),
        Map.entry("labels", "sourceLabels"), Map.entry("proto", "scheme"), Map.entry("protocol", "scheme"),
        Map.entry(":scheme", "scheme"));

    private TraceFieldCheck()
    {
    }

    /**
     * @param trace    a JSONL trace.
     * @param maxLines most lines read.
     * @return one warning per suspicious field name, {@code FILE:LINE: ...}, in the order first met.
     * @throws IOException when the file cannot be read.
     */
    public static List<String> warnings(final Path trace, final int maxLines) throws IOException
    {
        final List<String> out = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final JsonFactory factory = JsonFactory.builder().build();
        final FieldNames names = new FieldNames();
        try (LineReader in = new LineReader(trace))
        {
            int lines = 0;
            while (lines++ < maxLines && in.next())
            {
                for (final String field : names.unknown(factory, in.array(), in.offset(), in.length()))
                {
                    if (seen.add(field))
                    {
                        final String meant = suggestion(field);
                        if (meant != null)
                        {
                            out.add(trace + ":" + in.lineNumber() + ": unknown field \"" + field
                                + "\" is ignored; did you mean \"" + meant + "\"?");
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<String> topLevelFields(final JsonFactory factory, final String line)
    {
        final List<String> fields = new ArrayList<>();
        try (JsonParser p = factory.createParser(line))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                return fields;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                fields.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        }
        catch (final IOException ex)
        {
            // a line that is not JSON is the replay's to report, as a bad record
        }
        return fields;
    }

    /**
     * The top-level field names of a line, read at the byte level: the check runs on a cold JVM before the
     * replay, where Jackson over the first lines (a String and a parser per line) costs a tenth of a second. A
     * line whose names this does not read plainly (an escape in a name, a syntax error, deep nesting) goes to
     * Jackson as before, so the names found are Jackson's.
     */
    private static final class FieldNames extends JsonLineScanner
    {
        private static final byte[][] KNOWN_BYTES = KNOWN.stream()
            .map(k -> k.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

        private final List<String> unknown = new ArrayList<>();

        /** @return the line's top-level field names that are not {@link #KNOWN}, in order (a reused list). */
        List<String> unknown(final JsonFactory factory, final byte[] bytes, final int offset, final int length)
        {
            unknown.clear();
            line = bytes;
            pos = offset;
            end = offset + length;
            if (!scan())
            {
                unknown.clear();
                for (final String field : topLevelFields(factory, new String(bytes, offset, length,
                    StandardCharsets.UTF_8)))
                {
                    if (!KNOWN.contains(field))
                    {
                        unknown.add(field);
                    }
                }
            }
            return unknown;
        }

        /** @return whether the line is an object whose names were all read (no escapes, good syntax). */
        private boolean scan()
        {
            skipWhitespace();
            if (pos >= end || line[pos] != '{')
            {
                return false;
            }
            pos++;
            skipWhitespace();
            if (pos < end && line[pos] == '}')
            {
                return true;
            }
            while (pos < end)
            {
                skipWhitespace();
                if (pos >= end || line[pos] != '"')
                {
                    return false;
                }
                final int start = ++pos;
                while (pos < end && line[pos] != '"')
                {
                    final byte c = line[pos++];
                    if (c == '\\' || c >= 0 && c < 0x20)
                    {
                        return false;
                    }
                }
                if (pos >= end)
                {
                    return false;
                }
                name(start, pos - start);
                pos++;
                skipWhitespace();
                if (pos >= end || line[pos] != ':')
                {
                    return false;
                }
                pos++;
                skipWhitespace();
                if (!skipValue(0))
                {
                    return false;
                }
                skipWhitespace();
                if (pos >= end)
                {
                    return false;
                }
                final byte c = line[pos++];
                if (c == '}')
                {
                    return true;
                }
                if (c != ',')
                {
                    return false;
                }
            }
            return false;
        }

        private void name(final int start, final int n)
        {
            for (final byte[] known : KNOWN_BYTES)
            {
                if (known.length == n && regionEquals(start, known))
                {
                    return;
                }
            }
            unknown.add(new String(line, start, n, StandardCharsets.UTF_8));
        }
    }

    /**
     * @param field an unknown field name.
     * @return the known field it probably means, or {@code null} when it looks deliberate.
     */
    public static String suggestion(final String field)
    {
        final String lower = field.toLowerCase(Locale.ROOT);
        final String alias = ALIASES.get(lower);
        if (alias != null)
        {
            return alias;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String known : KNOWN)
        {
            final int d = distance(lower, known.toLowerCase(Locale.ROOT));
            if (d < bestDistance)
            {
                bestDistance = d;
                best = known;
            }
        }
        // one edit for short names (ts, src, dst, path), two for longer ones
        final int allowed = best.length() <= 4 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(final String a, final String b)
    {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
