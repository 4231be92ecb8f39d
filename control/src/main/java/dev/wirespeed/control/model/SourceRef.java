package dev.wirespeed.control.model;

/**
 * Where a config element came from: file, 1-based line and column, and its YAML path
 * (e.g. {@code spec.http[1].route[0].destination.subset}). Used in every diagnostic.
 *
 * @param file   the file path as given on the command line (or a name for in-memory YAML).
 * @param line   1-based line, 0 when unknown.
 * @param column 1-based column, 0 when unknown.
 * @param path   the field path inside the document, empty for the document itself.
 */
public record SourceRef(String file, int line, int column, String path)
{
    /** A source for elements built in code (tests, generators). */
    public static final SourceRef NONE = new SourceRef("<code>", 0, 0, "");

    /** @return {@code file:line:column} (parts that are unknown left out). */
    public String location()
    {
        if (line <= 0)
        {
            return file;
        }
        return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }

    @Override
    public String toString()
    {
        return path.isEmpty() ? location() : location() + " (" + path + ")";
    }
}
