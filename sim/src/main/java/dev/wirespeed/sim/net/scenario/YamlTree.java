package dev.wirespeed.sim.net.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows its file, line, column and path (Jackson's tree has no
 * locations): scalars as text, mappings in file order (a duplicate key is an error), lists.
 */
final class YamlTree
{
    final String file;
    final int line;
    final int column;
    final String path;
    final String text;
    final Map<String, YamlTree> fields;
    final List<YamlTree> items;

    private YamlTree(final String file, final JsonLocation at, final String path, final String text,
        final Map<String, YamlTree> fields, final List<YamlTree> items)
    {
        this.file = file;
        this.line = at.getLineNr();
        this.column = at.getColumnNr();
        this.path = path;
        this.text = text;
        this.fields = fields;
        this.items = items;
    }

    /**
     * Reads the first document of a YAML text.
     *
     * @param file   the name used in messages.
     * @param reader the text.
     * @return the root, or null for an empty document.
     * @throws ScenarioException for a syntax error or a duplicate key.
     */
    static YamlTree read(final String file, final Reader reader)
    {
        try (JsonParser p = new YAMLFactory().createParser(reader))
        {
            final JsonToken first = p.nextToken();
            return first == null ? null : node(file, p, "");
        }
        catch (final IOException e)
        {
            throw new ScenarioException(List.of(file + ": " + e.getMessage().split("\n")[0]));
        }
    }

    private static YamlTree node(final String file, final JsonParser p, final String path) throws IOException
    {
        final JsonLocation at = p.currentTokenLocation();
        final JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT)
        {
            final Map<String, YamlTree> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                final String key = p.currentName();
                final JsonLocation keyAt = p.currentTokenLocation();
                p.nextToken();
                final YamlTree child = node(file, p, path.isEmpty() ? key : path + "." + key);
                if (fields.put(key, child) != null)
                {
                    throw new ScenarioException(List.of(file + ":" + keyAt.getLineNr() + ":" + keyAt.getColumnNr()
                        + ": duplicate key '" + key + "'" + (path.isEmpty() ? "" : " in " + path)));
                }
            }
            return new YamlTree(file, at, path, null, fields, null);
        }
        if (t == JsonToken.START_ARRAY)
        {
            final List<YamlTree> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY)
            {
                items.add(node(file, p, path + "[" + items.size() + "]"));
            }
            return new YamlTree(file, at, path, null, null, items);
        }
        return new YamlTree(file, at, path, t == JsonToken.VALUE_NULL ? null : p.getText(), null, null);
    }

    /** @return "file:line:column". */
    String where()
    {
        return file + ":" + line + ":" + column;
    }

    boolean isMap()
    {
        return fields != null;
    }

    boolean isList()
    {
        return items != null;
    }

    boolean isScalar()
    {
        return fields == null && items == null && text != null;
    }

    YamlTree get(final String key)
    {
        return fields == null ? null : fields.get(key);
    }
}
