package dev.wirespeed.cli;

import dev.wirespeed.pipeline.counters.CounterSnapshot;
import dev.wirespeed.pipeline.counters.CountersFile;
import dev.wirespeed.pipeline.counters.CountersFileReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed stat}: prints the counters of a running engine from its memory-mapped counters file,
 * refreshing every second until interrupted ({@code --once}: one snapshot).
 */
@Command(
        name = "stat",
        mixinStandardHelpOptions = true,
        description = "Show the live counters of a running wirespeed engine.")
public final class StatCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "D",
            description = "Counters directory (default: the newest running engine's under /dev/shm/wirespeed-* "
                    + "or the temp dir).")
    Path dir;

    @Option(names = "--once", description = "Print one snapshot and exit.")
    boolean once;

    @Option(names = "--json", description = "JSON output (one object per snapshot, one a line).")
    boolean json;

    @Option(names = "--interval-ms", defaultValue = "1000", hidden = true)
    long intervalMs;

    @Override
    public Integer call() throws InterruptedException
    {
        final Path directory = dir != null ? dir : findEngine();
        final CountersFileReader reader;
        try
        {
            reader = CountersFileReader.open(directory);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidInputException("wirespeed stat: " + ex.getMessage());
        }
        try (reader)
        {
            if (!reader.isWriterAlive())
            {
                throw new InvalidInputException("wirespeed stat: the engine (pid " + reader.pid() + ") that wrote "
                    + reader.file() + " is not running");
            }
            final PrintWriter out = spec.commandLine().getOut();
            CounterSnapshot previous = null;
            long previousNanos = 0;
            while (true)
            {
                final CounterSnapshot snapshot = reader.snapshot();
                final long now = System.nanoTime();
                final double seconds = previous == null ? 0 : (now - previousNanos) / 1e9;
                if (json)
                {
                    printJson(out, reader, snapshot);
                }
                else
                {
                    printText(out, reader, snapshot, previous, seconds);
                }
                out.flush();
                if (once)
                {
                    return ExitCodes.OK;
                }
                previous = snapshot;
                previousNanos = now;
                Thread.sleep(intervalMs);
                if (!reader.isWriterAlive() || !Files.exists(reader.file()))
                {
                    spec.commandLine().getErr().println("wirespeed stat: engine (pid " + reader.pid() + ") stopped");
                    return ExitCodes.OK;
                }
            }
        }
    }

    private static Path findEngine()
    {
        final List<Path> live = CountersFileReader.findLive();
        if (live.isEmpty())
        {
            throw new InvalidInputException(
                "wirespeed stat: no running wirespeed engine found (no live counters file under "
                + CountersFile.defaultParent().resolve(CountersFile.DIRECTORY_PREFIX + "*")
                + "); start one or pass --dir D");
        }
        return live.get(0);
    }

    private static boolean alwaysShown(final String name)
    {
        return !(name.startsWith("drop:") || name.startsWith("port:") || name.startsWith("cluster:"));
    }

    private static void printText(final PrintWriter out, final CountersFileReader reader, final CounterSnapshot s,
        final CounterSnapshot previous, final double seconds)
    {
        out.printf(Locale.ROOT, "wirespeed stat: pid %d, %s, up %.1f s%n", reader.pid(), reader.file(),
            (System.currentTimeMillis() - s.startTimeMs()) / 1000.0);
        out.printf(Locale.ROOT, "  %-40s %16s %14s%n", "counter", "value", previous == null ? "" : "per second");
        for (final Map.Entry<String, Long> e : s.totals().entrySet())
        {
            final String name = e.getKey();
            final long value = e.getValue();
            if (value == 0 && !alwaysShown(name))
            {
                continue;
            }
            if (previous == null || seconds <= 0 || name.startsWith("fib-generation"))
            {
                out.printf(Locale.ROOT, "  %-40s %16d%n", name, value);
            }
            else
            {
                out.printf(Locale.ROOT, "  %-40s %16d %14.0f%n", name, value, (value - previous.total(name)) / seconds);
            }
        }
    }

    private static void printJson(final PrintWriter out, final CountersFileReader reader, final CounterSnapshot s)
    {
        final StringBuilder sb = new StringBuilder(1024);
        sb.append("{\"pid\":").append(reader.pid()).append(",\"file\":");
        quote(sb, reader.file().toString());
        sb.append(",\"startTimeMs\":").append(s.startTimeMs()).append(",\"counters\":");
        appendMap(sb, s.totals());
        sb.append(",\"workers\":{");
        boolean first = true;
        for (final Map.Entry<Integer, Map<String, Long>> e : s.blocks().entrySet())
        {
            if (e.getKey() < 0)
            {
                continue;
            }
            if (!first)
            {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":");
            appendMap(sb, e.getValue());
        }
        sb.append("}}");
        out.println(sb);
    }

    private static void appendMap(final StringBuilder sb, final Map<String, Long> map)
    {
        sb.append('{');
        boolean first = true;
        for (final Map.Entry<String, Long> e : map.entrySet())
        {
            if (!first)
            {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':').append(e.getValue());
        }
        sb.append('}');
    }

    private static void quote(final StringBuilder sb, final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
