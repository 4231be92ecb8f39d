package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GenAndBenchCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGenerateTheSameRoutesForTheSameSeedWithAboutHalfSlash24()
    {
        final CliRun a = CliRun.run("gen", "routes", "--count", "2000", "--seed", "7");
        final CliRun b = CliRun.run("gen", "routes", "--count", "2000", "--seed", "7");
        assertThat(a.exitCode).isZero();
        assertThat(a.out).isEqualTo(b.out);
        assertThat(a.out).isNotEqualTo(CliRun.run("gen", "routes", "--count", "2000", "--seed", "8").out);
        final long slash24 = a.out.lines().filter(l -> l.split(" ")[0].endsWith("/24")).count();
        final long lines = a.out.lines().count();
        assertThat(lines).isGreaterThanOrEqualTo(2000);
        assertThat((double)slash24 / lines).isBetween(0.45, 0.65);
        assertThat(CliRun.run("gen", "routes", "--count", "50", "--family", "6").out).contains("::/");
    }

    @Test
    void shouldGenerateAddressesThatHitTheTableAndBenchThem() throws IOException
    {
        final Path table = dir.resolve("table.txt");
        final Path hit = dir.resolve("hit.bin");
        assertThat(CliRun.run("gen", "routes", "--count", "1000", "--seed", "1", "-o", table.toString()).exitCode)
                .isZero();
        final CliRun gen = CliRun.run("gen", "addresses", "--count", "1000", "--seed", "2",
                "--table", table.toString(), "--mode", "hit", "-o", hit.toString());
        assertThat(gen.exitCode).as(gen.err).isZero();
        assertThat(Files.size(hit)).isEqualTo(4000);
        final CliRun text = CliRun.run("gen", "addresses", "--count", "20", "--seed", "2",
                "--table", table.toString(), "--mode", "hit", "--format", "text");
        final Path textFile = dir.resolve("hit.txt");
        Files.writeString(textFile, text.out);
        final CliRun lookup =
                CliRun.run("lookup", "--routes", table.toString(), "--json", "--file", textFile.toString());
        assertThat(lookup.exitCode).isZero();
        assertThat(lookup.out.lines()).hasSize(20).allMatch(l -> l.contains("\"egressPort\":"));

        final CliRun scalar = CliRun.run("bench", "lpm", "--routes", table.toString(), "--addresses", hit.toString(),
                "--batch", "1", "--seconds", "0.05");
        final CliRun batched = CliRun.run("bench", "lpm", "--routes", table.toString(), "--addresses", hit.toString(),
                "--batch", "16", "--seconds", "0.05");
        assertThat(scalar.exitCode).as(scalar.err).isZero();
        assertThat(scalar.out).containsPattern("lpm-table routes=1000 tbl8Groups=\\d+ ipv4Bytes=\\d+ compileMs=\\d+");
        final String last = scalar.out.lines().reduce((x, y) -> y).orElseThrow();
        assertThat(last).matches("lpm batch=1 addresses=1000 rounds=5 checksum=\\d+ mlps=[0-9.]+");
        final String checksum = last.replaceAll(".*checksum=(\\d+).*", "$1");
        assertThat(batched.out).contains("checksum=" + checksum + " ");
    }

    @Test
    void shouldRejectAnAddressesFileWhoseSizeIsNotAMultipleOfFour() throws IOException
    {
        final Path table = dir.resolve("t.txt");
        Files.writeString(table, "10.0.0.0/8 192.168.1.1 3\n");
        final Path bad = dir.resolve("bad.bin");
        Files.write(bad, new byte[6]);
        final CliRun r = CliRun.run("bench", "lpm", "--routes", table.toString(), "--addresses", bad.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo(
                bad + ": size 6 bytes is not a multiple of 4 (expected little-endian uint32 IPv4 addresses)");
    }

    @Test
    void shouldExitTwoWithoutASubcommandOrRequiredOption()
    {
        assertThat(CliRun.run("gen").exitCode).isEqualTo(2);
        assertThat(CliRun.run("bench").exitCode).isEqualTo(2);
        assertThat(CliRun.run("gen", "addresses", "--count", "3").exitCode).isEqualTo(2);
        assertThat(CliRun.run("gen", "addresses", "--count", "3", "--mode", "hit", "--format", "text").exitCode)
                .isEqualTo(2);
    }
}
