package dev.wirespeed.fib.decision;

/**
 * The action codes of a decision, their kebab-case names and the {@link Disposition} each counts as.
 * {@link #NONE} is never final: a record left undecided is dropped with {@link Reasons#NO_DECISION}.
 *
 * <p>The table below is the one definition: ids are dense (they index counter arrays), names are what
 * the decision JSON and the counters print. A duplicate id or name fails when the class loads.
 */
public final class Actions
{
    /** Not decided (the initial value of a decision slot). */
    public static final int NONE = 0;
    /** L3: send out of the egress port towards the next hop. */
    public static final int FORWARD = 1;
    /** Discard, with a reason. */
    public static final int DROP = 2;
    /** Hand to the control plane / slow path, with a reason. */
    public static final int PUNT = 3;
    /** L7: route to a cluster endpoint. */
    public static final int ROUTE = 4;
    /** L7: answer with a redirect. */
    public static final int REDIRECT = 5;
    /** L7: answer with a direct response. */
    public static final int DIRECT = 6;
    /** L7: injected fault abort. */
    public static final int ABORT = 7;

    private static final Descriptor[] TABLE = {
        new Descriptor(NONE, "none", Disposition.DROPPED),
        new Descriptor(FORWARD, "forward", Disposition.FORWARDED),
        new Descriptor(DROP, "drop", Disposition.DROPPED),
        new Descriptor(PUNT, "punt", Disposition.PUNTED),
        new Descriptor(ROUTE, "route", Disposition.FORWARDED),
        new Descriptor(REDIRECT, "redirect", Disposition.ANSWERED),
        new Descriptor(DIRECT, "direct", Disposition.ANSWERED),
        new Descriptor(ABORT, "abort", Disposition.ANSWERED),
    };

    /** Number of action codes (ids are 0 to COUNT - 1). */
    public static final int COUNT = TABLE.length;

    private static final String[] NAMES = Descriptor.names(TABLE);
    private static final int[] DISPOSITIONS = Descriptor.dispositions(TABLE);

    private Actions()
    {
    }

    /**
     * @param action an action code.
     * @return its kebab-case name, or {@code "unknown"}.
     */
    public static String name(final int action)
    {
        return action >= 0 && action < COUNT ? NAMES[action] : "unknown";
    }

    /**
     * @param name a kebab-case action name.
     * @return its code, or -1.
     */
    public static int code(final String name)
    {
        return Descriptor.code(NAMES, name);
    }

    /**
     * @param action an action code (out-of-range codes count as dropped).
     * @return its {@link Disposition}.
     */
    public static int disposition(final int action)
    {
        return action >= 0 && action < COUNT ? DISPOSITIONS[action] : Disposition.DROPPED;
    }
}
