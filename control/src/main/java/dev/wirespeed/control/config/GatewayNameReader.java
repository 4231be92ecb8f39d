package dev.wirespeed.control.config;

import dev.wirespeed.control.model.GatewayNames;
import dev.wirespeed.control.model.SourceRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the DNS answers for gateway host names (docs/config.md "Gateway host names"): hosts files in
 * {@code /etc/hosts} format (an address, then its names, separated by blanks; {@code #} starts a comment), then
 * {@code --resolve NAME=ADDR[,ADDR...]} values. A bad entry is an error at its file, line and column (for a
 * {@code --resolve} value: {@code --resolve}, the option's ordinal as the line, the column in the value).
 */
final class GatewayNameReader
{
    /** A host name as DNS writes one (lower case, the trailing dot taken off): labels of letters, digits, - and _. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?");
    private final Diagnostics diags;
    private final Map<String, List<String>> answers = new LinkedHashMap<>();

    private GatewayNameReader(final Diagnostics diags)
    {
        this.diags = diags;
    }

    /**
     * @param options the load's options.
     * @param diags   where errors go.
     * @return the answers read (those of entries without error).
     */
    static GatewayNames read(final LoadOptions options, final Diagnostics diags)
    {
        final GatewayNameReader r = new GatewayNameReader(diags);
        for (final Path p : options.hostsFiles())
        {
            r.hostsFile(p);
        }
        for (int i = 0; i < options.resolve().size(); i++)
        {
            r.resolve(options.resolve().get(i), i + 1);
        }
        return GatewayNames.NONE.with(r.answers);
    }

    private void hostsFile(final Path file)
    {
        final List<String> lines;
        try
        {
            if (Files.isDirectory(file))
            {
                diags.error(new SourceRef(file.toString(), 0, 0, ""), "a hosts file is expected, not a directory");
                return;
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException | java.io.UncheckedIOException e)
        {
            diags.error(new SourceRef(file.toString(), 0, 0, ""), "cannot read hosts file: " + (e instanceof
                    java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            return;
        }
        for (int n = 0; n < lines.size(); n++)
        {
            final String line = lines.get(n);
            final int hash = line.indexOf('#');
            final String text = hash < 0 ? line : line.substring(0, hash);
            final List<int[]> fields = fields(text);
            if (fields.isEmpty())
            {
                continue;
            }
            final int[] a = fields.get(0);
            final String address = text.substring(a[0], a[1]);
            final SourceRef at = new SourceRef(file.toString(), n + 1, a[0] + 1, "");
            if (GatewayNames.canonical(address) == null)
            {
                diags.error(at, "expected an IP address, then host names, got \"" + address + "\"");
                continue;
            }
            if (fields.size() == 1)
            {
                diags.error(at, "expected host names after the address " + address);
                continue;
            }
            for (final int[] f : fields.subList(1, fields.size()))
            {
                name(text.substring(f[0], f[1]), new SourceRef(file.toString(), n + 1, f[0] + 1, ""), address);
            }
        }
    }

    /** @return the start and end of each blank-separated field. */
    private static List<int[]> fields(final String text)
    {
        final List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < text.length())
        {
            while (i < text.length() && Character.isWhitespace(text.charAt(i)))
            {
                i++;
            }
            final int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i)))
            {
                i++;
            }
            if (i > start)
            {
                out.add(new int[] {start, i});
            }
        }
        return out;
    }

    private void resolve(final String value, final int ordinal)
    {
        final int eq = value.indexOf('=');
        if (eq < 0)
        {
            diags.error(new SourceRef("--resolve", ordinal, 1, ""), "expected NAME=ADDR[,ADDR...], got \""
                    + value + "\"");
            return;
        }
        final String name = value.substring(0, eq);
        final List<String> addresses = new ArrayList<>();
        int from = eq + 1;
        boolean ok = true;
        for (final String a : value.substring(eq + 1).split(",", -1))
        {
            if (GatewayNames.canonical(a.trim()) == null)
            {
                diags.error(new SourceRef("--resolve", ordinal, from + 1, ""), a.isBlank()
                        ? "expected an IP address after the " + (from == eq + 1 ? "'='" : "','") + " of \"" + value
                        + "\"" : "expected an IP address, got \"" + a + "\" in \"" + value + "\"");
                ok = false;
            }
            addresses.add(a.trim());
            from += a.length() + 1;
        }
        if (ok && name(name, new SourceRef("--resolve", ordinal, 1, ""), null))
        {
            addresses.forEach(a -> answers.computeIfAbsent(GatewayNames.key(name), k -> new ArrayList<>()).add(a));
        }
    }

    /**
     * @param address the address of a hosts-file line, added to the name's answers when the name is good; {@code null}
     *                to only check the name.
     * @return whether the name is a host name.
     */
    private boolean name(final String name, final SourceRef at, final String address)
    {
        final String key = GatewayNames.key(name);
        if (key.isEmpty() || GatewayNames.canonical(name) != null || !HOST.matcher(key).matches()
                || key.contains(".."))
        {
            diags.error(at, "expected a host name, got \"" + name + "\"");
            return false;
        }
        if (address != null)
        {
            answers.computeIfAbsent(key, k -> new ArrayList<>()).add(address);
        }
        return true;
    }
}
