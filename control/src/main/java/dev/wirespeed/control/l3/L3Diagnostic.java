package dev.wirespeed.control.l3;

/**
 * One error found in L3 config: where, and what was expected.
 *
 * @param location {@code file:line[:column]} (or just the file when the line is unknown).
 * @param message  what is wrong and what was expected.
 */
public record L3Diagnostic(String location, String message)
{
    @Override
    public String toString()
    {
        return location + ": " + message;
    }
}
