package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every {@code ./wirespeed} command of docs/user-guide.md's sections on explain and route tests. */
class UserGuideExplainAndTestExamplesTest
{
    @TempDir
    Path dir;

    @Test
    void everyExplainAndRouteTestExampleOfTheUserGuideShouldRun() throws IOException
    {
        final List<List<String>> commands = commands(Files.readString(Path.of("../docs/user-guide.md")));
        assertThat(commands).hasSizeGreaterThanOrEqualTo(5);
        for (final List<String> args : commands)
        {
            final CliRun r = CliRun.run(args.toArray(new String[0]));
            assertThat(r.exitCode).as(String.join(" ", args) + "\n" + r.out + r.err).isZero();
            assertThat(r.out).as(String.join(" ", args)).isNotBlank().doesNotContain("DISAGREEMENT");
        }
        assertThat(dir.resolve("route-tests.xml")).exists();
    }

    /** The commands in the code blocks of sections 6b and 6c, paths made relative to the cli module. */
    private List<List<String>> commands(final String guide)
    {
        final int from = guide.indexOf("## 6b. Explain a decision");
        final int to = guide.indexOf("## 7. Embedding");
        assertThat(from).isPositive();
        final List<List<String>> out = new ArrayList<>();
        final String[] lines = guide.substring(from, to).split("\n");
        boolean code = false;
        StringBuilder pending = null;
        for (final String line : lines)
        {
            if (line.startsWith("```"))
            {
                code = !code;
                continue;
            }
            if (!code)
            {
                continue;
            }
            if (pending == null && !line.startsWith("./wirespeed "))
            {
                continue;
            }
            pending = pending == null ? new StringBuilder(line) : pending.append(' ').append(line.strip());
            if (pending.toString().endsWith("\\"))
            {
                pending.setLength(pending.length() - 1);
                continue;
            }
            out.add(split(pending.toString().substring("./wirespeed ".length())));
            pending = null;
        }
        return out;
    }

    /** Splits a command line as a shell does for these examples (single quotes, no expansion). */
    private List<String> split(final String line)
    {
        final List<String> args = new ArrayList<>();
        final StringBuilder b = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (final char c : line.toCharArray())
        {
            if (c == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    args.add(adapt(b.toString()));
                }
                b.setLength(0);
                any = false;
            }
            else
            {
                b.append(c);
                any = true;
            }
        }
        if (any)
        {
            args.add(adapt(b.toString()));
        }
        return args;
    }

    private String adapt(final String arg)
    {
        if (arg.startsWith("examples/"))
        {
            return "../" + arg;
        }
        return arg.endsWith(".xml") ? dir.resolve(arg).toString() : arg;
    }
}
