package dev.wirespeed.control.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node that knows where it was written: a mapping, a sequence or a scalar, with its 1-based line
 * and column and its field path inside the document ({@code spec.http[0].route}). Jackson's
 * {@code JsonNode} has no source location, so {@link YamlDocumentReader} builds these from the streaming
 * parser instead.
 *
 * <p>A scalar keeps the text as written ({@code yes}, {@code 0777}, {@code 1.0}) and what the YAML 1.1
 * resolver made of it ({@link ScalarType}); readers that expect a string take the text, so {@code on} or
 * {@code no} stay strings where a string is meant.
 */
public final class YamlNode
{
    /** The three node shapes. */
    public enum Shape
    {
        MAP, SEQ, SCALAR
    }

    /** What the YAML resolver made of a scalar. */
    public enum ScalarType
    {
        STRING, INT, FLOAT, BOOLEAN, NULL
    }

    private final Shape shape;
    private final ScalarType scalarType;
    private final String text;
    private final Number number;
    private final Map<String, YamlNode> fields;
    private final Map<String, YamlNode> keys;
    private final List<YamlNode> items;
    private final String file;
    private final int line;
    private final int column;
    private final String path;

    private YamlNode(
            final Shape shape,
            final ScalarType scalarType,
            final String text,
            final Number number,
            final Map<String, YamlNode> fields,
            final Map<String, YamlNode> keys,
            final List<YamlNode> items,
            final String file,
            final int line,
            final int column,
            final String path)
    {
        this.shape = shape;
        this.scalarType = scalarType;
        this.text = text;
        this.number = number;
        this.fields = fields;
        this.keys = keys;
        this.items = items;
        this.file = file;
        this.line = line;
        this.column = column;
        this.path = path;
    }

    static YamlNode scalar(
            final ScalarType type, final String text, final Number number, final String file, final int line,
            final int column, final String path)
    {
        return new YamlNode(Shape.SCALAR, type, text, number, Map.of(), Map.of(), List.of(), file, line, column, path);
    }

    static YamlNode map(
            final LinkedHashMap<String, YamlNode> fields, final LinkedHashMap<String, YamlNode> keys,
            final String file, final int line, final int column, final String path)
    {
        return new YamlNode(Shape.MAP, null, null, null, Collections.unmodifiableMap(fields),
                Collections.unmodifiableMap(keys), List.of(), file, line, column, path);
    }

    static YamlNode seq(
            final List<YamlNode> items, final String file, final int line, final int column, final String path)
    {
        return new YamlNode(Shape.SEQ, null, null, null, Map.of(), Map.of(), Collections.unmodifiableList(items), file,
                line, column, path);
    }

    public Shape shape()
    {
        return shape;
    }

    public boolean isMap()
    {
        return shape == Shape.MAP;
    }

    public boolean isSeq()
    {
        return shape == Shape.SEQ;
    }

    public boolean isScalar()
    {
        return shape == Shape.SCALAR;
    }

    public boolean isNull()
    {
        return shape == Shape.SCALAR && scalarType == ScalarType.NULL;
    }

    /** @return the scalar's resolved type, {@code null} for a map or a sequence. */
    public ScalarType scalarType()
    {
        return scalarType;
    }

    /** @return the scalar's text as written, {@code null} for a map or a sequence. */
    public String text()
    {
        return text;
    }

    /** @return the value of an {@code INT} or {@code FLOAT} scalar as the parser read it, else {@code null}. */
    public Number number()
    {
        return number;
    }

    /** @return a mapping's fields in document order (empty for other shapes). */
    public Map<String, YamlNode> fields()
    {
        return fields;
    }

    /**
     * @param name a field name.
     * @return a mapping's field, or {@code null}.
     */
    public YamlNode get(final String name)
    {
        return fields.get(name);
    }

    /**
     * @param name a field name of this mapping.
     * @return a scalar node standing for the key itself (where the key was written), or {@code null}.
     */
    public YamlNode key(final String name)
    {
        return keys.get(name);
    }

    /** @return a sequence's items (empty for other shapes). */
    public List<YamlNode> items()
    {
        return items;
    }

    public String file()
    {
        return file;
    }

    public int line()
    {
        return line;
    }

    public int column()
    {
        return column;
    }

    /** @return the field path inside the document, empty for the document root. */
    public String path()
    {
        return path;
    }

    /** @return a short description of the shape for error messages ("a mapping", "the string \"x\""). */
    public String describe()
    {
        switch (shape)
        {
            case MAP:
                return "a mapping";
            case SEQ:
                return "a list";
            default:
                switch (scalarType)
                {
                    case NULL:
                        return "null";
                    case STRING:
                        return "the string \"" + shown(text) + "\"";
                    case BOOLEAN:
                        return "the boolean " + text;
                    default:
                        return "the number " + text;
                }
        }
    }

    /**
     * A value as a one-line message shows it: line breaks and other control characters escaped, and cut after
     * 80 characters (a message stays one line whatever the input; found by ConfigLoaderFuzzTest).
     */
    private static String shown(final String text)
    {
        final StringBuilder sb = new StringBuilder(Math.min(text.length(), 90));
        for (int i = 0; i < text.length() && sb.length() < 80; i++)
        {
            final char c = text.charAt(i);
            if (c == '\n')
            {
                sb.append("\\n");
            }
            else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)
            {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.length() < 80 || text.length() <= 80 ? sb.toString() : sb + "...";
    }

    /**
     * @param parentPath a path.
     * @param name       a field name.
     * @return {@code parentPath.name} ({@code name} at the root; names with dots or brackets quoted).
     */
    static String childPath(final String parentPath, final String name)
    {
        final boolean plain = !name.isEmpty() && name.chars().allMatch(
                c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '/');
        final String part = plain ? name : "[\"" + name.replace("\"", "\\\"") + "\"]";
        if (parentPath.isEmpty())
        {
            return part;
        }
        return plain ? parentPath + "." + part : parentPath + part;
    }

    static String itemPath(final String parentPath, final int index)
    {
        return parentPath + "[" + index + "]";
    }
}
