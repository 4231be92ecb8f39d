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

class BackgroundFileOutputTest
{
    @TempDir
    Path dir;

    private static BackgroundFileOutput open(final Path file) throws IOException
    {
        return new BackgroundFileOutput(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    @Test
    void shouldWriteEveryByteInOrderOverAnEarlierLongerFileAndFlushWhatWasWrittenSoFar() throws IOException
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("BackgroundFileOutputTest seed " + seed + " (-Dwirespeed.seed=N to explore)");
        final Random random = new Random(seed);
        final Path file = dir.resolve("out.jsonl");
        Files.write(file, new byte[9 * BackgroundFileOutput.BLOCK_BYTES]); // longer than what follows: truncated
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (BackgroundFileOutput out = open(file))
        {
            for (int i = 0; i < 400; i++)
            {
                // writes from one byte to more than a block, so they straddle blocks at every kind of offset
                final int n = random.nextInt(8) == 0 ? random.nextInt(3 * BackgroundFileOutput.BLOCK_BYTES / 2)
                    : random.nextInt(20_000);
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
    void shouldTruncateAnEarlierFileEvenWhenNothingIsWritten() throws IOException
    {
        final Path file = dir.resolve("empty.jsonl");
        Files.writeString(file, "an earlier replay's decisions\n");
        open(file).close();
        assertThat(file).isEmptyFile();
    }

    @Test
    void shouldReportAFullDiskOnALaterWriteFlushOrClose() throws IOException
    {
        final Path full = Path.of("/dev/full");
        if (!Files.isWritable(full))
        {
            System.out.println("no writable /dev/full here: the write-error case is not run");
            return;
        }
        final BackgroundFileOutput out = open(full);
        final byte[] block = new byte[BackgroundFileOutput.BLOCK_BYTES];
        assertThatThrownBy(() ->
        {
            for (int i = 0; i < 64; i++)
            {
                out.write(block, 0, block.length);
            }
            out.flush();
        }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class);
    }

    @Test
    void shouldRefuseWritesAfterClose() throws IOException
    {
        final BackgroundFileOutput out = open(dir.resolve("closed.jsonl"));
        out.close();
        out.close(); // a second close is harmless
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }
}
