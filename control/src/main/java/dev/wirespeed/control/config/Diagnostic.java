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

    /** @return the one-line form {@code file:line:column: error: path: message}. */
    public String format()
    {
        final StringBuilder sb = new StringBuilder(where.location()).append(": ").append(severity.label()).append(": ");
        if (!where.path().isEmpty())
        {
            sb.append(where.path()).append(": ");
        }
        return sb.append(message).toString();
    }

    @Override
    public String toString()
    {
        return format();
    }
}
