package dev.wirespeed.cli;

import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineOptionsTest
{
    private static PipelineConfig replay(final int cores, final String... args)
    {
        final ReplayCommand command = new ReplayCommand();
        final CommandLine cl = new CommandLine(command);
        final String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = "config.yaml";
        System.arraycopy(args, 0, all, 2, args.length);
        cl.parseArgs(all);
        final CommandSpec spec = cl.getCommandSpec();
        return command.pipeline.replayConfig(spec, cores);
    }

    @Test
    void shouldReplayInlineByDefaultOnTwoCoresOrFewer()
    {
        assertThat(replay(2, "x.pcap").mode()).isEqualTo(ExecutionMode.INLINE);
        assertThat(replay(1, "x.pcap").mode()).isEqualTo(ExecutionMode.INLINE);
    }

    @Test
    void shouldRunTheWorkersAskedForWhateverTheCores()
    {
        final PipelineConfig config = replay(2, "x.pcap", "--workers", "1");

        assertThat(config.mode()).isEqualTo(ExecutionMode.THREADED);
        assertThat(config.workers()).isEqualTo(1);
        assertThat(replay(8, "x.pcap", "--inline").mode()).isEqualTo(ExecutionMode.INLINE);
    }

    @Test
    void shouldReplayWithWorkersByDefaultOnMoreCores()
    {
        final PipelineConfig config = replay(3, "x.pcap");

        assertThat(config.mode()).isEqualTo(ExecutionMode.THREADED);
        assertThat(config.workers()).isEqualTo(PipelineConfig.defaultWorkers());
    }

    @Test
    void shouldKeepTheBenchmarksThreadedByDefault()
    {
        final BenchPipelineCommand command = new BenchPipelineCommand();
        final CommandLine cl = new CommandLine(command);
        cl.parseArgs();

        assertThat(command.pipelineOptions.config(cl.getCommandSpec()).mode()).isEqualTo(ExecutionMode.THREADED);
    }

    @Test
    void shouldGiveAnInlineReplaySmallRingsThatHoldSeveralBatches()
    {
        final PipelineConfig small = replay(2, "x.pcap");
        final PipelineConfig large = replay(2, "x.pcap", "--batch", "512");
        final PipelineConfig threaded = replay(2, "x.pcap", "--workers", "1");

        assertThat(small.ingressCapacity()).isEqualTo(PipelineOptions.INLINE_RING_MIN_SLOTS);
        assertThat(small.egressCapacity()).isEqualTo(PipelineOptions.INLINE_RING_MIN_SLOTS);
        assertThat(large.ingressCapacity()).isEqualTo(2048);
        assertThat(threaded.ingressCapacity()).isEqualTo(new PipelineConfig().ingressCapacity());
    }
}
