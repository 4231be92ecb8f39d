package dev.wirespeed.sim.net.event;

/**
 * The layout of an event payload: a 4-bit type, a 28-bit first argument and a 32-bit second argument in
 * one {@code long}, so an event is two primitives (time, payload) and never an object.
 *
 * <pre>
 *  63    60 59                       32 31                              0
 * +--------+---------------------------+---------------------------------+
 * |  type  |   a (0..2^28-1)           |   b (any int)                   |
 * +--------+---------------------------+---------------------------------+
 * </pre>
 */
public final class EventPayload
{
    /** Largest value of the first argument. */
    public static final int MAX_A = (1 << 28) - 1;

    private EventPayload()
    {
    }

    /**
     * @param type 0..15.
     * @param a    0..{@link #MAX_A}.
     * @param b    any int.
     * @return the payload.
     */
    public static long pack(final int type, final int a, final int b)
    {
        return ((long)type << 60) | ((long)(a & MAX_A) << 32) | (b & 0xFFFF_FFFFL);
    }

    /**
     * @param payload a payload.
     * @return its type.
     */
    public static int type(final long payload)
    {
        return (int)(payload >>> 60);
    }

    /**
     * @param payload a payload.
     * @return its first argument.
     */
    public static int a(final long payload)
    {
        return (int)(payload >>> 32) & MAX_A;
    }

    /**
     * @param payload a payload.
     * @return its second argument.
     */
    public static int b(final long payload)
    {
        return (int)payload;
    }
}
