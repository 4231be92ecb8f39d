package dev.wirespeed.benchmarks;

import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The benchmarks jar's entry point: JMH's own command line, with the JVM flags Agrona and Chronicle
 * need appended to every fork (so no benchmark repeats them, and {@code java -jar benchmarks.jar ...}
 * just works). Listing and help options go straight to JMH.
 */
public final class BenchMain
{
    /** Flags every forked benchmark JVM gets (the same as the {@code ./wirespeed} launcher's). */
    static final List<String> FORK_FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true",
            "-Dagrona.disable.bounds.checks=true",
            "-XX:+UseParallelGC");

    private static final Set<String> JMH_ONLY = Set.of("-h", "-l", "-lp", "-lprof", "-lrf", "-help");

    private BenchMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        for (final String a : args)
        {
            if (JMH_ONLY.contains(a))
            {
                org.openjdk.jmh.Main.main(args);
                return;
            }
        }
        final CommandLineOptions cli = new CommandLineOptions(args);
        final List<String> append = new ArrayList<>(FORK_FLAGS);
        if (Runtime.version().feature() >= 23)
        {
            append.add("--enable-native-access=ALL-UNNAMED");
            append.add("--sun-misc-unsafe-memory-access=allow");
        }
        final Collection<String> user = cli.getJvmArgsAppend().orElse(List.of());
        append.addAll(user);
        try
        {
            new Runner(new OptionsBuilder().parent(cli).jvmArgsAppend(append.toArray(new String[0])).build()).run();
        }
        catch (final RunnerException ex)
        {
            System.err.println("benchmarks: " + (ex instanceof NoBenchmarksException
                    ? "no benchmark matches " + String.join(" ", cli.getIncludes()) + " (list them with -l)"
                    : ex.getMessage()));
            System.exit(1);
        }
    }
}
