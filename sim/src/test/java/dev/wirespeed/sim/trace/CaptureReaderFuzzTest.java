package dev.wirespeed.sim.trace;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the pcap/pcapng reader with any file: it must either refuse the file with one
 * {@link CaptureFormatException} or read records to the end, each inside the file, never another exception.
 *
 * <p>Plain {@code mvn test} replays the committed seeds (resources {@code CaptureReaderFuzzTestInputs/}: pcap and
 * pcapng files); {@code mvn verify} also fuzzes for {@code wirespeed.fuzz.duration}.
 */
class CaptureReaderFuzzTest
{
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException
    {
        file = Files.createTempFile("wirespeed-capture-fuzz", ".pcap");
    }

    @AfterAll
    static void deleteFile() throws IOException
    {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void shouldReadAnyCaptureToTheEndOrRefuseItWithOneMessage(final byte[] data) throws IOException
    {
        Files.write(file, data);
        final CaptureReader reader;
        try
        {
            reader = CaptureReader.open(file, 4096, 1 << 16);
        }
        catch (final CaptureFormatException refused)
        {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        try (reader)
        {
            final CaptureRecord record = new CaptureRecord();
            long records = 0;
            while (reader.next(record))
            {
                assertThat(record.fileOffset()).isBetween(0L, (long)data.length);
                assertThat(record.capturedLength()).isBetween(0, data.length);
                records++;
            }
            assertThat(records).isLessThanOrEqualTo(data.length / 8 + 1);
        }
        catch (final CaptureFormatException refused)
        {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
