package dev.wirespeed.pipeline.agent;

/**
 * Makes the {@link Forwarder} of each worker (called once per worker, at pipeline construction, on the
 * constructing thread).
 */
@FunctionalInterface
public interface ForwarderFactory
{
    /**
     * @param worker the worker index, 0 to workers - 1.
     * @return that worker's forwarder.
     */
    Forwarder newForwarder(int worker);
}
