package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionAndVersionTest
{
    @Test
    void shouldPrintTheProjectVersionNotAPlaceholder()
    {
        final CliRun run = CliRun.run("-V");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).matches("(?s)wirespeed \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*");
        assertThat(run.out).doesNotContain("${");
    }

    @Test
    void shouldGenerateACompletionScriptThatKnowsEverySubcommand()
    {
        final CliRun run = CliRun.run("completion", "bash");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("complete -F").contains("replay").contains("lookup").contains("--decisions");
        assertThat(run.out).contains("ZSH_VERSION");
    }

    @Test
    void shouldRejectAnUnknownShellAsAUsageError()
    {
        final CliRun run = CliRun.run("completion", "fish");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("fish");
    }
}
