package dev.wirespeed.pipeline;

/** How the workers run. */
public enum ExecutionMode
{
    /** Each worker on its own thread, run by an Agrona {@code AgentRunner}. */
    THREADED,
    /**
     * No threads: the driving thread steps every worker in turn (Aeron invoker mode). Deterministic: the
     * same input and configuration give the same decisions and the same counters, run after run.
     */
    INLINE
}
