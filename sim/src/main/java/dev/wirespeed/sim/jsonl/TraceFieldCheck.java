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
        try (LineReader in = new LineReader(trace))
        {
            int lines = 0;
            while (lines++ < maxLines && in.next())
            {
                final String line = new String(in.array(), in.offset(), in.length(), StandardCharsets.UTF_8);
                for (final String field : topLevelFields(factory, line))
                {
                    if (!KNOWN.contains(field) && seen.add(field))
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
