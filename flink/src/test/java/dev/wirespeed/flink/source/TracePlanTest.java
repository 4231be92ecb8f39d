package dev.wirespeed.flink.source;

import dev.wirespeed.flink.TraceRecord;
import dev.wirespeed.sim.jsonl.LineReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of the JSONL split plan: for random files (LF, CR and CRLF line ends, blank and
 * whitespace-only lines, non-ASCII whitespace, a last line without a terminator) and random split sizes, the
 * records read split by split — and split by split resumed from a checkpoint in the middle — are exactly the
 * non-blank lines the replay's own {@link LineReader} gives, with the same record indices and line numbers.
 * Seed: {@code -Dwirespeed.seed=N} (default 13), printed.
 */
class TracePlanTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 13L);
    private static final String[] PIECES = {"{\"path\":\"/a\"}", "{\"authority\":\"r\",\"port\":9080}", "", " ", "\t ",
        "\u3000", "\u000B", " x ", "not json", "{\"path\":\"/\u00e9\"}"};
    private static final String[] ENDS = {"\n", "\r", "\r\n"};

    @TempDir
    Path dir;

    @Test
    void shouldReadExactlyTheReplaysRecordsWithTheirIndicesWhateverTheSplitSize() throws IOException
    {
        System.out.println("TracePlanTest seed " + SEED);
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int round = 0; round < 40; round++)
        {
            final Path file = dir.resolve("t" + round + ".jsonl");
            final StringBuilder text = new StringBuilder();
            final int lines = random.nextInt(0, 200);
            for (int i = 0; i < lines; i++)
            {
                text.append(PIECES[random.nextInt(PIECES.length)]);
                if (i + 1 < lines || random.nextBoolean())
                {
                    text.append(ENDS[random.nextInt(ENDS.length)]);
                }
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            final List<String> expected = reference(file);
            final long splitBytes = random.nextInt(1, 400);
            final TracePlan plan = TracePlan.of(List.of(file), splitBytes);
            assertThat(plan.records()).as("round %d", round).isEqualTo(expected.size());
            assertThat(read(plan, random)).as("round %d, split bytes %d", round, splitBytes).isEqualTo(expected);
        }
    }

    /**
     * The replay's reading: LineReader lines, blank ones (as {@code String.isBlank}) without an index, one over
     * the cap a record whatever its bytes.
     */
    private static List<String> reference(final Path file) throws IOException
    {
        final List<String> records = new ArrayList<>();
        try (LineReader in = new LineReader(file))
        {
            while (in.next())
            {
                if (in.tooLong())
                {
                    records.add(records.size() + "@" + in.lineNumber() + ":too long " + in.tooLongBytes());
                    continue;
                }
                final String line = new String(in.array(), in.offset(), in.length(), StandardCharsets.UTF_8);
                if (!line.isBlank())
                {
                    records.add(records.size() + "@" + in.lineNumber() + ":" + line);
                }
            }
        }
        return records;
    }

    /** Reads every split, each interrupted once at a random record and resumed from its checkpointed rest. */
    private static List<String> read(final TracePlan plan, final SplittableRandom random) throws IOException
    {
        final List<String> records = new ArrayList<>();
        for (final TraceSplit split : plan.splits())
        {
            TraceSplit s = split;
            int stopAfter = random.nextInt(0, 5);
            while (s != null)
            {
                TraceSplit rest = null;
                try (SplitLines lines = new SplitLines(s))
                {
                    TraceRecord r;
                    while ((r = lines.next()) != null)
                    {
                        final String text = new String(r.bytes, StandardCharsets.UTF_8);
                        // the engine skips the first line's byte order mark (the replay's line reader does)
                        records.add(r.index + "@" + r.line + ":" + (r.tooLong() ? "too long " + r.tooLongBytes
                            : r.line == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text));
                        assertThat(lines.bufferBytes()).as("bytes a split reader holds")
                            .isLessThanOrEqualTo(2 * LineReader.MAX_LINE_BYTES + 8);
                        if (stopAfter-- == 0)
                        {
                            rest = lines.rest();
                            break;
                        }
                    }
                }
                s = rest;
            }
        }
        return records;
    }

    @Test
    void shouldEmitLinesOverTheCapAsTooLongRecordsWithoutHoldingThemWhole() throws IOException
    {
        final int cap = LineReader.MAX_LINE_BYTES;
        for (final boolean mark : new boolean[] {false, true})
        {
            final Path file = dir.resolve("long-" + mark + ".jsonl");
            try (var out = Files.newOutputStream(file))
            {
                if (mark)
                {
                    out.write(new byte[] {(byte)0xEF, (byte)0xBB, (byte)0xBF});
                }
                out.write(("{\"path\":\"/" + "a".repeat(cap - 12) + "\"}\n").getBytes(StandardCharsets.UTF_8));
                out.write(("{\"path\":\"/" + "b".repeat(cap - 11) + "\"}\n").getBytes(StandardCharsets.UTF_8));
                out.write(("{\"path\":\"/" + "c".repeat(5 * cap) + "\"}\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(" ".repeat(3 * cap).getBytes(StandardCharsets.UTF_8));
                out.write("\n\n{\"path\":\"/d\"}\r".getBytes(StandardCharsets.UTF_8));
                out.write(("\u3000".repeat(cap / 3 + 1) + "\n").getBytes(StandardCharsets.UTF_8));
                out.write(("x".repeat(2 * cap)).getBytes(StandardCharsets.UTF_8));
            }
            final List<String> expected = reference(file);
            assertThat(expected).as("lines over the cap are records").hasSize(7)
                .filteredOn(r -> r.contains("too long")).hasSize(5);
            for (final long splitBytes : new long[] {1000, cap / 2, 64L * cap})
            {
                final TracePlan plan = TracePlan.of(List.of(file), splitBytes);
                assertThat(plan.records()).as("records, split bytes %d", splitBytes).isEqualTo(expected.size());
                assertThat(read(plan, new SplittableRandom(SEED))).as("split bytes %d", splitBytes)
                    .isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldCutSplitsOnlyAtLineStarts() throws IOException
    {
        final Path file = dir.resolve("cuts.jsonl");
        Files.writeString(file, "{\"path\":\"/a\"}\r\n".repeat(100), StandardCharsets.UTF_8);
        final TracePlan plan = TracePlan.of(List.of(file), 50);
        assertThat(plan.splits()).hasSizeGreaterThan(10);
        final byte[] bytes = Files.readAllBytes(file);
        for (final TraceSplit s : plan.splits())
        {
            assertThat(s.start() == 0 || bytes[(int)s.start() - 1] == '\n').as("split at %d", s.start()).isTrue();
        }
        assertThat(plan.records()).isEqualTo(100L);
    }
}
