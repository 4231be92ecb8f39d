package dev.wirespeed.control.config;

import dev.wirespeed.control.model.RoutingModel;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of one load: the resolved model and every diagnostic. When {@link #hasErrors()} the model
 * holds what could be bound and must not be used to forward.
 *
 * @param model       the resolved model.
 * @param diagnostics errors and warnings, sorted by file (load order), line and column.
 * @param kindCounts  documents loaded per kind, in a fixed order (VirtualService, DestinationRule,
 *                    Gateway, ServiceEntry, WorkloadEntry, Service, Pod, RouteTable); skipped kinds are
 *                    not counted.
 * @param files       the files read, in load order.
 */
public record LoadedConfig(
        RoutingModel model, List<Diagnostic> diagnostics, Map<String, Integer> kindCounts, List<String> files)
{
    /** @return whether any diagnostic is an error. */
    public boolean hasErrors()
    {
        for (final Diagnostic d : diagnostics)
        {
            if (d.isError())
            {
                return true;
            }
        }
        return false;
    }

    /** @return the errors only. */
    public List<Diagnostic> errors()
    {
        return filter(Diagnostic.Severity.ERROR);
    }

    /** @return the warnings only. */
    public List<Diagnostic> warnings()
    {
        return filter(Diagnostic.Severity.WARNING);
    }

    private List<Diagnostic> filter(final Diagnostic.Severity s)
    {
        final List<Diagnostic> out = new ArrayList<>();
        for (final Diagnostic d : diagnostics)
        {
            if (d.severity() == s)
            {
                out.add(d);
            }
        }
        return out;
    }

    /** @return every diagnostic formatted, one per line ({@code file:line:column: error: path: message}). */
    public List<String> formattedDiagnostics()
    {
        final List<String> out = new ArrayList<>();
        for (final Diagnostic d : diagnostics)
        {
            out.add(d.format());
        }
        return out;
    }

    /**
     * Prints every diagnostic, one per line.
     *
     * @param out where to print (usually stderr).
     */
    public void printDiagnostics(final PrintWriter out)
    {
        for (final Diagnostic d : diagnostics)
        {
            out.println(d.format());
        }
        out.flush();
    }

    /**
     * Prints every diagnostic, one per line.
     *
     * @param out where to print (usually {@code System.err}).
     */
    public void printDiagnostics(final PrintStream out)
    {
        for (final Diagnostic d : diagnostics)
        {
            out.println(d.format());
        }
        out.flush();
    }

    /** @return {@code "N errors, M warnings"}. */
    public String diagnosticCounts()
    {
        final int e = errors().size();
        final int w = warnings().size();
        return e + (e == 1 ? " error, " : " errors, ") + w + (w == 1 ? " warning" : " warnings");
    }
}
