package dev.wirespeed.pipeline;

/** The pipeline lost or invented records: records in differs from what came out. */
public final class ConservationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what does not add up.
     */
    public ConservationException(final String message)
    {
        super(message, null, false, false);
    }
}
