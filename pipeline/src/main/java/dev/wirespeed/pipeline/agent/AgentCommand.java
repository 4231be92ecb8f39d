package dev.wirespeed.pipeline.agent;

/**
 * A command to one {@link ForwardingAgent}, sent on its MPSC queue ({@link ForwardingAgent#offer}) and run on
 * the agent's thread at the start of its next duty cycle, so only the agent ever mutates its own state
 * (Aeron's proxy pattern). Commands are control-path objects: allocating them is fine.
 */
public interface AgentCommand
{
    /**
     * Runs on the agent's thread.
     *
     * @param agent the agent.
     */
    void applyTo(ForwardingAgent agent);

    /** @return a command that makes the agent finish its batch and terminate. */
    static AgentCommand stop()
    {
        return ForwardingAgent::requestStop;
    }

    /**
     * @param generation the generation the agent must switch to now (bypassing the exchange).
     * @return the command.
     */
    static AgentCommand swapGeneration(final FibGeneration generation)
    {
        return agent -> agent.switchTo(generation);
    }

    /**
     * A request to copy the agent's counters at a batch boundary (a consistent snapshot).
     *
     * @return the request; offer it, then wait for {@link CounterSnapshotRequest#isDone()}.
     */
    static CounterSnapshotRequest snapshotCounters()
    {
        return new CounterSnapshotRequest();
    }

    /** The snapshot command and its result. */
    final class CounterSnapshotRequest implements AgentCommand
    {
        private long[] values;
        private volatile boolean done;

        @Override
        public void applyTo(final ForwardingAgent agent)
        {
            final long[] copy = new long[agent.counters().block().size()];
            agent.counters().block().copyTo(copy);
            values = copy;
            done = true; // sv: values written before done is seen
        }

        /** @return whether the agent has taken the snapshot. */
        public boolean isDone()
        {
            return done;
        }

        /** @return the worker's counter values by slot (see {@code WorkerCounters}); null until done. */
        public long[] values()
        {
            return done ? values : null;
        }
    }
}
