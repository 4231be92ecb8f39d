package dev.wirespeed.sim.jsonl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSONL line reader: terminators, a byte-order mark, and lines over the cap bounded before they are held. */
class LineReaderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSplitLinesAtEveryTerminatorAsBufferedReaderDoes() throws IOException
    {
        final Path file = Files.write(dir.resolve("t"), "a\nbb\r\ncc\rd\n\ne".getBytes(StandardCharsets.UTF_8));
        assertThat(lines(file, 1 << 20)).containsExactly("1:a", "2:bb", "3:cc", "4:d", "5:", "6:e");
    }

    @Test
    void shouldSkipAByteOrderMarkOnTheFirstLineOnly() throws IOException
    {
        final byte[] bom = {(byte)0xEF, (byte)0xBB, (byte)0xBF};
        final Path file = dir.resolve("bom");
        Files.write(file, concat(bom, "{}\n".getBytes(StandardCharsets.UTF_8), bom,
            "x\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(lines(file, 1 << 20)).containsExactly("1:{}", "2:\ufeffx");
        Files.write(file, bom);
        assertThat(lines(file, 1 << 20)).isEmpty();
        Files.write(file, new byte[] {(byte)0xEF, (byte)0xBB});
        assertThat(lines(file, 1 << 20)).hasSize(1);
    }

    @Test
    void shouldReturnALineOverTheCapAsTooLongAndResyncAtTheNextNewline() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("t"), "0123456789\n" + "x".repeat(100) + "\r\n"
            + "y".repeat(11) + "\nok\n" + "z".repeat(40));
        assertThat(lines(file, 10)).containsExactly("1:0123456789", "2:too long 100", "3:too long 11", "4:ok",
            "5:too long 40");
    }

    @Test
    void shouldNeverHoldMoreThanTheCapOfALineWithoutNewline() throws IOException
    {
        // a sparse file of 300 MiB of zero bytes and no newline (the hostile-input sweep tries 3 GB)
        final Path file = dir.resolve("huge");
        final long size = 300L << 20;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(size);
        }
        try (LineReader in = new LineReader(file))
        {
            assertThat(in.next()).isTrue();
            assertThat(in.tooLong()).isTrue();
            assertThat(in.tooLongBytes()).isEqualTo(size);
            assertThat(in.array().length).isLessThanOrEqualTo(LineReader.MAX_LINE_BYTES + 1);
            assertThat(in.next()).isFalse();
        }
    }

    private static List<String> lines(final Path file, final int cap) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        try (LineReader in = new LineReader(file, cap))
        {
            while (in.next())
            {
                assertThat(in.array().length).isLessThanOrEqualTo(Math.max(cap + 1, 3));
                lines.add(in.lineNumber() + ":" + (in.tooLong() ? "too long " + in.tooLongBytes()
                    : new String(in.array(), in.offset(), in.length(), StandardCharsets.UTF_8)));
            }
        }
        return lines;
    }

    private static byte[] concat(final byte[]... parts)
    {
        int n = 0;
        for (final byte[] p : parts)
        {
            n += p.length;
        }
        final byte[] all = new byte[n];
        int at = 0;
        for (final byte[] p : parts)
        {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
