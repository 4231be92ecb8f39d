package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user guides' examples stay true: every command of a {@code ```sh} block of docs/user-guide.md and
 * docs/user-guide-captures.md that starts with {@code ./wirespeed} runs, in document order, against the built
 * jar (the {@code ./wirespeed} launcher), in a scratch directory that sees the repository's launcher, jar and
 * examples. It must exit 0, or the code its trailing {@code # exit N} comment names. A block preceded by
 * {@code <!-- doc-test: skip REASON -->} is not run (the reasons are printed). Runs in {@code mvn verify}'s
 * integration-test phase, after the jar is packaged.
 */
class UserGuideExamplesCheck
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", "..")).toAbsolutePath()
        .normalize();
    private static final List<String> GUIDES = List.of("docs/user-guide.md", "docs/user-guide-captures.md");
    private static final Pattern EXIT = Pattern.compile("#\\s*exit\\s+(\\d+)\\s*$");
    private static final Pattern SKIP = Pattern.compile("<!--\\s*doc-test:\\s*skip\\s*(.*?)\\s*-->");

    /** A command of the guide. */
    record Example(int line, String command, int expectedExit)
    {
    }

    @TempDir
    Path dir;

    static List<Example> examples(final List<String> guide, final List<String> skipped)
    {
        final List<Example> out = new ArrayList<>();
        boolean inFence = false;
        boolean runnable = false;
        String skip = null;
        String previous = "";
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < guide.size(); i++)
        {
            final String line = guide.get(i);
            if (line.startsWith("```"))
            {
                if (!inFence)
                {
                    final Matcher m = SKIP.matcher(previous);
                    skip = m.find() ? m.group(1) : null;
                    runnable = line.strip().equals("```sh");
                }
                inFence = !inFence;
                previous = line;
                continue;
            }
            if (!line.isBlank())
            {
                previous = line;
            }
            if (!inFence || !runnable)
            {
                continue;
            }
            if (pending == null && !line.startsWith("./wirespeed"))
            {
                continue;
            }
            if (pending == null)
            {
                pending = new StringBuilder();
                pendingLine = i + 1;
            }
            final String text = line.strip();
            if (text.endsWith("\\"))
            {
                pending.append(text.substring(0, text.length() - 1).strip()).append(' ');
                continue;
            }
            pending.append(text);
            final String command = pending.toString();
            pending = null;
            if (skip != null)
            {
                skipped.add("line " + pendingLine + " (" + skip + "): " + command);
                continue;
            }
            final Matcher exit = EXIT.matcher(command);
            out.add(new Example(pendingLine, command, exit.find() ? Integer.parseInt(exit.group(1)) : 0));
        }
        return out;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldRunEveryExampleOfTheUserGuideWithTheExitCodeItStates() throws Exception
    {
        final Path jar = ROOT.resolve("cli/target/wirespeed.jar");
        assertThat(jar).as("the packaged jar (this check runs after `package`)").exists();
        Files.createSymbolicLink(dir.resolve("wirespeed"), ROOT.resolve("wirespeed"));
        Files.createSymbolicLink(dir.resolve("examples"), ROOT.resolve("examples"));
        Files.createDirectories(dir.resolve("cli"));
        Files.createSymbolicLink(dir.resolve("cli/target"), ROOT.resolve("cli/target"));
        try
        {
            runAll();
        }
        finally
        {
            // the links, not what they point at (JUnit would warn about each)
            Files.delete(dir.resolve("wirespeed"));
            Files.delete(dir.resolve("examples"));
            Files.delete(dir.resolve("cli/target"));
        }
    }

    private void runAll() throws IOException, InterruptedException
    {
        final List<String> skipped = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        for (final String guide : GUIDES)
        {
            final List<Example> examples = examples(Files.readAllLines(ROOT.resolve(guide)), skipped);
            assertThat(examples).as(guide).hasSizeGreaterThan(3);
            run(guide, examples, failures);
        }
        skipped.forEach(s -> System.out.println("user guide, not run: " + s));
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    private void run(final String guide, final List<Example> examples, final List<String> failures)
        throws IOException, InterruptedException
    {
        for (final Example e : examples)
        {
            final Path log = dir.resolve("example-" + guide.replace('/', '-') + "-" + e.line() + ".log");
            final ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + e.command())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("WIRESPEED_JAVA_OPTS", "-Xmx512m");
            final Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES))
            {
                p.destroyForcibly();
                failures.add(guide + ":" + e.line() + ": did not finish in 5 minutes: " + e.command());
                continue;
            }
            System.out.println(guide + ":" + e.line() + ": exit " + p.exitValue() + ": " + e.command());
            if (p.exitValue() != e.expectedExit())
            {
                failures.add(guide + ":" + e.line() + ": exit " + p.exitValue() + ", expected "
                    + e.expectedExit() + ": " + e.command() + "\n" + tail(log));
            }
        }
    }

    @Test
    void shouldFindCommandsAndTheirMarkersLikeAReader()
    {
        final List<String> skipped = new ArrayList<>();
        final List<Example> found = examples(List.of("```", "./wirespeed not-sh", "```", "```sh",
            "./wirespeed a \\", "    --b", "head -1 x", "./wirespeed c   # exit 2", "```",
            "<!-- doc-test: skip slow -->", "", "```sh", "./wirespeed d", "```"), skipped);
        assertThat(found).containsExactly(new Example(5, "./wirespeed a --b", 0),
            new Example(8, "./wirespeed c   # exit 2", 2));
        assertThat(skipped).containsExactly("line 13 (slow): ./wirespeed d");
    }

    private static String tail(final Path log) throws IOException
    {
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
