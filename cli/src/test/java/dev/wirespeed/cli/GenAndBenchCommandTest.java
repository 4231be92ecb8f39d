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
        assertThat(scalar.out).containsPattern(
                "(?m)^lpm-table routes=1000 tbl8Groups=\\d+ ipv4Bytes=\\d+ compileMs=\\d+ hugePagesKiB=(-1|\\d+)$");
        final String last = scalar.out.lines().reduce((x, y) -> y).orElseThrow();
        assertThat(last).matches("lpm batch=1 addresses=1000 rounds=5 checksum=\\d+ mlps=[0-9.]+");
        final String checksum = last.replaceAll(".*checksum=(\\d+).*", "$1");
        assertThat(batched.out).contains("checksum=" + checksum + " ");
    }

    private static String checksum(final CliRun run)
    {
        assertThat(run.exitCode).as(run.err).isZero();
        final String last = run.out.lines().reduce((x, y) -> y).orElseThrow();
        assertThat(last).matches("lpm batch=\\d+ addresses=\\d+ rounds=5 checksum=\\d+ mlps=[0-9.]+");
        return last.replaceAll(".*checksum=(\\d+).*", "$1");
    }

    @Test
    void shouldGiveThePoptrieAndTheCompactTableTheSameAnswersAsDir24AndTheIpv6Trie() throws IOException
    {
        final Path table = dir.resolve("table.txt");
        final Path random = dir.resolve("random.bin");
        CliRun.run("gen", "routes", "--count", "3000", "--seed", "1", "-o", table.toString());
        CliRun.run("gen", "addresses", "--count", "5000", "--seed", "2", "-o", random.toString());
        final CliRun dir24 = CliRun.run("bench", "lpm", "--routes", table.toString(), "--addresses", random.toString(),
                "--seconds", "0.05");
        final CliRun poptrie = CliRun.run("bench", "lpm", "--table", "poptrie", "--routes", table.toString(),
                "--addresses", random.toString(), "--seconds", "0.05");
        assertThat(poptrie.out).containsPattern("lpm-table table=poptrie family=4 routes=3000 bytes=\\d+ nodes=\\d+");
        assertThat(checksum(poptrie)).isEqualTo(checksum(dir24));
        final CliRun dir17 = CliRun.run("bench", "lpm", "--table", "dir17", "--routes", table.toString(),
                "--addresses", random.toString(), "--batch", "16", "--seconds", "0.05");
        assertThat(dir17.out).containsPattern(
                "lpm-table table=dir17 family=4 routes=3000 bytes=\\d+ words=\\d+ level3Nodes=\\d+ compileMs=\\d+ "
                        + "buildMs=\\d+ hugePagesKiB=(-1|\\d+)");
        assertThat(checksum(dir17)).isEqualTo(checksum(dir24));

        final Path table6 = dir.resolve("table6.txt");
        final Path hit6 = dir.resolve("hit6.bin");
        CliRun.run("gen", "routes", "--count", "3000", "--seed", "1", "--family", "6", "-o", table6.toString());
        final CliRun gen6 = CliRun.run("gen", "addresses", "--family", "6", "--count", "5000", "--seed", "3",
                "--table", table6.toString(), "--mode", "hit", "-o", hit6.toString());
        assertThat(gen6.exitCode).as(gen6.err).isZero();
        assertThat(Files.size(hit6)).isEqualTo(5000 * 16);
        final CliRun trie = CliRun.run("bench", "lpm", "--family", "6", "--routes", table6.toString(),
                "--addresses", hit6.toString(), "--seconds", "0.05");
        final CliRun poptrie6 = CliRun.run("bench", "lpm", "--family", "6", "--table", "poptrie",
                "--routes", table6.toString(), "--addresses", hit6.toString(), "--batch", "1", "--seconds", "0.05");
        assertThat(trie.out).containsPattern("lpm-table table=trie family=6 routes=3000 ");
        assertThat(checksum(poptrie6)).isEqualTo(checksum(trie)).isNotEqualTo("0");
    }

    @Test
    void shouldApplyUpdatesWithLookupsRunningAndFindNoMismatch() throws IOException
    {
        final Path table = dir.resolve("table.txt");
        CliRun.run("gen", "routes", "--count", "5000", "--seed", "1", "-o", table.toString());
        final CliRun r = CliRun.run("bench", "lpm-update", "--routes", table.toString(), "--updates", "20000");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).containsPattern("lpm-update updates=20000 warmup=2000 batches=20 updates_per_s=\\d+"
                + " updates_per_cpu_s=\\d+ lookups_mlps=[0-9.]+ mismatches=0");
    }

    @Test
    void shouldApplyUpdatesOneCallEachWithSingleAndFindNoMismatch() throws IOException
    {
        final Path table = dir.resolve("table.txt");
        CliRun.run("gen", "routes", "--count", "5000", "--seed", "1", "-o", table.toString());
        final CliRun r = CliRun.run("bench", "lpm-update", "--routes", table.toString(), "--updates", "20000",
                "--batch", "500", "--single");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).containsPattern("lpm-update updates=20000 warmup=2000 batches=40 updates_per_s=\\d+"
                + " updates_per_cpu_s=\\d+ lookups_mlps=[0-9.]+ mismatches=0");
    }

    @Test
    void shouldRejectAnIpv6AddressesFileOfTheWrongSizeOrAnIpv4Table() throws IOException
    {
        final Path table = dir.resolve("t6.txt");
        Files.writeString(table, "2001:db8::/32 fe80::1 3\n");
        final Path bad = dir.resolve("bad6.bin");
        Files.write(bad, new byte[20]);
        final CliRun r = CliRun.run("bench", "lpm", "--family", "6", "--routes", table.toString(),
                "--addresses", bad.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).contains("size 20 bytes is not a positive multiple of 16");
        final CliRun wrong = CliRun.run("bench", "lpm", "--family", "6", "--table", "dir24", "--routes",
                table.toString(), "--addresses", bad.toString());
        assertThat(wrong.exitCode).isEqualTo(1);
        assertThat(wrong.err).contains("--table dir24 is not an IPv6 table");
        final CliRun wrong17 = CliRun.run("bench", "lpm", "--family", "6", "--table", "dir17", "--routes",
                table.toString(), "--addresses", bad.toString());
        assertThat(wrong17.exitCode).isEqualTo(1);
        assertThat(wrong17.err).contains("--table dir17 is not an IPv6 table");
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
