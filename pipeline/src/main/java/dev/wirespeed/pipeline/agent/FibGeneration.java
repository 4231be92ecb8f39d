package dev.wirespeed.pipeline.agent;

/**
 * One published forwarding table: whatever the embedding code compiles (a {@code FibImage} and its table
 * flyweights), tagged with a strictly increasing generation number. The pipeline never looks inside: it
 * hands the object to each worker's {@link Forwarder#onGeneration} and tells the engine when every worker
 * has moved past it ({@link FibGenerationExchange#reclaim()}).
 */
public interface FibGeneration
{
    /** @return the generation number; later publications have larger numbers. */
    long generation();
}
