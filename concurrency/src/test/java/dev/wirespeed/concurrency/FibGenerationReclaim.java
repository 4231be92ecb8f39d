package dev.wirespeed.concurrency;

import dev.wirespeed.pipeline.agent.FibGeneration;
import dev.wirespeed.pipeline.agent.FibGenerationExchange;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The engine publishes generation 2 and reclaims what no worker runs any more, while the worker picks up the
 * current generation and acknowledges it. Generation 1 may be freed only once the worker has moved past it.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the worker runs generation 1; nothing reclaimed")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "the worker moved to 2 after the engine looked")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the worker moved to 2; generation 1 reclaimed")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "generation 1 reclaimed while the worker runs it")
@State
public class FibGenerationReclaim
{
    private final FibGenerationExchange exchange = new FibGenerationExchange(1);

    /** Generation 1 is published and the worker runs it before the actors start. */
    public FibGenerationReclaim()
    {
        exchange.publish(() -> 1);
        exchange.acknowledge(0, 1);
    }

    /**
     * Publishes generation 2, then reclaims.
     *
     * @param r r2: 1 when generation 1 was handed back for freeing.
     */
    @Actor
    public void engine(final II_Result r)
    {
        exchange.publish(() -> 2);
        r.r2 = exchange.reclaim().isEmpty() ? 0 : 1;
    }

    /**
     * Reads the current generation and acknowledges it, as a worker does at a batch boundary.
     *
     * @param r r1: the generation the worker runs.
     */
    @Actor
    public void worker(final II_Result r)
    {
        final FibGeneration current = exchange.current();
        exchange.acknowledge(0, current.generation());
        r.r1 = (int)current.generation();
    }
}
