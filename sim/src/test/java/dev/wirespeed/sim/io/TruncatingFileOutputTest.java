package dev.wirespeed.sim.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decisions file: opened without truncation, truncated by its first write, flush or close, then every byte in
 * the order written.
 */
class TruncatingFileOutputTest
{
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private static TruncatingFileOutput open(final Path file) throws IOException
    {
        return new TruncatingFileOutput(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    @Test
    void shouldWriteEveryByteInOrderOverAnEarlierLongerFile() throws IOException
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("TruncatingFileOutputTest seed " + seed + " (-Dwirespeed.seed=N to explore)");
        final Random random = new Random(seed);
        final Path file = dir.resolve("out.jsonl");
        Files.write(file, new byte[9 * MIB]); // longer than what follows: truncated
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (TruncatingFileOutput out = open(file))
        {
            assertThat(Files.size(file)).as("not truncated when opened").isEqualTo(9L * MIB);
            for (int i = 0; i < 200; i++)
            {
                final int n = random.nextInt(8) == 0 ? random.nextInt(3 * MIB / 2) : random.nextInt(20_000);
                final byte[] chunk = new byte[n + 2];
                random.nextBytes(chunk);
                if (random.nextBoolean())
                {
                    out.write(chunk, 1, n);
                    expected.write(chunk, 1, n);
                }
                else
                {
                    out.write(chunk[0]);
                    expected.write(chunk[0]);
                }
                if (random.nextInt(50) == 0)
                {
                    out.flush();
                    assertThat(Files.readAllBytes(file)).as("after flush, write %d", i)
                        .isEqualTo(expected.toByteArray());
                }
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void shouldTruncateOnTheFirstFlushWhicheverThreadMakesIt() throws Exception
    {
        final Path file = dir.resolve("flushed.jsonl");
        Files.writeString(file, "an earlier replay's decisions\n");
        try (TruncatingFileOutput out = open(file))
        {
            final Thread writer = new Thread(() ->
            {
                try
                {
                    out.flush();
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            writer.start();
            writer.join();
            assertThat(file).isEmptyFile();
            out.write(new byte[] {'x', '\n'}, 0, 2);
        }
        assertThat(Files.readString(file)).isEqualTo("x\n");
    }

    @Test
    void shouldTruncateAnEarlierFileEvenWhenNothingIsWritten() throws IOException
    {
        final Path file = dir.resolve("empty.jsonl");
        Files.writeString(file, "an earlier replay's decisions\n");
        open(file).close();
        assertThat(file).isEmptyFile();
    }

    @Test
    void shouldReportAFullDisk() throws IOException
    {
        final Path full = Path.of("/dev/full");
        if (!Files.isWritable(full))
        {
            System.out.println("no writable /dev/full here: the write-error case is not run");
            return;
        }
        try (TruncatingFileOutput out = open(full))
        {
            assertThatThrownBy(() -> out.write(new byte[MIB], 0, MIB)).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        }
    }

    @Test
    void shouldRefuseWritesAfterClose() throws IOException
    {
        final TruncatingFileOutput out = open(dir.resolve("closed.jsonl"));
        out.close();
        out.close(); // a second close is harmless
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(new byte[4], 0, 4)).isInstanceOf(IOException.class);
    }
}
