package dev.wirespeed.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/embedding.md's example program, {@code examples/embedding/EmbeddingExample.java}, compiled with javax.tools
 * against the library's classpath and run in its own JVM: with the documented flags every part works; without
 * them the request parts still work and the packet API says which flag is missing instead of failing with
 * Agrona's {@code IllegalAccessError}.
 */
class EmbeddingExampleTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));

    @TempDir
    Path dir;

    private Path compile(final Path source) throws IOException
    {
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all,-path", "-Werror", "-d",
            classes.toString(), "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        return classes;
    }

    private static String[] run(final Path classes, final List<String> flags, final String main, final String arg)
        throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(classes + File.pathSeparator + System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.add(arg);
        final Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).start();
        final byte[] out = p.getInputStream().readAllBytes();
        final byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), new String(out, StandardCharsets.UTF_8),
            new String(err, StandardCharsets.UTF_8)};
    }

    @Test
    void shouldCompileAndRunTheExampleWithTheDocumentedFlags() throws Exception
    {
        final Path classes = compile(ROOT.resolve("examples/embedding/EmbeddingExample.java"));
        final String[] r = run(classes, JvmFlags.recommended(), "EmbeddingExample", "examples/reviews");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("route: route outbound|9080|v2|reviews.default.svc.cluster.local 10.1.0.12:9080 "
            + "/newcatalog/books")
            .contains("ids: route outbound|9080|v2|reviews.default.svc.cluster.local 10.1.0.12:9080 egress port 3 "
                + "via 192.168.0.1")
            .contains("packet: forward egress port 3 via 192.168.0.1")
            .contains("descriptor: forward port=3 nextHop=192.168.0.1");
        assertThat(r[2]).doesNotContain("Exception").doesNotContain("WARNING");
    }

    @Test
    void shouldRouteRequestsWithoutFlagsAndNameTheFlagThePacketApiNeeds() throws Exception
    {
        final Path classes = compile(ROOT.resolve("examples/embedding/EmbeddingExample.java"));
        final String[] r = run(classes, List.of(), "EmbeddingExample", "examples/reviews");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("route: route outbound|9080|v2|reviews.default.svc.cluster.local")
            .contains("ids: route outbound|9080|v2").contains("packets: skipped; start the JVM with "
                + "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED");
        final Path probe = Files.writeString(dir.resolve("Probe.java"), String.join("\n",
            "import dev.wirespeed.sim.Engine;",
            "public final class Probe {",
            "  public static void main(String[] a) {",
            "    try (Engine e = Engine.load(java.util.List.of(java.nio.file.Path.of(a[0])))) {",
            "      e.forward(new byte[60], 1);",
            "    } catch (IllegalStateException ex) { System.out.println(ex.getMessage()); }",
            "  }",
            "}", ""));
        final Path probeClasses = compile(probe);
        final String[] p = run(probeClasses, List.of(), "Probe", "examples/reviews");
        assertThat(p[0]).as(p[2]).isEqualTo("0");
        assertThat(p[1]).contains("the packet API (Engine.packets, Engine.forward) needs the JVM flag --add-exports "
            + "java.base/jdk.internal.misc=ALL-UNNAMED");
        assertThat(p[2]).doesNotContain("IllegalAccessError");
    }
}
