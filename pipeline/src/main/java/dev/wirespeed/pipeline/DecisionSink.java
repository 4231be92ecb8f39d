package dev.wirespeed.pipeline;

import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;

/**
 * Where decisions go (a decision writer, a simulator): called on the thread that drives the pipeline, in
 * input order (record index 0, 1, 2, ... with no gap, whatever the number of workers), once per record,
 * tail-dropped records included. Allocation-free per record.
 */
@FunctionalInterface
public interface DecisionSink
{
    /**
     * @param decision the decision, valid only during the call (copy what you keep).
     */
    void onDecision(DecisionDescriptor decision);
}
