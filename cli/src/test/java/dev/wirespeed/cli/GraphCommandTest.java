package dev.wirespeed.cli;

import dev.wirespeed.sim.graph.SyntheticMesh;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GraphCommandTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final int SERVICES = 50;
    private static final long SEED = 11;

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheBookinfoShiftAsDotWithWeightsAndCounts() throws Exception
    {
        final Path example = ROOT.resolve("examples/bookinfo/traffic-shifting-80-20");
        final Path out = dir.resolve("mesh.dot");

        final CliRun run = CliRun.run("graph", "-c", example.toString(), "--trace",
                example.resolve("requests.jsonl").toString(), "-o", out.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        final String dot = Files.readString(out);
        assertThat(dot).contains("rankdir=LR").contains("label=\"80% ").contains("label=\"20% ");
    }

    @Test
    void shouldRenderFiftyHostsReadablyInARealBrowser() throws Exception
    {
        Assumptions.assumeTrue(HeadlessChromium.executable() != null,
                "chromium is not installed (.ci/run installs it); the layout is still checked by MeshGraphTest");
        final Path config = dir.resolve("mesh.yaml");
        Files.writeString(config, SyntheticMesh.yaml(SERVICES, SEED));
        final Path trace = dir.resolve("trace.jsonl");
        Files.writeString(trace, SyntheticMesh.trace(SERVICES, 2000, SEED, SyntheticMesh.names(SERVICES, SEED)));
        final Path page = dir.resolve("mesh.html");

        final CliRun run = CliRun.run("graph", "-c", config.toString(), "--trace", trace.toString(),
                "-o", page.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        final String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("url(")
                .contains("svc49-").contains("unrouted").contains("Traffic by edge");
        final HeadlessChromium.Result seen = HeadlessChromium.open(page, dir);
        assertThat(seen.consoleMessages()).isEmpty();
        assertThat(seen.number("svgs")).isEqualTo(1);
        assertThat(seen.number("drawn")).isEqualTo(1);
        assertThat(seen.number("labels")).isGreaterThan(SERVICES * 4);
        assertThat(seen.number("overlaps")).as(seen.checks()).isZero();
        assertThat(seen.number("outside")).as(seen.checks()).isZero();
        assertThat(seen.flag("bodyOverflow")).as(seen.checks()).isFalse();
        assertThat(seen.number("text")).isGreaterThan(1000);
        assertNotBlank(seen.screenshot());
    }

    @Test
    void shouldRefuseAnOutputWhoseFormatItCannotTell()
    {
        final CliRun run = CliRun.run("graph", "-c", ROOT.resolve("examples/reviews").toString(), "-o",
                dir.resolve("mesh.png").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("mesh.png").contains(".html, .svg or .dot");
    }

    @Test
    void shouldNameTheFileWhenTheTraceIsNotText() throws Exception
    {
        final Path binary = dir.resolve("trace.gz");
        Files.write(binary, new byte[] {0x1f, (byte) 0x8b, 8, 0, (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 10});

        final CliRun run = CliRun.run("graph", "-c", ROOT.resolve("examples/reviews").toString(), "--trace",
                binary.toString(), "-o", dir.resolve("g.svg").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("trace.gz").doesNotContain("internal error");
    }

    private static void assertNotBlank(final Path png) throws Exception
    {
        final BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("screenshot").isNotNull();
        final Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7)
        {
            for (int x = 0; x < image.getWidth(); x += 7)
            {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(8);
    }
}
