package dev.wirespeed.sim.trace;

import dev.wirespeed.fib.OffHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptureReaderTest
{
    private static final OffHeap U = OffHeap.MEMORY;

    private static final long BYTE_ARRAY_BASE = OffHeap.ARRAY_BYTE_BASE_OFFSET;
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    /** An immutable copy of one record, for assertions. */
    record Rec(long index, RecordStatus status, RecordAnomaly anomaly, byte[] data, int origlen, int linkType,
               int interfaceId, long ts, boolean hasTs)
    {
    }

    private Path file(final String name, final byte[] bytes) throws IOException
    {
        final Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static List<Rec> readAll(final Path f) throws IOException
    {
        try (CaptureReader r = CaptureReader.open(f))
        {
            return readAll(r);
        }
    }

    private static List<Rec> readAll(final CaptureReader r) throws IOException
    {
        final List<Rec> out = new ArrayList<>();
        final CaptureRecord rec = new CaptureRecord();
        while (r.next(rec))
        {
            final byte[] data = new byte[rec.capturedLength()];
            U.copyMemory(null, rec.address(), data, BYTE_ARRAY_BASE, data.length);
            out.add(new Rec(rec.index(), rec.status(), rec.anomaly(), data, rec.originalLength(), rec.linkType(),
                rec.interfaceId(), rec.timestampNanos(), rec.hasTimestamp()));
        }
        assertThat(r.next(rec)).isFalse();
        return out;
    }

    @Test
    void shouldReadPcapOfEitherByteOrderAndPrecision() throws IOException
    {
        for (final ByteOrder order : new ByteOrder[] {LITTLE_ENDIAN, BIG_ENDIAN})
        {
            for (final boolean nanos : new boolean[] {false, true})
            {
                final byte[] a = CaptureBuilder.frame(1, 60);
                final byte[] b = CaptureBuilder.frame(2, 1514);
                final byte[] bytes = CaptureBuilder.pcap(order, nanos, 1, 65535)
                    .record(1_700_000_000L, nanos ? 123_456_789 : 123_456, a, 60)
                    .record(0xFFFFFFFFL, nanos ? 999_999_999 : 999_999, b, 1514)
                    .build();
                try (CaptureReader r = CaptureReader.open(file("x" + order + nanos + ".cap", bytes)))
                {
                    assertThat(r.format()).isEqualTo(CaptureFormat.PCAP);
                    assertThat(r.pcapNanosecond()).isEqualTo(nanos);
                    assertThat(r.pcapSnaplen()).isEqualTo(65535);
                    final List<Rec> recs = readAll(r);
                    assertThat(recs).hasSize(2);
                    assertThat(recs.get(0).data()).isEqualTo(a);
                    assertThat(recs.get(0).ts()).isEqualTo(1_700_000_000L * S + (nanos ? 123_456_789L : 123_456_000L));
                    assertThat(recs.get(0).status()).isEqualTo(RecordStatus.OK);
                    assertThat(recs.get(0).linkType()).isEqualTo(1);
                    assertThat(recs.get(1).data()).isEqualTo(b);
                    assertThat(recs.get(1).index()).isEqualTo(1);
                    assertThat(recs.get(1).ts()).isEqualTo(0xFFFFFFFFL * S + (nanos ? 999_999_999L : 999_999_000L));
                }
            }
        }
    }

    @Test
    void shouldTreatASnaplenShortenedPacketAsOk() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcap(LITTLE_ENDIAN, false, 1, 64)
            .record(1, 0, CaptureBuilder.frame(1, 64), 1500).build();
        final List<Rec> recs = readAll(file("snap.pcap", bytes));
        assertThat(recs).singleElement().satisfies(r ->
        {
            assertThat(r.status()).isEqualTo(RecordStatus.OK);
            assertThat(r.data()).hasSize(64);
            assertThat(r.origlen()).isEqualTo(1500);
        });
    }

    @Test
    void shouldAcceptCaplenOverSnaplenButFlagCaplenOverOriglenAndBadFractionAndGoOn() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcap(LITTLE_ENDIAN, true, 1, 41)
            .record(1, 0, CaptureBuilder.frame(1, 54), 310)          // caplen > snaplen: fine
            .record(2, 0, CaptureBuilder.frame(2, 34), 32)           // caplen > origlen
            .record(3, 1_000_000_000L, CaptureBuilder.frame(3, 40), 40) // ns fraction out of range
            .record(4, 0, CaptureBuilder.frame(4, 40), 40)
            .build();
        final List<Rec> recs = readAll(file("odd.pcap", bytes));
        assertThat(recs).extracting(Rec::anomaly).containsExactly(
            RecordAnomaly.NONE, RecordAnomaly.CAPLEN_OVER_ORIGLEN, RecordAnomaly.BAD_TIMESTAMP, RecordAnomaly.NONE);
        assertThat(recs).extracting(Rec::status).containsExactly(
            RecordStatus.OK, RecordStatus.MALFORMED, RecordStatus.MALFORMED, RecordStatus.OK);
        assertThat(recs.get(1).data()).hasSize(34);
        assertThat(recs.get(3).data()).isEqualTo(CaptureBuilder.frame(4, 40));
    }

    @Test
    void shouldReturnTheBytesPresentOfARecordCutByTheEndOfFileAndStop() throws IOException
    {
        final byte[] whole = CaptureBuilder.pcap(LITTLE_ENDIAN, false, 1, 65535)
            .record(1, 0, CaptureBuilder.frame(1, 100), 100)
            .record(2, 0, CaptureBuilder.frame(2, 100), 100).build();
        final byte[] cut = Arrays.copyOf(whole, whole.length - 30);
        final List<Rec> recs = readAll(file("cut.pcap", cut));
        assertThat(recs).hasSize(2);
        assertThat(recs.get(1).status()).isEqualTo(RecordStatus.TRUNCATED);
        assertThat(recs.get(1).anomaly()).isEqualTo(RecordAnomaly.CUT_SHORT);
        assertThat(recs.get(1).data()).isEqualTo(Arrays.copyOf(CaptureBuilder.frame(2, 100), 70));

        final List<Rec> headerCut = readAll(file("cut2.pcap", Arrays.copyOf(whole, 24 + 116 + 10)));
        assertThat(headerCut).extracting(Rec::status).containsExactly(RecordStatus.OK, RecordStatus.TRUNCATED);
        assertThat(headerCut.get(1).data()).isEmpty();
    }

    @Test
    void shouldEndWithOneMalformedRecordWhenAPcapCaplenIsAbsurd() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcap(LITTLE_ENDIAN, false, 1, 65535)
            .record(1, 0, CaptureBuilder.frame(1, 60), 60)
            .record(2, 0, CaptureBuilder.frame(2, 60), 0x7FFF_0000, 60)
            .record(3, 0, CaptureBuilder.frame(3, 60), 60)
            .build();
        final List<Rec> recs = readAll(file("bad.pcap", bytes));
        assertThat(recs).extracting(Rec::anomaly).containsExactly(RecordAnomaly.NONE, RecordAnomaly.BAD_LENGTH);
    }

    @Test
    void shouldMarkEveryRecordOfAnUnsupportedLinkType() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcap(LITTLE_ENDIAN, false, 160, 65535)
            .record(1, 0, CaptureBuilder.frame(1, 30), 30).build();
        assertThat(readAll(file("u.pcap", bytes))).singleElement()
            .satisfies(r -> assertThat(r.status()).isEqualTo(RecordStatus.UNSUPPORTED_LINKTYPE));
    }

    @Test
    void shouldReadPcapngSectionsOfBothByteOrdersWithTheirOwnInterfaces() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcapng()
            .section(LITTLE_ENDIAN)
            .interfaceBlock(1, 65535, -1, 0)            // µs (default)
            .interfaceBlock(113, 65535, 9, 0)           // ns
            .block(0x0BAD, new byte[] {1, 2, 3, 4, 5})   // custom block: skipped
            .epb(0, 1_700_000_000_123_456L, CaptureBuilder.frame(1, 60), 60)
            .epb(1, 1_700_000_000_123_456_789L, CaptureBuilder.frame(2, 61), 61)
            .block(4, new byte[] {0, 0, 0, 0})           // name resolution block: skipped
            .block(0x7777, new byte[8])                  // unknown block: skipped
            .section(BIG_ENDIAN)
            .interfaceBlock(0, 65535, 0x80 | 20, 0)      // 2^-20 s
            .interfaceBlock(101, 65535, 3, 100)          // ms, offset 100 s
            .epb(1, 5_000L, CaptureBuilder.frame(3, 40), 40)
            .epb(0, (7L << 20) + (1L << 19), CaptureBuilder.frame(4, 44), 44)
            .opb(1, 1L, CaptureBuilder.frame(5, 20), 20)
            .build();
        final List<Rec> recs = readAll(file("multi.pcapng", bytes));
        assertThat(recs).extracting(Rec::linkType).containsExactly(1, 113, 101, 0, 101);
        assertThat(recs).extracting(Rec::interfaceId).containsExactly(0, 1, 1, 0, 1);
        assertThat(recs).extracting(Rec::ts).containsExactly(
            1_700_000_000_123_456_000L, 1_700_000_000_123_456_789L, 105 * S, 7 * S + S / 2, 100 * S + 1_000_000L);
        assertThat(recs).extracting(Rec::status).containsOnly(RecordStatus.OK);
        assertThat(recs.get(2).data()).isEqualTo(CaptureBuilder.frame(3, 40));
        assertThat(recs.get(4).data()).isEqualTo(CaptureBuilder.frame(5, 20));
    }

    @Test
    void shouldReadSimplePacketBlocksCutToTheSnaplenWithThePreviousTime() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcapng()
            .section(LITTLE_ENDIAN)
            .interfaceBlock(1, 50, -1, 0)
            .epb(0, 42L, CaptureBuilder.frame(1, 50), 60)
            .spb(CaptureBuilder.frame(2, 50), 70)
            .spb(CaptureBuilder.frame(3, 30), 30)
            .build();
        final List<Rec> recs = readAll(file("spb.pcapng", bytes));
        assertThat(recs).extracting(r -> r.data().length).containsExactly(50, 50, 30);
        assertThat(recs).extracting(Rec::origlen).containsExactly(60, 70, 30);
        assertThat(recs).extracting(Rec::ts).containsOnly(42_000L);
        assertThat(recs).extracting(Rec::hasTs).containsExactly(true, false, false);
        assertThat(recs.get(2).data()).isEqualTo(CaptureBuilder.frame(3, 30));
    }

    @Test
    void shouldFlagAPacketOfAnUndescribedInterfaceAndGoOn() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcapng()
            .section(LITTLE_ENDIAN)
            .interfaceBlock(1, 0, -1, 0)
            .epb(3, 1L, CaptureBuilder.frame(1, 40), 40)
            .epb(0, 1L, CaptureBuilder.frame(2, 40), 40)
            .section(BIG_ENDIAN)
            .epb(0, 1L, CaptureBuilder.frame(3, 40), 40) // interface ids restart in each section
            .build();
        assertThat(readAll(file("ifid.pcapng", bytes))).extracting(Rec::anomaly).containsExactly(
            RecordAnomaly.UNKNOWN_INTERFACE, RecordAnomaly.NONE, RecordAnomaly.UNKNOWN_INTERFACE);
    }

    @Test
    void shouldFlagACaplenLargerThanItsBlock() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).interfaceBlock(1, 0, -1, 0)
            .epb(0, 1L, CaptureBuilder.frame(1, 40), 400, 400)
            .epb(0, 1L, CaptureBuilder.frame(2, 40), 40)
            .build();
        assertThat(readAll(file("caplen.pcapng", bytes))).extracting(Rec::anomaly)
            .containsExactly(RecordAnomaly.CAPLEN_OVER_BLOCK, RecordAnomaly.NONE);
        final byte[] tiny = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).interfaceBlock(1, 0, -1, 0)
            .block(6, new byte[4]).block(3, new byte[0]).build(); // packet blocks too short for their fields
        assertThat(readAll(file("tiny.pcapng", tiny))).extracting(Rec::anomaly)
            .containsExactly(RecordAnomaly.CAPLEN_OVER_BLOCK, RecordAnomaly.CAPLEN_OVER_BLOCK);
    }

    @Test
    void shouldEndWithOneMalformedRecordWhenABlockLengthIsCorrupt() throws IOException
    {
        final CaptureBuilder b = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).interfaceBlock(1, 0, -1, 0)
            .epb(0, 1L, CaptureBuilder.frame(1, 40), 40);
        final byte[] good = b.build();
        final byte[] bytes = b.blockHeader(6, 13).raw(new byte[200]).build(); // not a multiple of 4
        final List<Rec> recs = readAll(file("corrupt.pcapng", bytes));
        assertThat(recs).extracting(Rec::anomaly).containsExactly(RecordAnomaly.NONE, RecordAnomaly.BAD_LENGTH);
        assertThat(recs.get(1).status()).isEqualTo(RecordStatus.MALFORMED);

        final byte[] mismatch = CaptureBuilder.pcapng().raw(good).raw(Arrays.copyOf(good, 0))
            .blockHeader(6, 48).raw(new byte[36]).raw(new byte[] {1, 0, 0, 0}).raw(good).build();
        assertThat(readAll(file("mismatch.pcapng", mismatch))).extracting(Rec::anomaly)
            .containsExactly(RecordAnomaly.NONE, RecordAnomaly.BAD_LENGTH);
    }

    @Test
    void shouldFlagGarbageAfterTheLastBlock() throws IOException
    {
        final byte[] good = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).interfaceBlock(1, 0, -1, 0)
            .epb(0, 1L, CaptureBuilder.frame(1, 40), 40).build();
        final byte[] small = CaptureBuilder.pcapng().raw(good).raw("junk!".getBytes(StandardCharsets.US_ASCII)).build();
        assertThat(readAll(file("g1.pcapng", small))).extracting(Rec::anomaly)
            .containsExactly(RecordAnomaly.NONE, RecordAnomaly.TRAILING_GARBAGE);
        final byte[] text = CaptureBuilder.pcapng().raw(good)
            .raw("this is not a block at all, just text\n".repeat(3).getBytes(StandardCharsets.US_ASCII)).build();
        assertThat(readAll(file("g2.pcapng", text))).extracting(Rec::status)
            .containsExactly(RecordStatus.OK, RecordStatus.MALFORMED);
    }

    @Test
    void shouldReturnACutEnhancedPacketBlockAsTruncated() throws IOException
    {
        final byte[] whole = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).interfaceBlock(1, 0, -1, 0)
            .epb(0, 1L, CaptureBuilder.frame(1, 100), 100).build();
        final List<Rec> recs = readAll(file("cutepb.pcapng", Arrays.copyOf(whole, whole.length - 50)));
        assertThat(recs).singleElement().satisfies(r ->
        {
            assertThat(r.status()).isEqualTo(RecordStatus.TRUNCATED);
            assertThat(r.data()).isEqualTo(Arrays.copyOf(CaptureBuilder.frame(1, 100), r.data().length));
            assertThat(r.data().length).isLessThan(100);
        });
    }

    @Test
    void shouldReadThe2106TimestampAndNothingFromAnEmptyCapture() throws IOException
    {
        final byte[] bytes = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).interfaceBlock(1, 0, -1, 0)
            .epb(0, (1L << 32) * 1_000_000L, CaptureBuilder.frame(1, 60), 60).build();
        assertThat(readAll(file("2106.pcapng", bytes))).extracting(Rec::ts).containsExactly((1L << 32) * S);
        assertThat(readAll(file("empty.pcapng",
            CaptureBuilder.pcapng().section(BIG_ENDIAN).interfaceBlock(1, 0, -1, 0).build()))).isEmpty();
        assertThat(readAll(file("empty.pcap", CaptureBuilder.pcap(LITTLE_ENDIAN, false, 1, 0).build()))).isEmpty();
    }

    @Test
    void shouldRefuseAFileThatIsNotACaptureNamingTheFileAndTheMagic() throws IOException
    {
        final Path text = file("x.txt", "Hello, world\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> CaptureReader.open(text))
            .isInstanceOf(CaptureFormatException.class)
            .hasMessageStartingWith(text + ": not a pcap or pcapng file (magic 0x48656c6c");
        final Path tiny = file("tiny.pcap", new byte[] {1, 2});
        assertThatThrownBy(() -> CaptureReader.open(tiny)).isInstanceOf(CaptureFormatException.class)
            .hasMessage(tiny + ": not a pcap or pcapng file (only 2 bytes)");
        final Path shortHeader =
            file("short.pcap", Arrays.copyOf(CaptureBuilder.pcap(LITTLE_ENDIAN, false, 1, 0).build(), 10));
        assertThatThrownBy(() -> CaptureReader.open(shortHeader)).isInstanceOf(CaptureFormatException.class)
            .hasMessageContaining("truncated pcap file header");
        final byte[] badBom = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).build();
        badBom[8] = 0;
        final Path bom = file("bom.pcapng", badBom);
        assertThatThrownBy(() -> CaptureReader.open(bom)).isInstanceOf(CaptureFormatException.class)
            .hasMessageContaining("byte-order magic");
    }

    @Test
    void shouldReadTheSameRecordsAgainAfterRewind() throws IOException
    {
        final byte[] ng = CaptureBuilder.pcapng().section(BIG_ENDIAN).interfaceBlock(1, 0, -1, 0)
            .epb(0, 1L, CaptureBuilder.frame(1, 60), 60).section(LITTLE_ENDIAN).interfaceBlock(113, 0, 9, 0)
            .epb(0, 2L, CaptureBuilder.frame(2, 70), 70).build();
        try (CaptureReader r = CaptureReader.open(file("rewind.pcapng", ng)))
        {
            final List<Rec> first = readAll(r);
            r.rewind();
            final List<Rec> second = readAll(r);
            assertThat(second).usingRecursiveFieldByFieldElementComparator().isEqualTo(first);
            assertThat(second).extracting(Rec::index).containsExactly(0L, 1L);
        }
    }

    @Test
    void shouldChooseTheFormatByMagicNotByName() throws IOException
    {
        final byte[] ng = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).interfaceBlock(1, 0, -1, 0)
            .epb(0, 1L, CaptureBuilder.frame(1, 60), 60).build();
        try (CaptureReader r = CaptureReader.open(file("named.pcap", ng)))
        {
            assertThat(r.format()).isEqualTo(CaptureFormat.PCAPNG);
        }
    }

    @Test
    void shouldReadRecordsStraddlingWindowsWholeAndInPlace() throws IOException
    {
        final long seed = Long.getLong("wirespeed.seed", 20261126L);
        System.out.println("shouldReadRecordsStraddlingWindowsWholeAndInPlace seed=" + seed);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        final int count = 3000;
        final int[] sizes = new int[count];
        final CaptureBuilder pcap = CaptureBuilder.pcap(BIG_ENDIAN, true, 1, 65535);
        final CaptureBuilder ng = CaptureBuilder.pcapng().section(BIG_ENDIAN).interfaceBlock(1, 0, 9, 0);
        for (int i = 0; i < count; i++)
        {
            sizes[i] = random.nextInt(10) == 0 ? 9000 + random.nextInt(7000) : 1 + random.nextInt(1514);
            final byte[] data = CaptureBuilder.frame(i, sizes[i]);
            pcap.record(i, i, data, sizes[i]);
            ng.epb(0, i * S + i, data, sizes[i]);
        }
        for (final byte[] bytes : new byte[][] {pcap.build(), ng.build()})
        {
            final Path f = file("big" + bytes.length, bytes);
            assertThat(Files.size(f)).isGreaterThan(4 * 65536);
            try (CaptureReader r = CaptureReader.open(f, 65536, 16 * 1024))
            {
                assertThat(r.windowBytes()).isEqualTo(65536);
                final List<Rec> recs = readAll(r);
                assertThat(recs).hasSize(count);
                for (int i = 0; i < count; i++)
                {
                    assertThat(recs.get(i).data()).as("record %d", i).isEqualTo(CaptureBuilder.frame(i, sizes[i]));
                    assertThat(recs.get(i).ts()).isEqualTo(i * S + i);
                }
            }
        }
    }

    @Test
    void shouldReadARecordLargerThanTheWindowWholeBetweenSmallOnes() throws IOException
    {
        final int[] sizes = {100, 200_000, 60, 65_000, 1_000_000, 70};
        final CaptureBuilder pcap = CaptureBuilder.pcap(LITTLE_ENDIAN, true, 1, 1 << 20);
        final CaptureBuilder ng = CaptureBuilder.pcapng().section(LITTLE_ENDIAN).interfaceBlock(1, 0, 9, 0);
        for (int i = 0; i < sizes.length; i++)
        {
            pcap.record(i, i, CaptureBuilder.frame(i, sizes[i]), sizes[i]);
            ng.epb(0, i * S + i, CaptureBuilder.frame(i, sizes[i]), sizes[i]);
        }
        for (final byte[] bytes : new byte[][] {pcap.build(), ng.build()})
        {
            try (CaptureReader r = CaptureReader.open(file("large" + bytes.length, bytes), 65536, 2 << 20))
            {
                final List<Rec> recs = readAll(r);
                assertThat(recs).hasSize(sizes.length);
                for (int i = 0; i < sizes.length; i++)
                {
                    assertThat(recs.get(i).data()).as("record %d", i).isEqualTo(CaptureBuilder.frame(i, sizes[i]));
                }
            }
        }
    }

    @Test
    void shouldNotAllocatePerRecord() throws IOException
    {
        final CaptureBuilder pcap = CaptureBuilder.pcap(LITTLE_ENDIAN, false, 1, 65535);
        for (int i = 0; i < 20_000; i++)
        {
            pcap.record(i, 0, CaptureBuilder.frame(i, 64), 64);
        }
        final Path f = file("alloc.pcap", pcap.build());
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final CaptureRecord rec = new CaptureRecord();
        long sum = 0;
        for (int round = 0; round < 5; round++)
        {
            try (CaptureReader r = CaptureReader.open(f))
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                while (r.next(rec))
                {
                    sum += rec.capturedLength();
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 4)
                {
                    System.out.println("bytes allocated reading 20000 records: " + allocated);
                    assertThat(allocated).as("bytes allocated reading 20000 records").isLessThan(20_000);
                }
            }
        }
        assertThat(sum).isEqualTo(5 * 20_000L * 64);
    }
}
