package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LookupCommandTest
{
    @TempDir
    Path dir;

    private Path routes(final String text) throws IOException
    {
        final Path file = dir.resolve("routes.txt");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldPrintOneJsonObjectPerAddressInOrder() throws IOException
    {
        final Path file = routes("10.0.0.0/8 192.168.1.1 3\n2001:db8::/32 fe80::1 7\n");
        final CliRun r =
                CliRun.run("lookup", "--routes", file.toString(), "--json", "10.1.2.3", "2001:db8::1", "11.0.0.1");
        assertThat(r.exitCode).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out.lines()).containsExactly(
                "{\"address\":\"10.1.2.3\",\"prefix\":\"10.0.0.0/8\",\"nextHop\":\"192.168.1.1\",\"egressPort\":3}",
                "{\"address\":\"2001:db8::1\",\"prefix\":\"2001:db8::/32\",\"nextHop\":\"fe80::1\",\"egressPort\":7}",
                "{\"address\":\"11.0.0.1\",\"action\":\"drop\",\"reason\":\"no-route\"}");
    }

    @Test
    void shouldLookUpTheRouteTablesOfAConfig() throws IOException
    {
        final Path cfg = dir.resolve("net.yaml");
        Files.writeString(cfg, "apiVersion: wirespeed.dev/v1\nkind: RouteTable\nmetadata: {name: core}\nspec:\n"
                + "  localAddresses: [192.168.0.254]\n  routes:\n  - prefix: 10.1.0.0/16\n"
                + "    nextHops: [{address: 192.168.0.1, port: 3}]\n");
        final CliRun r = CliRun.run("lookup", "-c", cfg.toString(), "--json", "10.1.0.12", "192.168.0.254", "8.8.8.8");
        assertThat(r.exitCode).isZero();
        assertThat(r.out.lines()).containsExactly(
                "{\"address\":\"10.1.0.12\",\"prefix\":\"10.1.0.0/16\",\"nextHop\":\"192.168.0.1\",\"egressPort\":3}",
                "{\"address\":\"192.168.0.254\",\"action\":\"punt\"}",
                "{\"address\":\"8.8.8.8\",\"action\":\"drop\",\"reason\":\"no-route\"}");
    }

    @Test
    void shouldPrintPrefixGroupMemberPortAndNextHopAsText() throws IOException
    {
        final Path file = routes("0.0.0.0/0 192.168.1.254 1\n10.1.2.0/24 192.168.1.1 3\n10.1.2.0/24 192.168.1.2 4\n");
        final Path addresses = dir.resolve("addresses.txt");
        Files.writeString(addresses, "# probes\n10.1.2.3\n\n8.8.8.8\n192.168.1.100\n");
        final CliRun r = CliRun.run("lookup", "--routes", file.toString(), "--local", "192.168.1.100",
                "--file", addresses.toString());
        assertThat(r.exitCode).isZero();
        assertThat(r.out.lines()).hasSize(3);
        assertThat(r.out.lines().findFirst().orElseThrow())
                .matches("10\\.1\\.2\\.3 prefix=10\\.1\\.2\\.0/24 group=\\d+ member=[01] egressPort=[34]"
                        + " nextHop=192\\.168\\.1\\.[12]");
        assertThat(r.out).contains("8.8.8.8 prefix=0.0.0.0/0 group=").contains("192.168.1.100 punt");
    }

    @Test
    void shouldExitOneWithFileAndLineForABadRoutesFile() throws IOException
    {
        final Path file = routes("10.0.0.0/8 192.168.1.1 3\n10.0.0.1/8 192.168.1.1 3\n10.0.0.0/8 192.168.1.1\n");
        final CliRun r = CliRun.run("lookup", "--routes", file.toString(), "10.1.2.3");
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err.lines()).containsExactly(
                file + ":2:1: prefix 10.0.0.1/8 has host bits set"
                        + " (bits after the first 8 must be zero; did you mean 10.0.0.0/8?)",
                file + ":3:1: expected 3 fields \"PREFIX NEXTHOP PORT\" (e.g. 10.0.0.0/8 192.168.1.1 3), found 2");
    }

    @Test
    void shouldExitOneForABadAddressAndTwoForMissingArguments() throws IOException
    {
        final Path file = routes("10.0.0.0/8 192.168.1.1 3\n");
        final CliRun bad = CliRun.run("lookup", "--routes", file.toString(), "10.1.2");
        assertThat(bad.exitCode).isEqualTo(1);
        assertThat(bad.err.strip()).isEqualTo(
                "argument 1: bad address \"10.1.2\": expected an IPv4 (10.0.0.1) or IPv6 (2001:db8::1) address");
        assertThat(CliRun.run("lookup", "--routes", file.toString()).exitCode).isEqualTo(2);
        assertThat(CliRun.run("lookup", "10.0.0.1").exitCode).isEqualTo(2);
    }
}
