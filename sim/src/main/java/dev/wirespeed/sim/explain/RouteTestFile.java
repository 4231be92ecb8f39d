package dev.wirespeed.sim.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirespeed.control.config.Diagnostic;
import dev.wirespeed.control.config.YamlFiles;
import dev.wirespeed.control.config.YamlNode;
import dev.wirespeed.sim.jsonl.RequestLineParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a route test file (docs/user-guide.md, "Route tests"): YAML with a {@code tests} list, each test a
 * {@code name}, a {@code request} (the fields of a JSONL trace line, parsed by the same parser, plus
 * {@code id}) and an {@code expect} mapping of decision fields. Every problem is reported with its
 * {@code file:line:column} and the YAML path, all of them, not only the first.
 */
public final class RouteTestFile
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern QUOTED_FIELD = java.util.regex.Pattern.compile("^\"([^\"]+)\"");
    private static final Set<String> TEST_KEYS = Set.of("name", "request", "expect");

    private RouteTestFile()
    {
    }

    /** A test file that does not read: every problem, formatted {@code file:line:col: error: path: message}. */
    public static final class BadTestFileException extends Exception
    {
        private static final long serialVersionUID = 1L;

        /** @param problems the problems, one a line. */
        public BadTestFileException(final List<String> problems)
        {
            super(String.join(System.lineSeparator(), problems));
        }
    }

    /**
     * @param file a test file.
     * @return its tests, in order.
     * @throws IOException          when it cannot be read.
     * @throws BadTestFileException when it is not a valid test file.
     */
    public static List<RouteTest> load(final Path file) throws IOException, BadTestFileException
    {
        final YamlFiles.Read read;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            read = YamlFiles.read(file.toString(), in);
        }
        catch (final java.nio.charset.CharacterCodingException e)
        {
            throw new BadTestFileException(List.of(file + ": not UTF-8 text (is it a route test file?)"));
        }
        final List<Diagnostic> problems = new ArrayList<>(read.problems());
        final List<RouteTest> tests = new ArrayList<>();
        if (read.documents().isEmpty() && problems.isEmpty())
        {
            throw new BadTestFileException(List.of(file + ": no tests (expected a mapping with a `tests` list)"));
        }
        for (final YamlNode doc : read.documents())
        {
            final YamlNode list = doc.isMap() ? doc.get("tests") : null;
            if (list == null || !list.isSeq())
            {
                problems.add(YamlFiles.error(list == null ? doc : list, "expected a mapping with a `tests` list, found "
                        + (list == null ? doc.describe() : list.describe())));
                continue;
            }
            for (final YamlNode t : list.items())
            {
                final RouteTest test = test(t, problems);
                if (test != null)
                {
                    tests.add(test);
                }
            }
        }
        if (!problems.isEmpty())
        {
            final List<String> lines = new ArrayList<>();
            for (final Diagnostic d : problems)
            {
                lines.add(d.format());
            }
            throw new BadTestFileException(lines);
        }
        return tests;
    }

    private static RouteTest test(final YamlNode t, final List<Diagnostic> problems)
    {
        if (!t.isMap())
        {
            problems.add(YamlFiles.error(t, "expected a test (name, request, expect), found " + t.describe()));
            return null;
        }
        final int before = problems.size();
        for (final Map.Entry<String, YamlNode> e : t.fields().entrySet())
        {
            if (!TEST_KEYS.contains(e.getKey()))
            {
                problems.add(YamlFiles.error(t.key(e.getKey()), "unknown field `" + e.getKey()
                        + "` (a test has name, request, expect)"));
            }
        }
        final YamlNode name = t.get("name");
        if (name == null || !name.isScalar() || name.isNull())
        {
            problems.add(YamlFiles.error(name == null ? t : name, "expected a `name` string"));
        }
        final dev.wirespeed.control.model.HttpRequest request = request(t.get("request"), t, problems);
        final YamlNode expect = t.get("expect");
        final Map<String, String> fields = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<String> removed = new ArrayList<>();
        if (expect == null || !expect.isMap() || expect.fields().isEmpty())
        {
            problems.add(YamlFiles.error(expect == null ? t : expect, "expected an `expect` mapping of decision "
                    + "fields (" + String.join(", ", RouteTest.FIELDS) + ", headers, removedHeaders)"));
        }
        else
        {
            expectations(expect, fields, headers, removed, problems);
        }
        if (problems.size() > before)
        {
            return null;
        }
        return new RouteTest(name.text(), t.file() + ":" + t.line() + ":" + t.column(), request, fields, headers,
                removed);
    }

    private static void expectations(final YamlNode expect, final Map<String, String> fields,
            final Map<String, String> headers, final List<String> removed, final List<Diagnostic> problems)
    {
        for (final Map.Entry<String, YamlNode> e : expect.fields().entrySet())
        {
            final YamlNode v = e.getValue();
            switch (e.getKey())
            {
                case "headers" ->
                {
                    if (!v.isMap())
                    {
                        problems.add(YamlFiles.error(v, "expected a mapping of header name to value, found "
                                + v.describe()));
                        continue;
                    }
                    for (final Map.Entry<String, YamlNode> h : v.fields().entrySet())
                    {
                        headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT),
                                h.getValue().isScalar() ? h.getValue().text() : null);
                    }
                }
                case "removedHeaders" ->
                {
                    if (!v.isSeq())
                    {
                        problems.add(YamlFiles.error(v, "expected a list of header names, found " + v.describe()));
                        continue;
                    }
                    for (final YamlNode h : v.items())
                    {
                        removed.add(h.text().toLowerCase(java.util.Locale.ROOT));
                    }
                }
                default ->
                {
                    if (!RouteTest.FIELDS.contains(e.getKey()))
                    {
                        problems.add(YamlFiles.error(expect.key(e.getKey()), "unknown decision field `" + e.getKey()
                                + "` (expected one of " + String.join(", ", RouteTest.FIELDS)
                                + ", headers, removedHeaders)"));
                    }
                    else if (v.isMap())
                    {
                        problems.add(YamlFiles.error(v, "expected a value, found " + v.describe()));
                    }
                    else
                    {
                        fields.put(e.getKey(), v.isSeq() ? list(v) : v.isNull() ? null : v.text());
                    }
                }
            }
        }
    }

    private static String list(final YamlNode seq)
    {
        final List<String> items = new ArrayList<>();
        for (final YamlNode i : seq.items())
        {
            items.add(i.text());
        }
        return String.join(",", items);
    }

    /** The request mapping, read by the JSONL trace parser (same fields, same defaults, same checks). */
    private static dev.wirespeed.control.model.HttpRequest request(final YamlNode r, final YamlNode test,
            final List<Diagnostic> problems)
    {
        if (r == null || !r.isMap())
        {
            problems.add(YamlFiles.error(r == null ? test : r, "expected a `request` mapping (the fields of a "
                    + "trace line: authority, path, headers, ...)"));
            return null;
        }
        long id = 0;
        final ObjectNode json = JSON.createObjectNode();
        for (final Map.Entry<String, YamlNode> e : r.fields().entrySet())
        {
            if (e.getKey().equals("id"))
            {
                if (e.getValue().scalarType() != YamlNode.ScalarType.INT)
                {
                    problems.add(YamlFiles.error(e.getValue(), "expected an integer id, found "
                            + e.getValue().describe()));
                    return null;
                }
                id = e.getValue().number().longValue();
                continue;
            }
            json.set(e.getKey(), toJson(e.getValue()));
        }
        final RequestLineParser.Result out = new RequestLineParser.Result();
        try
        {
            if (!new RequestLineParser().parse(JSON.writeValueAsString(json), id, out))
            {
                final String message = out.error().replaceFirst("^column \\d+: ", "");
                final java.util.regex.Matcher named = QUOTED_FIELD.matcher(message);
                final YamlNode at = named.find() && r.get(named.group(1)) != null ? r.get(named.group(1)) : r;
                problems.add(YamlFiles.error(at, message));
                return null;
            }
        }
        catch (final IOException ex)
        {
            problems.add(YamlFiles.error(r, ex.getMessage()));
            return null;
        }
        return out.request();
    }

    private static JsonNode toJson(final YamlNode n)
    {
        if (n.isMap())
        {
            final ObjectNode o = JSON.createObjectNode();
            for (final Map.Entry<String, YamlNode> e : n.fields().entrySet())
            {
                o.set(e.getKey(), toJson(e.getValue()));
            }
            return o;
        }
        if (n.isSeq())
        {
            final ArrayNode a = JSON.createArrayNode();
            for (final YamlNode i : n.items())
            {
                a.add(toJson(i));
            }
            return a;
        }
        return switch (n.scalarType())
        {
            case NULL -> JSON.nullNode();
            case INT -> JSON.getNodeFactory().numberNode(n.number().longValue());
            case FLOAT -> JSON.getNodeFactory().numberNode(n.number().doubleValue());
            case BOOLEAN -> JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(n.text()));
            default -> JSON.getNodeFactory().textNode(n.text());
        };
    }
}
