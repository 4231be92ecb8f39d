package dev.wirespeed.pipeline.counters;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the counters file reader ({@code wirespeed stat}) with any file content: it must give a snapshot or one
 * {@link CountersFileException}, never another exception or a crash — whatever the file's lengths, labels and
 * states claim.
 *
 * <p>Plain {@code mvn test} replays the committed seeds (resources {@code CountersFileReaderFuzzTestInputs/}, a
 * real counters file among them); {@code mvn verify} also fuzzes for {@code wirespeed.fuzz.duration}.
 */
class CountersFileReaderFuzzTest
{
    private static Path dir;

    @BeforeAll
    static void createDirectory() throws IOException
    {
        dir = Files.createTempDirectory("wirespeed-counters-fuzz");
    }

    @AfterAll
    static void deleteDirectory() throws IOException
    {
        Files.deleteIfExists(dir.resolve(CountersFile.FILE_NAME));
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    void shouldReadAnyCountersFileAsASnapshotOrOneMessage(final byte[] data) throws IOException
    {
        Files.write(dir.resolve(CountersFile.FILE_NAME), data);
        try (CountersFileReader reader = CountersFileReader.open(dir))
        {
            final CounterSnapshot snapshot = reader.snapshot();
            assertThat(snapshot.totals().size()).isLessThanOrEqualTo(data.length / 512 + 1);
            reader.isWriterAlive();
        }
        catch (final CountersFileException expected)
        {
            assertThat(expected.getMessage()).doesNotContain("\n");
        }
    }
}
