package dev.wirespeed.control.sample;

import java.util.List;
import java.util.SplittableRandom;

/** The random choices the generators make: an element of an array or list, an event of a given percent chance. */
abstract class Dice
{
    /** The seeded source every choice draws from. */
    protected final SplittableRandom rnd;

    Dice(final SplittableRandom rnd)
    {
        this.rnd = rnd;
    }

    final <T> T pick(final T[] a)
    {
        return a[rnd.nextInt(a.length)];
    }

    final <T> T pick(final List<T> a)
    {
        return a.get(rnd.nextInt(a.size()));
    }

    final boolean chance(final int percent)
    {
        return rnd.nextInt(100) < percent;
    }
}
