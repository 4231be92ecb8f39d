package dev.wirespeed.flink.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The execution environment of a command: a remote cluster ({@code --jobmanager HOST:PORT}, the job jar shipped
 * with the job), or the one {@code flink run} provides, or a local MiniCluster; a fixed-delay restart strategy
 * (3 attempts) and the parallelism asked for.
 */
final class Environments
{
    private Environments()
    {
    }

    static StreamExecutionEnvironment create(final CommandSpec spec, final String jobmanager,
        final Integer parallelism) throws URISyntaxException
    {
        final Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        final StreamExecutionEnvironment env;
        if (jobmanager != null)
        {
            final int colon = jobmanager.lastIndexOf(':');
            if (colon <= 0)
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--jobmanager wants HOST:PORT (the cluster's REST address), not " + jobmanager);
            }
            final String jar = Path.of(FlinkCli.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
            if (!jar.endsWith(".jar"))
            {
                throw new IllegalStateException("--jobmanager ships the job jar: run from wirespeed-flink.jar");
            }
            env = StreamExecutionEnvironment.createRemoteEnvironment(jobmanager.substring(0, colon),
                Integer.parseInt(jobmanager.substring(colon + 1)), conf, jar);
        }
        else
        {
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        if (parallelism != null)
        {
            env.setParallelism(parallelism);
        }
        return env;
    }
}
