package dev.wirespeed.sim.io;

import java.io.IOException;
import java.nio.file.FileSystemException;

/** Writing an output file failed: the file and the reason ({@code F: cannot write: No space left on device}). */
public final class OutputWriteException extends FileSystemException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the output file, as named on the command line.
     * @param reason why it failed.
     */
    public OutputWriteException(final String file, final String reason)
    {
        super(file, null, reason);
    }

    /**
     * @param file  the output file.
     * @param cause the write error.
     * @return the exception naming the file, with the cause's reason.
     */
    public static OutputWriteException of(final String file, final IOException cause)
    {
        if (cause instanceof OutputWriteException)
        {
            return (OutputWriteException)cause;
        }
        final String reason = cause instanceof FileSystemException && ((FileSystemException)cause).getReason() != null
            ? ((FileSystemException)cause).getReason()
            : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        final OutputWriteException ex = new OutputWriteException(file, reason);
        ex.initCause(cause);
        return ex;
    }

    @Override
    public String getMessage()
    {
        return getFile() + ": cannot write: " + getReason();
    }
}
