package dev.wirespeed.control.l3;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutesFileParserTest
{
    private final List<String> routes = new ArrayList<>();
    private final List<L3Diagnostic> diagnostics = new ArrayList<>();

    private final RouteSink sink = new RouteSink()
    {
        @Override
        public void ipv4Route(final int address, final int length,
                final int nhFamily, final long nhHi, final long nhLo, final int port, final int line)
        {
            routes.add(line + " v4 " + Integer.toHexString(address) + "/" + length
                    + " nh" + nhFamily + " " + Long.toHexString(nhLo) + " p" + port);
        }

        @Override
        public void ipv6Route(final long hi, final long lo, final int length,
                final int nhFamily, final long nhHi, final long nhLo, final int port, final int line)
        {
            routes.add(line + " v6 " + Long.toHexString(hi) + ":" + Long.toHexString(lo) + "/" + length
                    + " nh" + nhFamily + " p" + port);
        }
    };

    private int parse(final String text)
    {
        return RoutesFileParser.parse(text.getBytes(StandardCharsets.UTF_8), "routes.txt", sink, diagnostics);
    }

    @Test
    void shouldParseIpv4AndIpv6LinesSkippingCommentsAndBlankLines()
    {
        final int n = parse("# core routes\n10.0.0.0/8 192.168.1.1 3\n\n"
                + "  2001:db8::/32\tfe80::1  7 # v6\r\n0.0.0.0/0 192.168.1.254 1\n");
        assertThat(n).isEqualTo(3);
        assertThat(diagnostics).isEmpty();
        assertThat(routes).containsExactly(
                "2 v4 a000000/8 nh4 c0a80101 p3",
                "4 v6 20010db800000000:0/32 nh6 p7",
                "5 v4 0/0 nh4 c0a801fe p1");
    }

    @Test
    void shouldRejectAPrefixWithHostBitsSetSayingWhy()
    {
        parse("10.0.0.1/8 192.168.1.1 3\n");
        assertThat(diagnostics).hasSize(1);
        assertThat(diagnostics.get(0).toString())
                .isEqualTo("routes.txt:1:1: prefix 10.0.0.1/8 has host bits set"
                        + " (bits after the first 8 must be zero; did you mean 10.0.0.0/8?)");
    }

    @Test
    void shouldReportEveryBadLineWithFileLineAndColumn()
    {
        parse("10.0.0.0/8 192.168.1.1\n"
                + "10.0.0/8 192.168.1.1 3\n"
                + "10.0.0.0/33 192.168.1.1 3\n"
                + "10.0.0.0/8 192.168.1 3\n"
                + "10.0.0.0/8 192.168.1.1 port3\n"
                + "11.0.0.0/8 192.168.1.1 3\n"
                + "2001:db8::1/32 ::1 3\n");
        assertThat(diagnostics).extracting(L3Diagnostic::location)
                .containsExactly("routes.txt:1:1", "routes.txt:2:1", "routes.txt:3:1",
                        "routes.txt:4:12", "routes.txt:5:24", "routes.txt:7:1");
        assertThat(diagnostics.get(0).message()).contains("expected 3 fields").contains("found 2");
        assertThat(diagnostics.get(1).message()).contains("bad prefix \"10.0.0/8\"");
        assertThat(diagnostics.get(2).message()).contains("out of range 0..32");
        assertThat(diagnostics.get(3).message()).startsWith("bad next hop \"192.168.1\"");
        assertThat(diagnostics.get(4).message()).startsWith("bad port \"port3\"");
        assertThat(diagnostics.get(5).message()).contains("host bits set").contains("2001:db8::/32");
        assertThat(routes).hasSize(1);
    }

    @Test
    void shouldStopListingAfterTheErrorLimitButCountTheRest()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < RoutesFileParser.MAX_ERRORS + 5; i++)
        {
            sb.append("junk\n");
        }
        parse(sb.toString());
        assertThat(diagnostics).hasSize(RoutesFileParser.MAX_ERRORS + 1);
        assertThat(diagnostics.get(RoutesFileParser.MAX_ERRORS).message()).isEqualTo("5 more errors not shown");
    }
}
