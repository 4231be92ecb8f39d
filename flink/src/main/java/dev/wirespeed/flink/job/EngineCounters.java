package dev.wirespeed.flink.job;

import dev.wirespeed.fib.decision.Actions;

/** The names of the engine functions' conservation accumulators: records in, and decisions by action. */
public final class EngineCounters
{
    /** Records that reached an engine instance. */
    public static final String RECORDS_IN = "engine.records-in";
    /** Prefix of the per-action decision counts ({@code engine.action.route}, ...). */
    public static final String ACTION_PREFIX = "engine.action.";
    /** Records the sources emitted. */
    public static final String RECORDS_READ = "source.records-read";
    /** Decisions handed to the file sink. */
    public static final String DECISIONS_WRITTEN = "sink.decisions-written";

    private EngineCounters()
    {
    }

    /** @return the engine counters: records in, then one per action code. */
    static String[] engineNames()
    {
        final String[] names = new String[Actions.COUNT + 1];
        names[0] = RECORDS_IN;
        for (int a = 0; a < Actions.COUNT; a++)
        {
            names[a + 1] = ACTION_PREFIX + Actions.name(a);
        }
        return names;
    }
}
