package dev.wirespeed.pipeline.descriptor;

/**
 * Action codes a forwarder writes into {@link DecisionDescriptor#action}, their kebab-case names, and the
 * disposition each one counts as for conservation.
 *
 * <p>Conservation: every record in ends as exactly one of {@link #DISPOSITION_FORWARDED} ({@code forward},
 * {@code route}), {@link #DISPOSITION_ANSWERED} ({@code redirect}, {@code direct}, {@code abort}: the
 * engine answers the request itself), {@link #DISPOSITION_PUNTED} ({@code punt}) or
 * {@link #DISPOSITION_DROPPED} ({@code drop}, with a reason). {@link #NONE} is never a final action: the
 * agent turns it into a drop with reason {@code no-decision}.
 */
public final class Actions
{
    /** Not decided (the initial value of a decision slot). */
    public static final int NONE = 0;
    /** L3: send out of {@code egressPort} towards {@code nextHop}. */
    public static final int FORWARD = 1;
    /** Discard, with a reason. */
    public static final int DROP = 2;
    /** Hand to the control plane / slow path. */
    public static final int PUNT = 3;
    /** L7: route to a cluster endpoint. */
    public static final int ROUTE = 4;
    /** L7: answer with a redirect. */
    public static final int REDIRECT = 5;
    /** L7: answer with a direct response. */
    public static final int DIRECT = 6;
    /** L7: injected fault abort. */
    public static final int ABORT = 7;
    /** Number of action codes. */
    public static final int COUNT = 8;

    public static final int DISPOSITION_FORWARDED = 0;
    public static final int DISPOSITION_ANSWERED = 1;
    public static final int DISPOSITION_PUNTED = 2;
    public static final int DISPOSITION_DROPPED = 3;
    public static final int DISPOSITION_COUNT = 4;

    private static final String[] NAMES = {"none", "forward", "drop", "punt", "route", "redirect", "direct", "abort"};
    private static final String[] DISPOSITION_NAMES = {"forwarded", "answered", "punted", "dropped"};
    private static final int[] DISPOSITIONS = {
        DISPOSITION_DROPPED, DISPOSITION_FORWARDED, DISPOSITION_DROPPED, DISPOSITION_PUNTED,
        DISPOSITION_FORWARDED, DISPOSITION_ANSWERED, DISPOSITION_ANSWERED, DISPOSITION_ANSWERED};

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
        for (int i = 0; i < COUNT; i++)
        {
            if (NAMES[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param action an action code (out-of-range codes count as dropped).
     * @return its {@code DISPOSITION_*}.
     */
    public static int disposition(final int action)
    {
        return action >= 0 && action < COUNT ? DISPOSITIONS[action] : DISPOSITION_DROPPED;
    }

    /**
     * @param disposition a {@code DISPOSITION_*}.
     * @return its counter name ({@code forwarded}, {@code answered}, {@code punted}, {@code dropped}).
     */
    public static String dispositionName(final int disposition)
    {
        return DISPOSITION_NAMES[disposition];
    }
}
