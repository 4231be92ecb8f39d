package dev.wirespeed.sim.trace;

import dev.wirespeed.fib.OffHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PcapWriterTest
{
    private static final OffHeap U = OffHeap.MEMORY;

    private static final long BYTE_ARRAY_BASE = OffHeap.ARRAY_BYTE_BASE_OFFSET;

    @TempDir
    Path dir;

    @Test
    void shouldWriteWhatTheReaderReadsBackInBothPrecisions() throws IOException
    {
        final ByteBuffer direct = ByteBuffer.allocateDirect(200);
        final byte[] frame = CaptureBuilder.frame(9, 200);
        direct.put(frame);
        final long address = org.agrona.BufferUtil.address(direct);
        for (final PcapWriter.Precision precision : PcapWriter.Precision.values())
        {
            final Path f = dir.resolve(precision + ".pcap");
            try (PcapWriter w = PcapWriter.create(f, 113, precision, 150))
            {
                w.write(1_700_000_000_123_456_789L, address, 200, 200);
                w.write(5_000_000_001L, frame, 0, 60, 1500);
                assertThat(w.packetCount()).isEqualTo(2);
            }
            try (CaptureReader r = CaptureReader.open(f))
            {
                assertThat(r.pcapNanosecond()).isEqualTo(precision == PcapWriter.Precision.NANOS);
                assertThat(r.pcapSnaplen()).isEqualTo(150);
                final CaptureRecord rec = new CaptureRecord();
                assertThat(r.next(rec)).isTrue();
                assertThat(rec.linkType()).isEqualTo(113);
                assertThat(rec.capturedLength()).isEqualTo(150);
                assertThat(rec.originalLength()).isEqualTo(200);
                assertThat(rec.timestampNanos()).isEqualTo(
                    precision == PcapWriter.Precision.NANOS ? 1_700_000_000_123_456_789L : 1_700_000_000_123_456_000L);
                final byte[] back = new byte[150];
                U.copyMemory(null, rec.address(), back, BYTE_ARRAY_BASE, 150);
                assertThat(back).isEqualTo(java.util.Arrays.copyOf(frame, 150));
                assertThat(r.next(rec)).isTrue();
                assertThat(rec.capturedLength()).isEqualTo(60);
                assertThat(rec.originalLength()).isEqualTo(1500);
                assertThat(rec.status()).isEqualTo(RecordStatus.OK);
                assertThat(r.next(rec)).isFalse();
            }
        }
    }
}
