package dev.wirespeed.control.config;

import dev.wirespeed.control.model.GatewayNames;
import dev.wirespeed.control.model.MeshNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The DNS answers for gateway host names: {@code --resolve} values and hosts files, with positioned errors. */
class GatewayNameReaderTest
{
    private static GatewayNames read(final LoadOptions options, final Diagnostics diags)
    {
        return GatewayNameReader.read(options, diags);
    }

    private static List<String> errors(final Diagnostics diags)
    {
        return diags.list().stream().map(d -> d.where().location() + ": " + d.message()).toList();
    }

    @Test
    void shouldReadHostsFileLinesWithAliasesAndComments(@TempDir final Path dir) throws IOException
    {
        final Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "# comment\n\n203.0.113.9\tEast.GW.example  alias.example # the east one\n"
                + "  2001:DB8::0:1 east.gw.example\n203.0.113.9 east.gw.example\n::ffff:198.51.100.1 v4.example\n");
        final Diagnostics diags = new Diagnostics();
        final GatewayNames names = read(LoadOptions.NONE.withHostsFiles(hosts), diags);
        assertThat(errors(diags)).isEmpty();
        assertThat(names.addresses("east.gw.example.")).containsExactly("203.0.113.9", "2001:db8::1");
        assertThat(names.addresses("ALIAS.example")).containsExactly("203.0.113.9");
        assertThat(names.addresses("v4.example")).containsExactly("198.51.100.1"); // Go's net.IP.String unmaps
        assertThat(names.addresses("west.gw.example")).isNull();
    }

    @Test
    void shouldReportEachBadHostsFileEntryAtItsLineAndColumn(@TempDir final Path dir) throws IOException
    {
        final Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "203.0.113.300 a.example\n  10.0.0.1\n10.0.0.2 ok.example bad..name\n"
                + "10.0.0.3 -dash.example\n");
        final Diagnostics diags = new Diagnostics();
        final GatewayNames names = read(LoadOptions.NONE.withHostsFiles(hosts, dir.resolve("missing")), diags);
        assertThat(errors(diags)).containsExactly(
                hosts + ":1:1: expected an IP address, then host names, got \"203.0.113.300\"",
                hosts + ":2:3: expected host names after the address 10.0.0.1",
                hosts + ":3:21: expected a host name, got \"bad..name\"",
                hosts + ":4:10: expected a host name, got \"-dash.example\"",
                dir.resolve("missing") + ": cannot read hosts file: no such file");
        assertThat(names.answers()).containsOnlyKeys("ok.example"); // the good entries still count
    }

    @Test
    void shouldReportABadResolveValueAtItsOrdinalAndColumn()
    {
        final Diagnostics diags = new Diagnostics();
        final GatewayNames names = read(LoadOptions.NONE.withResolve("gw.example=10.0.0.1,,10.0.0.2", "nothing",
                "10.0.0.9=10.0.0.1", "x.example=", "y.example=10.0.0.1,nope", "z.example=10.0.0.5, 10.0.0.6"), diags);
        assertThat(errors(diags)).containsExactly(
                "--resolve:1:21: expected an IP address after the ',' of \"gw.example=10.0.0.1,,10.0.0.2\"",
                "--resolve:2:1: expected NAME=ADDR[,ADDR...], got \"nothing\"",
                "--resolve:3:1: expected a host name, got \"10.0.0.9\"",
                "--resolve:4:11: expected an IP address after the '=' of \"x.example=\"",
                "--resolve:5:20: expected an IP address, got \"nope\" in \"y.example=10.0.0.1,nope\"");
        assertThat(names.answers()).containsOnlyKeys("z.example");
        assertThat(names.addresses("z.example")).containsExactly("10.0.0.5", "10.0.0.6");
    }

    @Test
    void shouldFailTheLoadOnABadAnswerAndNameTheFile(@TempDir final Path dir) throws IOException
    {
        final Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "10.0.0.1 gw.example\nnot-an-address gw.example\n");
        final LoadedConfig loaded = new ConfigLoader().load(List.of(), LoadOptions.NONE.withHostsFiles(hosts)
                .withResolve("gw.example"));
        assertThat(loaded.hasErrors()).isTrue();
        assertThat(loaded.formattedDiagnostics()).anyMatch(d -> d.startsWith(hosts + ":2:1: error: expected an IP"))
                .anyMatch(d -> d.startsWith("--resolve:1:1: error: expected NAME=ADDR"));
    }

    @Test
    void shouldExpandAGatewayIntoOneGatewayPerAnswerKeepingItsPorts()
    {
        final GatewayNames names = GatewayNames.NONE.with(java.util.Map.of("gw.example", List.of("10.0.0.2",
                "10.0.0.1", "10.0.0.2")));
        assertThat(names.expand(new MeshNetworks.Gateway("n", "c", "GW.example", 15008, 15008))).containsExactly(
                new MeshNetworks.Gateway("n", "c", "10.0.0.2", 15008, 15008),
                new MeshNetworks.Gateway("n", "c", "10.0.0.1", 15008, 15008));
        assertThat(names.expand(new MeshNetworks.Gateway("n", "c", "other.example", 15443))).isEmpty();
    }
}
