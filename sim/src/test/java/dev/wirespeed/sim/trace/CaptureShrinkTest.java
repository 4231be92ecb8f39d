package dev.wirespeed.sim.trace;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture truncated by another process while it is read: the reader ends at the new size with one record cut
 * short (a counted {@code truncated} drop), never an {@code InternalError} from a mapped page that is gone.
 */
class CaptureShrinkTest
{
    private static final int FRAME = 1500;
    private static final int RECORD = 16 + FRAME;

    @TempDir
    Path dir;

    @Test
    void shouldCutTheRecordAtTheNewEndWhenThePcapShrinksWhileItIsRead() throws IOException
    {
        // pages past the new end are never checked before they are read here (the size is checked per MiB): the
        // first read there faults, and the fault becomes the cut record
        final long cut = 24 + 700L * RECORD + 100;
        final Result r = readShrinking(pcap(3000), 10, cut, 1L << 16);
        assertThat(r.last).isEqualTo(RecordAnomaly.CUT_SHORT);
        assertThat(r.records).isBetween(11L, 701L);
        assertThat(r.ok).isEqualTo(r.records - 1);
    }

    @Test
    void shouldEndWithOneCutRecordWhenThePcapShrinksToARecordBoundaryOrToNothing() throws IOException
    {
        for (final long cut : new long[] {24 + 2000L * RECORD, 24 + 10L * RECORD, 0})
        {
            final Result r = readShrinking(pcap(3000), 10, cut, 1L << 16);
            assertThat(r.last).as("cut at %d", cut).isEqualTo(RecordAnomaly.CUT_SHORT);
            assertThat(r.ok).as("cut at %d", cut).isEqualTo(r.records - 1).isLessThanOrEqualTo(2000);
        }
    }

    @Test
    void shouldCutAShrinkingPcapngAtItsNewEndInAnyWindowSize() throws IOException
    {
        for (final long chunk : new long[] {1L << 16, 64L << 20})
        {
            final Result r = readShrinking(pcapng(), 5, 3L << 20, chunk);
            assertThat(r.last).as("chunk %d", chunk).isEqualTo(RecordAnomaly.CUT_SHORT);
            assertThat(r.ok).as("chunk %d", chunk).isEqualTo(r.records - 1);
        }
    }

    private record Result(long records, long ok, RecordAnomaly last)
    {
    }

    private Result readShrinking(final byte[] capture, final int before, final long cut, final long chunk)
        throws IOException
    {
        final Path file = Files.write(dir.resolve("shrinking"), capture);
        try (CaptureReader reader = CaptureReader.open(file, chunk, 1 << 16))
        {
            final CaptureRecord rec = new CaptureRecord();
            final UnsafeBuffer copy = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 16));
            long records = 0;
            long ok = 0;
            RecordAnomaly last = null;
            while (reader.next(rec))
            {
                if (records == before)
                {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
                    {
                        ch.truncate(cut);
                    }
                }
                if (rec.status() == RecordStatus.OK)
                {
                    // the caller copies each record's bytes out, as the replay's arena does; a fault there (the
                    // file shrank between next() and the copy) cuts the record
                    try
                    {
                        UnsafeApi.copyMemory(rec.address(), copy.addressOffset(), rec.capturedLength());
                    }
                    catch (final InternalError fault)
                    {
                        assertThat(reader.shrank()).as("a fault only when the file shrank").isTrue();
                        reader.cutShort(rec);
                    }
                }
                ok += rec.status() == RecordStatus.OK ? 1 : 0;
                records++;
                last = rec.anomaly();
            }
            return new Result(records, ok, last);
        }
    }

    private static byte[] pcap(final int n)
    {
        final CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        for (int i = 0; i < n; i++)
        {
            b.record(1_700_000_000L, i, CaptureBuilder.frame(i, FRAME), FRAME);
        }
        return b.build();
    }

    private static byte[] pcapng()
    {
        final CaptureBuilder b = CaptureBuilder.pcapng().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 65535, 6, 0);
        for (int i = 0; i < 4000; i++)
        {
            b.epb(0, 1_700_000_000_000_000L + i, CaptureBuilder.frame(i, FRAME), FRAME);
        }
        return b.build();
    }
}
