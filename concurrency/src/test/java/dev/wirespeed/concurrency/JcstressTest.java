package dev.wirespeed.concurrency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs this module's jcstress tests in a forked JVM, in the mode {@code wirespeed.jcstress.mode} names
 * ({@code sanity} in the build: the shortest; {@code quick} or {@code default} for real coverage, see
 * docs/limits.md), and fails when any outcome is forbidden or a test errs.
 */
class JcstressTest
{
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldFindNoForbiddenOutcomeInTheRingOrTheGenerationExchange() throws Exception
    {
        final String mode = System.getProperty("wirespeed.jcstress.mode", "sanity");
        final String flags = System.getProperty("wirespeed.jvm.flags", "");
        final Path results = Files.createDirectories(Path.of("target", "jcstress-results")).toAbsolutePath();
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
            "org.openjdk.jcstress.Main", "-m", mode, "-r", results.toString(), "-t", "dev\\.wirespeed\\.concurrency\\.",
            // one JVM configuration (the project's flags) instead of jcstress's four variants: the build's budget
            "-jvmArgs", (flags + " -Xmx256m").strip(), "-sc", "false"));
        final Process process = new ProcessBuilder(command).directory(new File("target")).redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(9, TimeUnit.MINUTES)).isTrue();
        System.out.println(output.lines().filter(l -> l.contains("planned") || l.contains("tests:"))
            .reduce("", (a, b) -> a + b + "\n"));
        assertThat(output).as(output).contains("RUN RESULTS").contains("Failed tests: No matches.")
            .contains("Error tests: No matches.").containsPattern("\\(Results: (\\d+) planned; \\1 passed, 0 failed");
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as("RingPublication, RingSlotReuse, FibGenerationPublication, FibGenerationReclaim")
            .contains("All remaining tests: 4 matching test results");
    }
}
