package dev.wirespeed.sim;

import java.util.List;

/**
 * The configuration does not load or compile. The message lists every problem, one a line, each as
 * {@code file:line:column: error: path: message}.
 */
public final class EngineConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems every problem, formatted.
     */
    public EngineConfigException(final List<String> problems)
    {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, formatted, one an entry. */
    public List<String> problems()
    {
        return problems;
    }
}
