package dev.wirespeed.sim.trace;

import dev.wirespeed.fib.OffHeap;
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
 * short (a counted {@code truncated} drop), never an {@code InternalError} ("a fault occurred in an unsafe memory
 * access", the JVM's word for SIGBUS on a mapped page that is gone). The first tests check the size before every
 * record; the last two truncate the file under bytes the reader has already handed out or will read without a
 * size check, which faulted while the reader mapped the file.
 */
class CaptureShrinkTest
{
    private static final OffHeap U = OffHeap.MEMORY;

    private static final int FRAME = 1500;
    private static final int RECORD = 16 + FRAME;

    @TempDir
    Path dir;

    @Test
    void shouldCutTheRecordAtTheNewEndWhenThePcapShrinksWhileItIsRead() throws IOException
    {
        final long cut = 24 + 700L * RECORD + 100;
        final Result r = readShrinking(pcap(3000), 10, cut, 1L << 16);
        assertThat(r.last).isEqualTo(RecordAnomaly.CUT_SHORT);
        assertThat(r.records).isEqualTo(701L);
        assertThat(r.ok).isEqualTo(700L);
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

    @Test
    void shouldKeepAReturnedRecordReadableWhenTheFileShrinksUnderIt() throws IOException
    {
        final Path file = Files.write(dir.resolve("shrinking"), pcap(3000));
        try (CaptureReader reader = CaptureReader.open(file, 64L << 20, 1 << 16))
        {
            final CaptureRecord rec = new CaptureRecord();
            for (int i = 0; i <= 2000; i++)
            {
                assertThat(reader.next(rec)).isTrue();
            }
            truncate(file, 24 + 10L * RECORD);
            final byte[] bytes = new byte[FRAME];
            U.copyMemory(null, rec.address(), bytes, OffHeap.ARRAY_BYTE_BASE_OFFSET, FRAME);
            assertThat(bytes).isEqualTo(CaptureBuilder.frame(2000, FRAME));
            RecordAnomaly last = null;
            long more = 0;
            while (reader.next(rec))
            {
                last = rec.anomaly();
                more++;
            }
            assertThat(last).isEqualTo(RecordAnomaly.CUT_SHORT);
            assertThat(rec.status()).isEqualTo(RecordStatus.TRUNCATED);
            assertThat(more).isLessThan(1000);
        }
    }

    @Test
    void shouldCutTheRecordAtTheNewEndWhenTheFileShrinksBetweenSizeChecks() throws IOException
    {
        final Path file = Files.write(dir.resolve("shrinking"), pcap(3000));
        try (CaptureReader reader = CaptureReader.open(file, 1L << 16, 1 << 16))
        {
            reader.sizeCheckBytes(1L << 50); // never between reads: only the reads themselves can see the new end
            final CaptureRecord rec = new CaptureRecord();
            final byte[] bytes = new byte[FRAME];
            long records = 0;
            long ok = 0;
            RecordAnomaly last = null;
            while (reader.next(rec))
            {
                if (records == 10)
                {
                    truncate(file, 24 + 700L * RECORD + 100);
                }
                if (rec.status() == RecordStatus.OK)
                {
                    U.copyMemory(null, rec.address(), bytes, OffHeap.ARRAY_BYTE_BASE_OFFSET, FRAME);
                    assertThat(bytes).as("record %d", records).isEqualTo(CaptureBuilder.frame((int)records, FRAME));
                    ok++;
                }
                records++;
                last = rec.anomaly();
            }
            assertThat(last).isEqualTo(RecordAnomaly.CUT_SHORT);
            assertThat(records).isEqualTo(701L);
            assertThat(ok).isEqualTo(700L);
        }
    }

    private static void truncate(final Path file, final long size) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ch.truncate(size);
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
            reader.sizeCheckBytes(1);
            while (reader.next(rec))
            {
                if (rec.status() == RecordStatus.OK)
                {
                    // the caller copies each record's bytes out, as the replay's arena does
                    U.copyMemory(rec.address(), copy.addressOffset(), rec.capturedLength());
                }
                if (records == before)
                {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
                    {
                        ch.truncate(cut);
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
