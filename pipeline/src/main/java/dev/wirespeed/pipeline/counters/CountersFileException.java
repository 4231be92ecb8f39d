package dev.wirespeed.pipeline.counters;

/**
 * A counters directory or file that cannot be created, shared or read safely: the message names the path
 * and says what is wrong in one line (the CLI prints it as is and exits 1).
 */
public final class CountersFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the path.
     */
    public CountersFileException(final String message)
    {
        super(message, null, false, false);
    }
}
