package dev.wirespeed.fib.decision;

import java.util.regex.Pattern;

/**
 * One row of a code table (id, kebab-case name, disposition), and the class-load checks of a table:
 * ids dense from 0 in order, names kebab-case and unique.
 */
final class Descriptor
{
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    final int id;
    final String name;
    final int disposition;

    Descriptor(final int id, final String name, final int disposition)
    {
        this.id = id;
        this.name = name;
        this.disposition = disposition;
    }

    /**
     * @param table a code table.
     * @return its names indexed by id.
     * @throws IllegalStateException on a duplicate or missing id, a duplicate name or a name not kebab-case.
     */
    static String[] names(final Descriptor[] table)
    {
        final String[] names = new String[table.length];
        for (final Descriptor d : table)
        {
            if (d.id < 0 || d.id >= table.length)
            {
                throw new IllegalStateException(
                    "code " + d.id + " (" + d.name + ") is outside 0.." + (table.length - 1));
            }
            if (names[d.id] != null)
            {
                throw new IllegalStateException("duplicate code " + d.id + ": " + names[d.id] + " and " + d.name);
            }
            if (!KEBAB.matcher(d.name).matches())
            {
                throw new IllegalStateException("code name must be kebab-case: '" + d.name + "'");
            }
            if (code(names, d.name) >= 0)
            {
                throw new IllegalStateException("duplicate code name: " + d.name);
            }
            names[d.id] = d.name;
        }
        return names;
    }

    static int[] dispositions(final Descriptor[] table)
    {
        final int[] dispositions = new int[table.length];
        for (final Descriptor d : table)
        {
            dispositions[d.id] = d.disposition;
        }
        return dispositions;
    }

    static int code(final String[] names, final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (name.equals(names[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
