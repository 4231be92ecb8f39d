package dev.wirespeed.control.config;

import java.io.Reader;
import java.util.List;

/**
 * The config loader's YAML reading for other YAML files the project reads (route tests): multi-document
 * YAML as {@link YamlNode} trees that know each node's file, line, column and path, with the same limits,
 * duplicate-key check and positioned syntax errors as configuration files.
 */
public final class YamlFiles
{
    private YamlFiles()
    {
    }

    /**
     * What a read gave.
     *
     * @param documents the non-empty documents, in order (those before a syntax error).
     * @param problems  syntax errors and duplicate keys, with their positions.
     */
    public record Read(List<YamlNode> documents, List<Diagnostic> problems)
    {
    }

    /**
     * @param file   the name used in positions.
     * @param reader the YAML text.
     * @return the documents and the problems.
     */
    public static Read read(final String file, final Reader reader)
    {
        final Diagnostics diags = new Diagnostics();
        final List<YamlNode> docs = new YamlDocumentReader().read(file, reader, diags);
        return new Read(docs, List.copyOf(diags.list()));
    }

    /**
     * @param at      a node.
     * @param message what is wrong there.
     * @return an error at the node's file, line, column and path.
     */
    public static Diagnostic error(final YamlNode at, final String message)
    {
        return new Diagnostic(Diagnostic.Severity.ERROR, Diagnostics.ref(at), message);
    }
}
