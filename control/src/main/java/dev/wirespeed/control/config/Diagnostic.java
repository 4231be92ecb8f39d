package dev.wirespeed.control.config;

import dev.wirespeed.control.model.SourceRef;

/**
 * One finding of the loader: an error (the config is rejected) or a warning (Istio would accept it
 * and fail at request time, or Wirespeed ignores it).
 *
 * <p>Printed as {@code file:line:column: error: spec.http[0].route[0].destination.subset: message}
 * (the path left out for a document-level finding).
 *
 * @param severity error or warning.
 * @param where    file, line, column and field path.
 * @param message  what is wrong and what was expected.
 */
public record Diagnostic(Severity severity, SourceRef where, String message)
{
    /** How bad a finding is. */
    public enum Severity
    {
        ERROR, WARNING;

        /** @return {@code error} or {@code warning}, as printed. */
        public String label()
        {
            return this == ERROR ? "error" : "warning";
        }
    }

    public boolean isError()
    {
        return severity == Severity.ERROR;
    }

    /**
     * @return the one-line form {@code file:line:column: error: path: message}; line breaks and other control
     *         characters that came from the input (a quoted key spanning lines, found by ConfigLoaderFuzzTest)
     *         are escaped, so a message is always one line.
     */
    public String format()
    {
        final StringBuilder sb = new StringBuilder(where.location()).append(": ").append(severity.label()).append(": ");
        if (!where.path().isEmpty())
        {
            sb.append(where.path()).append(": ");
        }
        return oneLine(sb.append(message));
    }

    private static String oneLine(final CharSequence text)
    {
        final StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\n')
            {
                sb.append("\\n");
            }
            else if (c == '\r')
            {
                sb.append("\\r");
            }
            else if (c < 0x20 && c != '\t' || c == 0x7f || c == 0x2028 || c == 0x2029)
            {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString()
    {
        return format();
    }
}
