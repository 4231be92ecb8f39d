package dev.wirespeed.control.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads multi-document YAML ({@code ---}) into {@link YamlNode} trees with the Jackson YAML streaming
 * parser, recording each node's line and column. Duplicate keys are errors (Jackson would keep the last
 * one silently); a syntax error is reported with its position and ends that file (documents read before
 * it are kept). Anchors and aliases are resolved.
 *
 * <p>Hostile input is bounded (docs/limits.md lists every limit and its message): a scalar longer than
 * {@value #MAX_SCALAR_CHARS} characters, nesting deeper than {@value #MAX_DEPTH} levels, more than
 * {@value #MAX_ALIASES} aliases to collections in a file (SnakeYAML's {@code maxAliasesForCollections}) or
 * more than {@value #MAX_ALIAS_EXPANSION} nodes reached through aliases (an alias bomb) each end the file with
 * one error at the offending node. The size of a file is bounded by {@link ConfigLoader}.
 */
final class YamlDocumentReader
{
    /** Largest YAML text, code points (also the file size limit in bytes, see {@link ConfigLoader}). */
    static final int CODE_POINT_LIMIT = 64 << 20;
    /** Longest scalar, characters. */
    static final int MAX_SCALAR_CHARS = 1 << 20;
    /** Deepest nesting of mappings and sequences. */
    static final int MAX_DEPTH = 100;
    /** Most aliases to a mapping or sequence in one file (SnakeYAML's default maxAliasesForCollections). */
    static final int MAX_ALIASES = 50;
    /** Most nodes reached through aliases in one file, counting every copy an alias stands for. */
    static final long MAX_ALIAS_EXPANSION = 100_000;

    private final YAMLFactory factory;

    YamlDocumentReader()
    {
        final LoaderOptions loaderOptions = new LoaderOptions();
        loaderOptions.setCodePointLimit(CODE_POINT_LIMIT);
        // Our own depth check (with a position) fires first; these stay as a backstop.
        loaderOptions.setNestingDepthLimit(10 * MAX_DEPTH);
        factory = YAMLFactory.builder()
                .loaderOptions(loaderOptions)
                // "key:" with no value is null, as in Kubernetes ("key: ''" stays an empty string).
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNestingDepth(10 * MAX_DEPTH)
                        .build())
                .build();
    }

    /**
     * @param file   the name used in positions.
     * @param reader the YAML text.
     * @param diags  where syntax errors and duplicate keys go.
     * @return the non-empty documents, in order.
     */
    List<YamlNode> read(final String file, final Reader reader, final Diagnostics diags)
    {
        return read(file, reader, diags, 0, 0, "");
    }

    /**
     * Reads YAML embedded in another file (a ConfigMap value written as a literal block): every position
     * is shifted by the offsets, so diagnostics point into the outer file.
     *
     * @param file         the name used in positions.
     * @param reader       the YAML text.
     * @param diags        where syntax errors and duplicate keys go.
     * @param lineOffset   added to every line.
     * @param columnOffset added to every column.
     * @param pathPrefix   prepended to every field path (e.g. {@code data.mesh.}).
     * @return the non-empty documents, in order.
     */
    List<YamlNode> read(final String file, final Reader reader, final Diagnostics diags, final int lineOffset,
            final int columnOffset, final String pathPrefix)
    {
        final List<YamlNode> docs = new ArrayList<>();
        try (JsonParser p = factory.createParser(reader))
        {
            final State state = new State(file, (YAMLParser)p, diags, lineOffset, columnOffset);
            JsonToken t;
            while ((t = p.nextToken()) != null)
            {
                final YamlNode root = state.value(t, pathPrefix, 0);
                if (!root.isNull() && !(root.isScalar() && root.text().isEmpty()))
                {
                    docs.add(root);
                }
            }
        }
        catch (final LimitExceeded e)
        {
            diags.error(YamlNode.scalar(YamlNode.ScalarType.NULL, null, null, file, e.line, e.column, e.path),
                    e.getMessage());
        }
        catch (final JsonProcessingException e)
        {
            final SyntaxError error = syntaxError(e);
            final YamlNode at = YamlNode.scalar(YamlNode.ScalarType.NULL, null, null, file, error.line + lineOffset,
                    error.column + columnOffset, pathPrefix);
            diags.error(at, "malformed YAML: " + error.message);
        }
        catch (final IOException e)
        {
            diags.error(YamlNode.scalar(YamlNode.ScalarType.NULL, null, null, file, 0, 0, ""),
                    "cannot read: " + e.getMessage());
        }
        return docs;
    }

    /**
     * The whole of a parser's complaint, without its source snippet or Jackson's own names: SnakeYAML's
     * problem and context (e.g. "expected &lt;block end&gt;, but found '&lt;scalar&gt;' (while parsing a block
     * mapping started at line 1, column 1)") at the problem's position.
     */
    static SyntaxError syntaxError(final JsonProcessingException e)
    {
        final JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        String message = null;
        if (e.getCause() instanceof MarkedYAMLException)
        {
            final MarkedYAMLException marked = (MarkedYAMLException)e.getCause();
            final Mark problemMark = marked.getProblemMark();
            if (problemMark != null)
            {
                line = problemMark.getLine() + 1;
                column = problemMark.getColumn() + 1;
            }
            if (marked.getProblem() != null)
            {
                final StringBuilder sb = new StringBuilder(oneLine(marked.getProblem()));
                if (marked.getContext() != null)
                {
                    sb.append(" (").append(oneLine(marked.getContext()));
                    final Mark contextMark = marked.getContextMark();
                    if (contextMark != null)
                    {
                        sb.append(" started at line ").append(contextMark.getLine() + 1).append(", column ")
                                .append(contextMark.getColumn() + 1);
                    }
                    sb.append(')');
                }
                message = sb.toString();
            }
        }
        else if (e.getCause() instanceof YAMLException && e.getCause().getMessage() != null)
        {
            message = oneLine(e.getCause().getMessage());
        }
        if (message == null)
        {
            message = e.getOriginalMessage() == null ? "syntax error" : oneLine(e.getOriginalMessage()
                    .replaceAll("\\s*\\(from `[^`]*`\\)", "").replaceAll("`[A-Za-z.]+\\(\\)`", "a limit"));
        }
        return new SyntaxError(line, column, message);
    }

    private static String oneLine(final String s)
    {
        return s.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    /** A syntax error's position (1-based; 0 when unknown) and its message. */
    record SyntaxError(int line, int column, String message)
    {
    }

    /** A limit exceeded at a node: ends the file with one error there. */
    private static final class LimitExceeded extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;
        private final String path;

        LimitExceeded(final int line, final int column, final String path, final String message)
        {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
            this.path = path;
        }
    }

    /** Parsing state of one file: the parser, anchors seen so far. */
    private static final class State
    {
        private final String file;
        private final YAMLParser p;
        private final Diagnostics diags;
        private final Map<String, YamlNode> anchors = new HashMap<>();
        private final Map<String, Long> anchorSizes = new HashMap<>();
        private final int lineOffset;
        private final int columnOffset;
        private int aliases;
        private long expanded;
        /** Nodes in the value last returned by {@link #value}, counting what aliases stand for. */
        private long lastSize;

        State(final String file, final YAMLParser p, final Diagnostics diags, final int lineOffset,
                final int columnOffset)
        {
            this.file = file;
            this.p = p;
            this.diags = diags;
            this.lineOffset = lineOffset;
            this.columnOffset = columnOffset;
        }

        YamlNode value(final JsonToken t, final String path, final int depth) throws IOException
        {
            final JsonLocation loc = p.currentTokenLocation();
            final int line = loc.getLineNr() + lineOffset;
            final int column = loc.getColumnNr() + columnOffset;
            final String anchor = p.getObjectId();
            final YamlNode node;
            switch (t)
            {
                case START_OBJECT:
                case START_ARRAY:
                    if (depth >= MAX_DEPTH)
                    {
                        throw new LimitExceeded(line, column, path, "YAML nested deeper than " + MAX_DEPTH
                                + " levels of mappings and sequences");
                    }
                    node = t == JsonToken.START_OBJECT ? map(path, line, column, depth)
                            : seq(path, line, column, depth);
                    break;
                default:
                    if (p.isCurrentAlias())
                    {
                        return alias(path, line, column);
                    }
                    node = scalar(t, path, line, column);
                    lastSize = 1;
                    break;
            }
            if (anchor != null)
            {
                anchors.put(anchor, node);
                anchorSizes.put(anchor, lastSize);
            }
            return node;
        }

        private YamlNode alias(final String path, final int line, final int column) throws IOException
        {
            final String name = p.getText();
            final YamlNode target = anchors.get(name);
            if (target == null)
            {
                final YamlNode here = YamlNode.scalar(YamlNode.ScalarType.NULL, null, null, file, line, column, path);
                diags.error(here, "unknown YAML alias *" + name);
                lastSize = 1;
                return here;
            }
            lastSize = anchorSizes.get(name);
            if (!target.isScalar() && ++aliases > MAX_ALIASES)
            {
                throw new LimitExceeded(line, column, path, "more than " + MAX_ALIASES
                        + " YAML aliases to mappings or sequences in one file");
            }
            expanded = Math.min(Long.MAX_VALUE / 2, expanded + lastSize);
            if (expanded > MAX_ALIAS_EXPANSION)
            {
                throw new LimitExceeded(line, column, path, "YAML aliases expand to more than "
                        + MAX_ALIAS_EXPANSION + " nodes in one file (alias *" + name + " stands for " + lastSize
                        + ")");
            }
            return target;
        }

        private YamlNode map(final String path, final int line, final int column, final int depth)
                throws IOException
        {
            long size = 1;
            final LinkedHashMap<String, YamlNode> fields = new LinkedHashMap<>();
            final LinkedHashMap<String, YamlNode> keys = new LinkedHashMap<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME)
            {
                final String name = p.currentName();
                final JsonLocation kl = p.currentTokenLocation();
                final String childPath = YamlNode.childPath(path, name);
                final YamlNode key = YamlNode.scalar(YamlNode.ScalarType.STRING, name, null, file,
                        kl.getLineNr() + lineOffset, kl.getColumnNr() + columnOffset, childPath);
                final YamlNode value = value(p.nextToken(), childPath, depth + 1);
                size = Math.min(Long.MAX_VALUE / 2, size + 1 + lastSize);
                final YamlNode first = keys.get(name);
                if (first != null)
                {
                    diags.error(key, "duplicate key \"" + name + "\" (first written at line " + first.line()
                            + ", column " + first.column() + ")");
                    continue;
                }
                keys.put(name, key);
                fields.put(name, value);
            }
            if (t != JsonToken.END_OBJECT)
            {
                throw new IllegalStateException("unexpected token " + t);
            }
            lastSize = size;
            return YamlNode.map(fields, keys, file, line, column, path);
        }

        private YamlNode seq(final String path, final int line, final int column, final int depth)
                throws IOException
        {
            long size = 1;
            final List<YamlNode> items = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY)
            {
                items.add(value(t, YamlNode.itemPath(path, items.size()), depth + 1));
                size = Math.min(Long.MAX_VALUE / 2, size + lastSize);
            }
            lastSize = size;
            return YamlNode.seq(items, file, line, column, path);
        }

        private YamlNode scalar(final JsonToken t, final String path, final int line, final int column)
                throws IOException
        {
            final int length = p.getTextLength();
            if (length > MAX_SCALAR_CHARS)
            {
                throw new LimitExceeded(line, column, path, "YAML scalar of " + length
                        + " characters, over the limit of "
                        + MAX_SCALAR_CHARS);
            }
            final String text = p.getText();
            switch (t)
            {
                case VALUE_STRING:
                    return YamlNode.scalar(YamlNode.ScalarType.STRING, text, null, file, line, column, path);
                case VALUE_NUMBER_INT:
                    return YamlNode.scalar(YamlNode.ScalarType.INT, text, p.getNumberValue(), file, line, column,
                            path);
                case VALUE_NUMBER_FLOAT:
                    return YamlNode.scalar(YamlNode.ScalarType.FLOAT, text, p.getDoubleValue(), file, line, column,
                            path);
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return YamlNode.scalar(YamlNode.ScalarType.BOOLEAN, text, null, file, line, column, path);
                case VALUE_NULL:
                    return YamlNode.scalar(YamlNode.ScalarType.NULL, text, null, file, line, column, path);
                default:
                    // Embedded binary (!!binary) and the like: keep the text.
                    return YamlNode.scalar(YamlNode.ScalarType.STRING, text, null, file, line, column, path);
            }
        }
    }
}
