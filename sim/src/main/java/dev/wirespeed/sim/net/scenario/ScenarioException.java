package dev.wirespeed.sim.net.scenario;

import java.util.List;

/** A scenario that does not load: every problem, each as {@code file:line:column: message}. */
public final class ScenarioException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems the messages, at least one.
     */
    public ScenarioException(final List<String> problems)
    {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the messages. */
    public List<String> problems()
    {
        return problems;
    }
}
