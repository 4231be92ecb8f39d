package dev.wirespeed.sim.replay;

/** Told how far a replay has got, for a progress bar. */
@FunctionalInterface
public interface ReplayProgress
{
    /** A progress sink that ignores everything. */
    ReplayProgress NONE = bytes ->
    {
    };

    /**
     * @param bytes bytes of the trace consumed so far.
     */
    void at(long bytes);

    /**
     * Polled by the replay's source before it reads each record: once true (a SIGINT or SIGTERM, say), ingress
     * stops, the records already read are forwarded and their decisions written whole, and the replay returns as
     * if the trace had ended there.
     *
     * @return whether the replay should stop reading.
     */
    default boolean stopRequested()
    {
        return false;
    }
}
