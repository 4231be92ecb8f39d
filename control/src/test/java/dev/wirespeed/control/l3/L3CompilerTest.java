package dev.wirespeed.control.l3;

import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.control.model.RouteTableSpec.AddressSpec;
import dev.wirespeed.control.model.RouteTableSpec.NextHopSpec;
import dev.wirespeed.control.model.RouteTableSpec.RouteSpec;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.L3Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class L3CompilerTest
{
    private static SourceRef at(final int line)
    {
        return new SourceRef("core.yaml", line, 5, "spec.routes");
    }

    private static RouteTableSpec table(final List<RouteSpec> routes, final Path file, final List<AddressSpec> local)
    {
        return new RouteTableSpec("default", "core", routes, file, at(1), local, at(1));
    }

    @Test
    void shouldGroupLinesOfTheSamePrefixIntoOneEcmpGroupAcrossFileAndInlineRoutes(@TempDir final Path dir)
            throws IOException
    {
        final Path file = dir.resolve("routes.txt");
        Files.writeString(file, "10.0.0.0/8 192.168.1.1 1\n20.0.0.0/8 192.168.1.9 9\n10.0.0.0/8 192.168.1.2 2\n");
        final RouteSpec inline =
                new RouteSpec("10.0.0.0/8", List.of(new NextHopSpec("192.168.1.3", 3, 2, at(7))), at(6));
        final L3CompileResult result = L3Compiler.compile(List.of(table(List.of(inline), file,
                List.of(new AddressSpec("10.0.0.1", at(3))))));
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.ipv4().routeCount()).isEqualTo(2);
        assertThat(result.sections())
                .containsOnlyKeys(FibSection.IPV4_LPM, FibSection.NEXT_HOP_GROUPS, FibSection.LOCAL_ADDRESSES);
        try (FibImage image = FibImage.build(1, result.sections()))
        {
            final L3Forwarding f = new L3Forwarding(image);
            final L3Result r = new L3Result();
            final Set<Integer> ports = new HashSet<>();
            for (int h = 0; h < 256; h++)
            {
                f.forwardIpv4((int)IpText.parseIpv4("10.9.9.9"), 64, h * 0x9E3779B1, r);
                ports.add(r.egressPort);
                assertThat(f.nextHopGroups().memberCount(r.group)).isEqualTo(3);
            }
            assertThat(ports).containsExactlyInAnyOrder(1, 2, 3);
            f.forwardIpv4((int)IpText.parseIpv4("10.0.0.1"), 64, 0, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_PUNT);
        }
    }

    @Test
    void shouldCollectEveryErrorWithItsLocation(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("routes.txt");
        Files.writeString(file, "10.0.0.0/8 192.168.1.1\n10.0.0.1/8 192.168.1.1 3\n");
        final RouteSpec badPrefix =
                new RouteSpec("10.0.0/8", List.of(new NextHopSpec("192.168.1.3", 3, 1, at(8))), at(7));
        final RouteSpec badNextHop =
                new RouteSpec("10.0.0.0/8", List.of(new NextHopSpec("192.168.1", -1, 0, at(10))), at(9));
        final L3CompileResult result = L3Compiler.compile(List.of(table(List.of(badPrefix, badNextHop), file,
                List.of(new AddressSpec("not-an-ip", at(3))))));
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.diagnostics()).extracting(Object::toString).containsExactly(
                "core.yaml:3:5: spec.localAddresses: bad address \"not-an-ip\":"
                        + " expected an IPv4 (10.0.0.1) or IPv6 (2001:db8::1) address",
                "core.yaml:7:5: spec.routes: bad prefix \"10.0.0/8\":"
                        + " expected ADDRESS/LENGTH with an IPv4 or IPv6 address",
                "core.yaml:10:5: bad next hop \"192.168.1\": expected an IPv4 (10.0.0.1) or IPv6 (2001:db8::1) address",
                "core.yaml:10:5: bad port -1: expected an egress port number 0..65535",
                "core.yaml:10:5: bad weight 0: expected a weight of at least 1",
                file + ":1:1: expected 3 fields \"PREFIX NEXTHOP PORT\" (e.g. 10.0.0.0/8 192.168.1.1 3), found 2",
                file + ":2:1: prefix 10.0.0.1/8 has host bits set"
                        + " (bits after the first 8 must be zero; did you mean 10.0.0.0/8?)");
    }

    @Test
    void shouldReportAMissingRoutesFileAtTheFile()
    {
        final L3CompileResult result = L3Compiler.compile(List.of(
                L3Compiler.routesFileSpec(Path.of("does-not-exist.txt"), "does-not-exist.txt", List.of())));
        assertThat(result.diagnostics()).extracting(Object::toString)
                .containsExactly("does-not-exist.txt: cannot read routes file: no such file");
    }

    @Test
    void shouldCompileIpv6RoutesAndLocalAddresses()
    {
        final RouteSpec v6 = new RouteSpec("2001:db8::/32", List.of(
                new NextHopSpec("fe80::1", 1, 1, at(2)), new NextHopSpec("fe80::2", 2, 1, at(3))), at(1));
        final L3CompileResult result = L3Compiler.compile(
                List.of(table(List.of(v6), null, List.of(new AddressSpec("2001:db8::fe", at(4))))));
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.sections())
                .containsOnlyKeys(FibSection.IPV6_LPM, FibSection.NEXT_HOP_GROUPS, FibSection.LOCAL_ADDRESSES);
        try (FibImage image = FibImage.build(1, result.sections()))
        {
            final L3Forwarding f = new L3Forwarding(image);
            final L3Result r = new L3Result();
            final long[] a = new long[2];
            IpText.parseIpv6("2001:db8:5::1", a);
            f.forwardIpv6(a[0], a[1], 64, 1, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_FORWARD);
            assertThat(f.nextHopGroups().nextHopText(r.nextHop)).startsWith("fe80::");
            IpText.parseIpv6("2001:db8::fe", a);
            f.forwardIpv6(a[0], a[1], 64, 1, r);
            assertThat(r.action).isEqualTo(L3Result.ACTION_PUNT);
            f.forwardIpv4(1, 64, 1, r);
            assertThat(L3Result.actionName(r.action)).isEqualTo("drop");
        }
    }
}
