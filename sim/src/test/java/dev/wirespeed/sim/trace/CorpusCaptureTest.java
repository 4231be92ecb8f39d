package dev.wirespeed.sim.trace;

import dev.wirespeed.pipeline.parse.HttpRequestSniffer;
import dev.wirespeed.pipeline.parse.HttpRequestStart;
import dev.wirespeed.pipeline.parse.PacketBytes;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads every capture of the shared corpus ({@code -Dwirespeed.corpus}, folder {@code pcap/}) and checks the
 * reader and the parser against {@code MANIFEST.tsv}, whose counts come from capinfos and tshark.
 *
 * <p>What is compared, and how each manifest column is matched:
 * <ul>
 *   <li>{@code packets}: records returned by the reader (every record, bad ones too).</li>
 *   <li>conservation: ok + truncated + malformed + unsupported-linktype = records.</li>
 *   <li>{@code outer_ipv4}/{@code outer_ipv6}: frames whose first network header the parser identified as
 *       IPv4/IPv6 (version nibble checked), whatever happened after (a truncated IPv6 header still counts, as
 *       in tshark; a version-0 "IPv6" frame does not). All records holding bytes are parsed, including those
 *       the reader marks malformed for a bad timestamp or caplen &gt; origlen, because tshark dissects
 *       them too.</li>
 *   <li>{@code outer_tcp}/{@code outer_udp}: frames whose outer IP header (after IPv6 extension headers)
 *       names TCP/UDP and that are not later fragments (tshark, reassembly off, decodes the L4 header of
 *       first fragments only).</li>
 *   <li>{@code http_requests_noreasm}: TCP and UDP payloads the {@link HttpRequestSniffer} accepts (tshark's
 *       count includes SSDP over UDP, e.g. in eapon1), emulating one quirk of tshark's HTTP dissector without
 *       reassembly: it reports {@code http.request} when the whole head is in the segment
 *       ({@link HttpRequestStart#isHeadComplete()}) or when the segment ends inside a header value, but not
 *       when it ends inside a header name (no colon on the partial last line: 14 frames of
 *       pcpp_4KHttpRequests; checked against every request segment of that file),
 *       counting a TCP segment that repeats an earlier one (same flow, sequence number and length) once:
 *       tshark's TCP analysis marks it a retransmission and does not dissect its payload (4 frames there).
 *       The sniffer itself accepts both kinds, as a router must. It runs on outer TCP/UDP only; tunnelled
 *       requests would be missed (the corpus has none).</li>
 *   <li>{@code snaplen_truncated}: records with bytes whose captured length is below the original length.</li>
 * </ul>
 */
class CorpusCaptureTest
{
    @Test
    void shouldMatchTheManifestForEveryCorpusCapture() throws IOException
    {
        final String corpus = System.getProperty("wirespeed.corpus");
        Assumptions.assumeTrue(corpus != null && Files.isDirectory(Path.of(corpus, "pcap")),
            "corpus folder not present: " + corpus);
        final Path dir = Path.of(corpus, "pcap");
        final List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        final List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        final List<String> mismatches = new ArrayList<>();
        int files = 0;
        for (final String line : lines.subList(1, lines.size()))
        {
            if (line.isBlank())
            {
                continue;
            }
            final String[] cells = line.split("\t", -1);
            final Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size() && i < cells.length; i++)
            {
                row.put(header.get(i), cells[i]);
            }
            final Counts c = read(dir.resolve(row.get("file")));
            files++;
            compare(mismatches, row, "packets", c.records);
            compare(mismatches, row, "outer_ipv4", c.ipv4);
            compare(mismatches, row, "outer_ipv6", c.ipv6);
            compare(mismatches, row, "outer_tcp", c.tcp);
            compare(mismatches, row, "outer_udp", c.udp);
            compare(mismatches, row, "http_requests_noreasm", c.http);
            compare(mismatches, row, "snaplen_truncated", c.snaplenShortened);
            if (c.ok + c.truncated + c.malformed + c.unsupported != c.records)
            {
                mismatches.add(row.get("file") + ": statuses do not add up to the record count");
            }
            System.out.printf("%-40s records=%d ok=%d truncated=%d malformed=%d unsupported=%d parse=%s anomalies=%s%n",
                row.get("file"), c.records, c.ok, c.truncated, c.malformed, c.unsupported, Arrays.toString(c.reasons),
                Arrays.toString(c.anomalies));
        }
        mismatches.forEach(System.out::println);
        assertThat(files).isGreaterThan(0);
        assertThat(mismatches).isEmpty();
    }

    private static void compare(
        final List<String> out, final Map<String, String> row, final String column, final long actual)
    {
        final long expected = Long.parseLong(row.get(column));
        if (expected != actual)
        {
            out.add(row.get("file") + ": " + column + " expected " + expected + " but was " + actual);
        }
    }

    private static final class Counts
    {
        long records;
        long ok;
        long truncated;
        long malformed;
        long unsupported;
        long ipv4;
        long ipv6;
        long tcp;
        long udp;
        long http;
        long snaplenShortened;
        final long[] reasons = new long[dev.wirespeed.pipeline.parse.ParseReason.COUNT];
        final long[] anomalies = new long[RecordAnomaly.values().length];
    }

    private static boolean partialLastLineHasColon(final long payload, final int length)
    {
        for (int i = length - 1; i >= 0 && PacketBytes.u8(payload + i) != '\n'; i--)
        {
            if (PacketBytes.u8(payload + i) == ':')
            {
                return true;
            }
        }
        return false;
    }

    private static String segmentKey(final long address, final ParsedPacket p)
    {
        final long seq = PacketBytes.i32(address + p.l4Offset + 4) & 0xFFFFFFFFL;
        return p.ipv4Src + "/" + p.ipv4Dst + "/" + p.ipv6SrcHi + "/" + p.ipv6SrcLo + "/" + p.ipv6DstHi + "/"
            + p.ipv6DstLo + "/" + p.srcPort + "/" + p.dstPort + "/" + seq + "/" + p.payloadLength;
    }

    private static Counts read(final Path file) throws IOException
    {
        final Counts c = new Counts();
        final CaptureRecord rec = new CaptureRecord();
        final ParsedPacket p = new ParsedPacket();
        final HttpRequestStart http = new HttpRequestStart();
        final Set<String> segments = new HashSet<>();
        try (CaptureReader reader = CaptureReader.open(file))
        {
            while (reader.next(rec))
            {
                c.records++;
                c.anomalies[rec.anomaly().ordinal()]++;
                switch (rec.status())
                {
                    case OK -> c.ok++;
                    case TRUNCATED -> c.truncated++;
                    case MALFORMED -> c.malformed++;
                    case UNSUPPORTED_LINKTYPE -> c.unsupported++;
                    default -> throw new AssertionError(rec.status());
                }
                if (rec.capturedLength() > 0 && rec.isSnaplenShortened())
                {
                    c.snaplenShortened++;
                }
                if (rec.capturedLength() == 0 || !PacketParser.supportsLinkType(rec.linkType()))
                {
                    continue;
                }
                final int reason = PacketParser.parse(
                    rec.address(), rec.capturedLength(), rec.originalLength(), rec.linkType(), p);
                c.reasons[reason]++;
                if (p.ipVersion == 4)
                {
                    c.ipv4++;
                }
                else if (p.ipVersion == 6)
                {
                    c.ipv6++;
                }
                if (p.ipVersion != 0 && p.fragment != ParsedPacket.FRAG_LATER)
                {
                    if (p.protocol == 6)
                    {
                        c.tcp++;
                    }
                    else if (p.protocol == 17)
                    {
                        c.udp++;
                    }
                }
                if (p.isForward() && p.hasPorts && (p.protocol == 6 || p.protocol == 17) && p.payloadLength > 0
                    && HttpRequestSniffer.sniff(rec.address() + p.payloadOffset, p.payloadLength, http)
                    && (http.isHeadComplete()
                        || partialLastLineHasColon(rec.address() + p.payloadOffset, p.payloadLength))
                    && (p.protocol != 6 || segments.add(segmentKey(rec.address(), p))))
                {
                    c.http++;
                }
            }
        }
        return c;
    }
}
