package dev.wirespeed.control.config;

import dev.wirespeed.control.model.SourceRef;

import java.util.ArrayList;
import java.util.List;

/** Collects every {@link Diagnostic} of one load: errors are values, loading never stops at the first. */
final class Diagnostics
{
    private final List<Diagnostic> all = new ArrayList<>();

    void error(final YamlNode at, final String message)
    {
        all.add(new Diagnostic(Diagnostic.Severity.ERROR, ref(at), message));
    }

    void warning(final YamlNode at, final String message)
    {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, ref(at), message));
    }

    void error(final SourceRef at, final String message)
    {
        all.add(new Diagnostic(Diagnostic.Severity.ERROR, at, message));
    }

    void warning(final SourceRef at, final String message)
    {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, at, message));
    }

    int errorCount()
    {
        int n = 0;
        for (final Diagnostic d : all)
        {
            if (d.isError())
            {
                n++;
            }
        }
        return n;
    }

    List<Diagnostic> list()
    {
        return List.copyOf(all);
    }

    static SourceRef ref(final YamlNode n)
    {
        return new SourceRef(n.file(), n.line(), n.column(), n.path());
    }
}
