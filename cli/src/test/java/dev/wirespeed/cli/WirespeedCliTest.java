package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WirespeedCliTest
{
    @Test
    void shouldRegisterOnlyTheSubcommandTheArgumentsName()
    {
        final CommandLine cl = WirespeedCli.newCommandLine("replay", "-c", "x", "y.pcap");

        assertThat(cl.getSubcommands()).containsOnlyKeys("replay");
        final Object command = cl.getSubcommands().get("replay").getCommand();
        assertThat(command).isInstanceOf(ReplayCommand.class);
    }

    @Test
    void shouldRegisterEverySubcommandForHelpCompletionOptionsAndUnknownNames()
    {
        final int all = WirespeedCli.newCommandLine().getSubcommands().size();

        assertThat(all).isGreaterThanOrEqualTo(13);
        for (final String[] args : new String[][] {{}, {"help"}, {"completion", "bash"}, {"--help"}, {"-V"},
            {"repaly", "x"}})
        {
            assertThat(WirespeedCli.newCommandLine(args).getSubcommands()).as(String.join(" ", args)).hasSize(all);
        }
    }

    @Test
    void shouldRegisterEachSubcommandUnderItsOwnName()
    {
        for (final Map.Entry<String, CommandLine> sub : WirespeedCli.newCommandLine().getSubcommands().entrySet())
        {
            final Command command = sub.getValue().getCommand().getClass().getAnnotation(Command.class);
            assertThat(command.name()).as(sub.getKey()).isEqualTo(sub.getKey());
        }
    }

    @Test
    void shouldSuggestTheSubcommandOfAMistypedName()
    {
        final CliRun run = CliRun.run("repaly", "x");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("replay");
    }
}
