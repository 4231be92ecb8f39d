package dev.wirespeed.fib;

import dev.wirespeed.fib.l3.Ipv4Dir17Layout;
import dev.wirespeed.fib.l3.Ipv4Dir24Layout;
import dev.wirespeed.fib.l3.Ipv6TrieLayout;
import dev.wirespeed.fib.l3.LocalAddressesBuilder;
import dev.wirespeed.fib.l3.NextHopGroupsLayout;
import dev.wirespeed.fib.l7.AuthzLayout;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Layout;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A fingerprint of the FIB's section layouts: every {@code static final} int or long constant (record sizes,
 * field offsets, flags, magic numbers) of the classes that define them, by name and value, and the section ids.
 * It is written into each image's header, so an image saved by a build whose layouts differ in any constant is
 * refused when mapped instead of being read with the wrong offsets. Computed once, at class initialisation.
 */
public final class LayoutFingerprint
{
    /** The classes whose constants define how sections are laid out. */
    public static final List<Class<?>> LAYOUT_CLASSES = List.of(
        L7Layout.class, IndexedTable.class, Ipv4Dir24Layout.class, Ipv4Dir17Layout.class, Ipv6TrieLayout.class,
        NextHopGroupsLayout.class, LocalAddressesBuilder.class, AuthzLayout.class);

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private LayoutFingerprint()
    {
    }

    /**
     * Computes the fingerprint of the given layout classes and of {@link FibSection}'s ids.
     *
     * @param classes the layout classes.
     * @return a 64-bit FNV-1a hash of their constants' names and values, in name order per class.
     */
    public static long of(final List<Class<?>> classes)
    {
        long h = FNV_OFFSET;
        for (final Class<?> c : classes)
        {
            h = mix(h, "class"); // by position in the list, not by name: renaming a class changes no byte
            final Field[] fields = c.getDeclaredFields();
            Arrays.sort(fields, Comparator.comparing(Field::getName));
            for (final Field f : fields)
            {
                final int m = f.getModifiers();
                final Class<?> t = f.getType();
                if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || (t != int.class && t != long.class))
                {
                    continue;
                }
                h = mix(h, f.getName());
                h = mix(h, Long.toString(value(f)));
            }
        }
        for (final FibSection s : FibSection.values())
        {
            h = mix(h, s.name() + "=" + s.id());
        }
        return h;
    }

    private static long value(final Field f)
    {
        try
        {
            f.setAccessible(true);
            return f.getType() == int.class ? f.getInt(null) : f.getLong(null);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException("layout constant " + f + " unreadable", ex);
        }
    }

    private static long mix(final long hash, final String s)
    {
        long h = hash;
        for (int i = 0; i < s.length(); i++)
        {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return (h ^ 0xff) * FNV_PRIME; // a separator, so "ab"+"c" and "a"+"bc" differ
    }
}
