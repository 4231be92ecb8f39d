package dev.wirespeed.cli;

/**
 * Bad input a command cannot go on with: the message is printed to stderr as is and the command exits 1.
 * The message says file, line and column where they are known, and what was expected.
 */
public final class InvalidInputException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public InvalidInputException(final String message)
    {
        super(message, null, false, false);
    }
}
