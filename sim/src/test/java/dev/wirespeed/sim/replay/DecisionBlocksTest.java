package dev.wirespeed.sim.replay;

import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decision lines of a replay long enough for many {@link DecisionOutput} blocks (written by its writer thread while
 * the next block fills): every line arrives once, whole and in input order, and the lines are those of the same
 * records replayed in small runs (fewer lines than one block: one hand-over, at the end); a stream that fails makes the
 * replay fail with its error instead of hanging or losing it.
 */
class DecisionBlocksTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final int RECORDS = 40_000;

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryBlockOnceAndInInputOrder() throws IOException
    {
        final Path examples = ROOT.resolve("examples/reviews");
        final List<String> requests = new ArrayList<>();
        for (final String line : Files.readAllLines(examples.resolve("requests.jsonl")))
        {
            if (!line.isBlank())
            {
                requests.add(line);
            }
        }
        final List<String> lines = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++)
        {
            lines.add(requests.get(i % requests.size()));
        }
        final Path trace = Files.write(dir.resolve("trace.jsonl"), lines);
        try (Engine engine = Engine.load(List.of(examples)))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            driver(engine).run(trace, out, new ReplaySummary(), ReplayProgress.NONE);
            final byte[] bytes = out.toByteArray();
            assertThat(bytes.length).as("several blocks").isGreaterThan(3 * DecisionOutput.BLOCK_BYTES);
            final String[] decided = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            assertThat(decided).hasSize(RECORDS + 1);
            assertThat(decided[RECORDS]).isEmpty();
            // the same records in runs of 1,000 (one block each, handed over when the replay ends), their indices
            // shifted back to the whole trace's
            for (int from = 0; from < RECORDS; from += 1_000)
            {
                final Path part = Files.write(dir.resolve("part.jsonl"), lines.subList(from, from + 1_000));
                final ByteArrayOutputStream small = new ByteArrayOutputStream();
                driver(engine).run(part, small, new ReplaySummary(), ReplayProgress.NONE);
                final String[] expected = small.toString(StandardCharsets.UTF_8).split("\n");
                assertThat(expected).hasSize(1_000);
                for (int k = 0; k < 1_000; k++)
                {
                    final String want = expected[k].replaceFirst("^\\{\"i\":" + k + ",", "");
                    assertThat(decided[from + k]).as("line " + (from + k))
                        .isEqualTo("{\"i\":" + (from + k) + "," + want);
                }
            }
        }
    }

    @Test
    void shouldFailTheReplayWithTheStreamsError() throws IOException
    {
        final Path examples = ROOT.resolve("examples/reviews");
        final String line = Files.readAllLines(examples.resolve("requests.jsonl")).get(0);
        final List<String> lines = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++)
        {
            lines.add(line);
        }
        final Path trace = Files.write(dir.resolve("trace.jsonl"), lines);
        final OutputStream failing = new OutputStream()
        {
            private int writes;

            @Override
            public void write(final int b) throws IOException
            {
                throw new IOException("disk full");
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                if (++writes > 1)
                {
                    throw new IOException("disk full");
                }
            }
        };
        try (Engine engine = Engine.load(List.of(examples)))
        {
            assertThatThrownBy(() -> driver(engine).run(trace, failing, new ReplaySummary(), ReplayProgress.NONE))
                .isInstanceOf(IOException.class).hasMessage("disk full");
        }
    }

    private ReplayDriver driver(final Engine engine)
    {
        return new ReplayDriver(engine, new PipelineConfig().workers(1).mode(ExecutionMode.INLINE)
            .countersDirectory(dir.resolve("counters")).deleteCountersOnClose(true),
            new PrintWriter(new StringWriter()));
    }
}
