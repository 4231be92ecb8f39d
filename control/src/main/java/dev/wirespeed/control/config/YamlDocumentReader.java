package dev.wirespeed.control.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

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
 */
final class YamlDocumentReader
{
    /** Big route tables: allow documents up to 1 GiB of code points (SnakeYAML's default is 3 MiB). */
    static final int CODE_POINT_LIMIT = 1 << 30;

    private final YAMLFactory factory;

    YamlDocumentReader()
    {
        final LoaderOptions loaderOptions = new LoaderOptions();
        loaderOptions.setCodePointLimit(CODE_POINT_LIMIT);
        loaderOptions.setNestingDepthLimit(200);
        factory = YAMLFactory.builder()
                .loaderOptions(loaderOptions)
                // "key:" with no value is null, as in Kubernetes ("key: ''" stays an empty string).
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNestingDepth(200)
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
                final YamlNode root = state.value(t, pathPrefix);
                if (!root.isNull() && !(root.isScalar() && root.text().isEmpty()))
                {
                    docs.add(root);
                }
            }
        }
        catch (final JsonProcessingException e)
        {
            final JsonLocation loc = e.getLocation();
            final YamlNode at = YamlNode.scalar(YamlNode.ScalarType.NULL, null, null, file,
                    loc == null ? 0 : loc.getLineNr() + lineOffset, loc == null ? 0 : loc.getColumnNr() + columnOffset,
                    pathPrefix);
            diags.error(at, "malformed YAML: " + firstLine(e.getOriginalMessage()));
        }
        catch (final IOException e)
        {
            diags.error(YamlNode.scalar(YamlNode.ScalarType.NULL, null, null, file, 0, 0, ""),
                    "cannot read: " + e.getMessage());
        }
        return docs;
    }

    private static String firstLine(final String s)
    {
        if (s == null)
        {
            return "syntax error";
        }
        final String trimmed = s.strip();
        final int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }

    /** Parsing state of one file: the parser, anchors seen so far. */
    private static final class State
    {
        private final String file;
        private final YAMLParser p;
        private final Diagnostics diags;
        private final Map<String, YamlNode> anchors = new HashMap<>();
        private final int lineOffset;
        private final int columnOffset;

        State(final String file, final YAMLParser p, final Diagnostics diags, final int lineOffset,
                final int columnOffset)
        {
            this.file = file;
            this.p = p;
            this.diags = diags;
            this.lineOffset = lineOffset;
            this.columnOffset = columnOffset;
        }

        YamlNode value(final JsonToken t, final String path) throws IOException
        {
            final JsonLocation loc = p.currentTokenLocation();
            final int line = loc.getLineNr() + lineOffset;
            final int column = loc.getColumnNr() + columnOffset;
            final String anchor = p.getObjectId();
            final YamlNode node;
            switch (t)
            {
                case START_OBJECT:
                    node = map(path, line, column);
                    break;
                case START_ARRAY:
                    node = seq(path, line, column);
                    break;
                default:
                    if (p.isCurrentAlias())
                    {
                        final YamlNode target = anchors.get(p.getText());
                        if (target != null)
                        {
                            return target;
                        }
                        final YamlNode here = YamlNode.scalar(YamlNode.ScalarType.NULL, null, null, file, line, column,
                                path);
                        diags.error(here, "unknown YAML alias *" + p.getText());
                        return here;
                    }
                    node = scalar(t, path, line, column);
                    break;
            }
            if (anchor != null)
            {
                anchors.put(anchor, node);
            }
            return node;
        }

        private YamlNode map(final String path, final int line, final int column) throws IOException
        {
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
                final YamlNode value = value(p.nextToken(), childPath);
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
            return YamlNode.map(fields, keys, file, line, column, path);
        }

        private YamlNode seq(final String path, final int line, final int column) throws IOException
        {
            final List<YamlNode> items = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY)
            {
                items.add(value(t, YamlNode.itemPath(path, items.size())));
            }
            return YamlNode.seq(items, file, line, column, path);
        }

        private YamlNode scalar(final JsonToken t, final String path, final int line, final int column)
                throws IOException
        {
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
