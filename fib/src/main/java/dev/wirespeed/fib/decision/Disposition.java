package dev.wirespeed.fib.decision;

/**
 * What a final decision counts as for conservation: every record in ends as exactly one of these.
 */
public final class Disposition
{
    /** Sent on ({@code forward}, {@code route}). */
    public static final int FORWARDED = 0;
    /** The engine answered the request itself ({@code redirect}, {@code direct}, {@code abort}). */
    public static final int ANSWERED = 1;
    /** Handed to the control plane ({@code punt}). */
    public static final int PUNTED = 2;
    /** Discarded, with a reason ({@code drop}). */
    public static final int DROPPED = 3;
    /** Number of dispositions. */
    public static final int COUNT = 4;

    private static final String[] NAMES = {"forwarded", "answered", "punted", "dropped"};

    private Disposition()
    {
    }

    /**
     * @param disposition a disposition.
     * @return its counter name ({@code forwarded}, {@code answered}, {@code punted}, {@code dropped}).
     */
    public static String name(final int disposition)
    {
        return NAMES[disposition];
    }
}
