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
}
