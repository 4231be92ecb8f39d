package dev.wirespeed.control.config;

import dev.wirespeed.control.model.SourceRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, position-aware access to the fields of one YAML mapping. Every type mismatch, missing required
 * field and (for strict objects) unknown field is reported to the {@link Diagnostics} with the node's
 * file, line, column and path; the getters then return a neutral value ({@code null}, 0, empty) so the
 * caller goes on and every error of the document is collected.
 *
 * <p>A field written as {@code null} (or with no value) counts as absent, as in protobuf and Kubernetes.
 * A string field takes the scalar's text as written, so YAML 1.1 words ({@code yes}, {@code on}) and
 * numbers stay strings where a string is expected.
 */
final class FieldReader
{
    /** What to do with a field the schema does not know. */
    enum Unknown
    {
        /** An error (Istio rejects unknown fields). */
        ERROR,
        /** A warning, and the field is ignored (core Kubernetes kinds: a newer API version may add fields). */
        WARN,
        /** Silently ignored (free-form or display-only parts). */
        IGNORE
    }

    private static final FieldReader ABSENT = new FieldReader(null, null);

    private final YamlNode node;
    private final Diagnostics diags;
    private final Set<String> reportedLists = new java.util.HashSet<>();
    /** Where a reader of a value that is not a mapping points its findings (null: nowhere, the value is absent). */
    private final YamlNode notAMapping;

    private FieldReader(final YamlNode node, final Diagnostics diags)
    {
        this(node, diags, null);
    }

    private FieldReader(final YamlNode node, final Diagnostics diags, final YamlNode notAMapping)
    {
        this.notAMapping = notAMapping;
        this.node = node;
        this.diags = diags;
    }

    /**
     * @param node    a mapping (anything else is reported as a type error), or {@code null}.
     * @param diags   where findings go.
     * @param unknown what to do with fields not in {@code known}.
     * @param known   the field names of this schema.
     * @return a reader; an absent one when {@code node} is null, a null scalar or not a mapping.
     */
    static FieldReader of(final YamlNode node, final Diagnostics diags, final Unknown unknown, final String... known)
    {
        if (node == null || node.isNull())
        {
            return ABSENT;
        }
        if (!node.isMap())
        {
            diags.error(node, "expected a mapping, got " + node.describe());
            return new FieldReader(null, null, node); // absent, but later findings keep this node's position
        }
        if (unknown != Unknown.IGNORE)
        {
            final Set<String> set = Set.of(known);
            for (final String name : node.fields().keySet())
            {
                if (!set.contains(name))
                {
                    final YamlNode key = node.key(name);
                    if (unknown == Unknown.ERROR)
                    {
                        diags.error(key, "unknown field \"" + name + "\"" + hint(name, known));
                    }
                    else
                    {
                        diags.warning(key, "unknown field \"" + name + "\" ignored");
                    }
                }
            }
        }
        return new FieldReader(node, diags);
    }

    private static String hint(final String name, final String[] known)
    {
        final List<String> sorted = new ArrayList<>(List.of(known));
        Collections.sort(sorted);
        for (final String k : sorted)
        {
            if (k.equalsIgnoreCase(name) || k.replace("_", "").equalsIgnoreCase(name.replace("_", "")))
            {
                return " (did you mean \"" + k + "\"?)";
            }
        }
        for (final String k : sorted)
        {
            if (name.length() >= 4 && editDistance(k.toLowerCase(), name.toLowerCase()) <= 2)
            {
                return " (did you mean \"" + k + "\"?)";
            }
        }
        return " (expected one of: " + String.join(", ", sorted) + ")";
    }

    /** Levenshtein distance, for "did you mean" hints on short field names. */
    static int editDistance(final String a, final String b)
    {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            final int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    boolean present()
    {
        return node != null;
    }

    YamlNode node()
    {
        return node;
    }

    Diagnostics diags()
    {
        return diags;
    }

    /**
     * @param name a field name.
     * @return whether the field is written with a non-null value.
     */
    boolean has(final String name)
    {
        return field(name) != null;
    }

    /**
     * @param name a field name.
     * @return the field's node, {@code null} when absent or written as null.
     */
    YamlNode field(final String name)
    {
        if (node == null)
        {
            return null;
        }
        final YamlNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /**
     * @param name a field name.
     * @return where a missing field would have been written: the mapping's position, the field's path.
     */
    SourceRef refOf(final String name)
    {
        final YamlNode v = field(name);
        if (v != null)
        {
            return Diagnostics.ref(v);
        }
        if (node == null)
        {
            return notAMapping == null ? SourceRef.NONE : Diagnostics.ref(notAMapping);
        }
        return new SourceRef(node.file(), node.line(), node.column(), YamlNode.childPath(node.path(), name));
    }

    void missing(final String name)
    {
        if (node != null)
        {
            diags.error(refOf(name), "missing required field \"" + name + "\"");
        }
    }

    String string(final String name)
    {
        return asString(field(name), diags);
    }

    String requiredString(final String name)
    {
        final String s = string(name);
        if (s == null && present() && !has(name))
        {
            missing(name);
        }
        return s;
    }

    /**
     * @param name a field name.
     * @param dflt the value when absent (or wrong).
     * @return the integer value.
     */
    long integer(final String name, final long dflt)
    {
        final YamlNode v = field(name);
        if (v == null)
        {
            return dflt;
        }
        final Long l = asLong(v, diags);
        return l == null ? dflt : l;
    }

    /**
     * @param name a field name.
     * @param min  smallest allowed value.
     * @param max  largest allowed value.
     * @param dflt the value when absent or wrong.
     * @return the value, range-checked (an out-of-range value is reported and {@code dflt} returned).
     */
    int integerIn(final String name, final long min, final long max, final int dflt)
    {
        final YamlNode v = field(name);
        if (v == null)
        {
            return dflt;
        }
        final Long l = asLong(v, diags);
        if (l == null)
        {
            return dflt;
        }
        if (l < min || l > max)
        {
            diags.error(v, "value " + l + " out of range " + min + ".." + max);
            return dflt;
        }
        return (int)(long)l;
    }

    boolean bool(final String name, final boolean dflt)
    {
        final YamlNode v = field(name);
        if (v == null)
        {
            return dflt;
        }
        if (v.isScalar() && v.scalarType() == YamlNode.ScalarType.BOOLEAN)
        {
            final String t = v.text().toLowerCase();
            return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
        }
        diags.error(v, "expected a boolean (true or false), got " + v.describe());
        return dflt;
    }

    /**
     * @param name a field name.
     * @return a double, {@code null} when absent or wrong.
     */
    Double number(final String name)
    {
        final YamlNode v = field(name);
        if (v == null)
        {
            return null;
        }
        if (v.isScalar() && v.number() != null)
        {
            return v.number().doubleValue();
        }
        if (v.isScalar() && v.scalarType() == YamlNode.ScalarType.STRING)
        {
            try
            {
                return Double.parseDouble(v.text());
            }
            catch (final NumberFormatException e)
            {
                // fall through to the error
            }
        }
        diags.error(v, "expected a number, got " + v.describe());
        return null;
    }

    FieldReader object(final String name, final Unknown unknown, final String... known)
    {
        return of(field(name), diags, unknown, known);
    }

    /**
     * @param name a field name.
     * @return the items of a list field, empty when absent or not a list (reported).
     */
    List<YamlNode> list(final String name)
    {
        final YamlNode v = field(name);
        if (v == null)
        {
            return List.of();
        }
        if (!v.isSeq())
        {
            // Callers may ask twice (emptiness, then items): report a wrong type once.
            if (reportedLists.add(name))
            {
                diags.error(v, "expected a list, got " + v.describe());
            }
            return List.of();
        }
        return v.items();
    }

    List<String> stringList(final String name)
    {
        final List<String> out = new ArrayList<>();
        for (final YamlNode item : list(name))
        {
            final String s = asString(item, diags);
            if (s != null)
            {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * @param name a field name.
     * @return a map of strings to strings ({@code labels}, {@code selector}), in document order.
     */
    Map<String, String> stringMap(final String name)
    {
        final YamlNode v = field(name);
        if (v == null)
        {
            return Map.of();
        }
        if (!v.isMap())
        {
            diags.error(v, "expected a mapping of strings, got " + v.describe());
            return Map.of();
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (final Map.Entry<String, YamlNode> e : v.fields().entrySet())
        {
            final String s = e.getValue().isNull() ? "" : asString(e.getValue(), diags);
            if (s != null)
            {
                out.put(e.getKey(), s);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    static String asString(final YamlNode v, final Diagnostics diags)
    {
        if (v == null || v.isNull())
        {
            return null;
        }
        if (!v.isScalar())
        {
            diags.error(v, "expected a string, got " + v.describe());
            return null;
        }
        return v.text();
    }

    static Long asLong(final YamlNode v, final Diagnostics diags)
    {
        if (v.isScalar() && v.scalarType() == YamlNode.ScalarType.INT)
        {
            final Number n = v.number();
            if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte)
            {
                return n.longValue();
            }
            diags.error(v, "integer " + v.text() + " is too large");
            return null;
        }
        if (v.isScalar() && v.scalarType() == YamlNode.ScalarType.STRING)
        {
            // protobuf JSON accepts integers written as strings ("80").
            try
            {
                return Long.parseLong(v.text().strip());
            }
            catch (final NumberFormatException e)
            {
                // fall through to the error
            }
        }
        diags.error(v, "expected an integer, got " + v.describe());
        return null;
    }
}
