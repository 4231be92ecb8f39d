package dev.wirespeed.control.config;

import dev.wirespeed.control.model.SourceRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every {@link Diagnostic} of one load: errors are values, loading never stops at the first. A finding
 * already made at the same file, line and column with the same message (one node reached through several YAML
 * aliases) is kept once.
 */
final class Diagnostics
{
    private final List<Diagnostic> all = new ArrayList<>();
    private final Set<List<Object>> seen = new HashSet<>();

    void error(final YamlNode at, final String message)
    {
        add(new Diagnostic(Diagnostic.Severity.ERROR, ref(at), message));
    }

    void warning(final YamlNode at, final String message)
    {
        add(new Diagnostic(Diagnostic.Severity.WARNING, ref(at), message));
    }

    void error(final SourceRef at, final String message)
    {
        add(new Diagnostic(Diagnostic.Severity.ERROR, at, message));
    }

    void warning(final SourceRef at, final String message)
    {
        add(new Diagnostic(Diagnostic.Severity.WARNING, at, message));
    }

    private void add(final Diagnostic d)
    {
        if (seen.add(List.of(d.severity(), d.where().file(), d.where().line(), d.where().column(), d.message())))
        {
            all.add(d);
        }
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
