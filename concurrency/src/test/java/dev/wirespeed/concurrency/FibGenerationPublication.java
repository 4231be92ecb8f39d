package dev.wirespeed.concurrency;

import dev.wirespeed.pipeline.agent.FibGeneration;
import dev.wirespeed.pipeline.agent.FibGenerationExchange;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The engine publishes generation 2 (built with plain writes); a worker reads the current generation. A worker
 * that sees generation 2 must see what was written into it before the publication.
 */
@JCStressTest
@Outcome(id = "1, 5", expect = ACCEPTABLE, desc = "the worker still sees generation 1")
@Outcome(id = "2, 7", expect = ACCEPTABLE, desc = "the worker sees generation 2, whole")
@Outcome(expect = FORBIDDEN, desc = "a generation seen before its contents")
@State
public class FibGenerationPublication
{
    private final FibGenerationExchange exchange = new FibGenerationExchange(1);

    /** Publishes generation 1 before the actors start. */
    public FibGenerationPublication()
    {
        exchange.publish(new Table(1, 5));
    }

    /** Builds and publishes generation 2. */
    @Actor
    public void engine()
    {
        final Table next = new Table(2, 0);
        next.contents = 7;
        exchange.publish(next);
    }

    /**
     * Reads the current generation once, as a worker does per batch.
     *
     * @param r its number and contents.
     */
    @Actor
    public void worker(final JI_Result r)
    {
        final Table current = (Table)exchange.current();
        r.r1 = current.generation();
        r.r2 = current.contents;
    }

    /** A stand-in forwarding table: mutable contents, so only the publication can make them visible. */
    static final class Table implements FibGeneration
    {
        private final long generation;
        int contents;

        Table(final long generation, final int contents)
        {
            this.generation = generation;
            this.contents = contents;
        }

        @Override
        public long generation()
        {
            return generation;
        }
    }
}
