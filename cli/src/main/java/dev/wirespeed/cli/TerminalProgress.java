package dev.wirespeed.cli;

import dev.wirespeed.sim.replay.ReplayProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the terminal for replays that last longer than a second; nothing at all when the
 * output is not a terminal (pipes, files, CI).
 */
public final class TerminalProgress implements ReplayProgress, AutoCloseable
{
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;

    private final long total;
    private final String task;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private ProgressBar bar;

    /**
     * @param task    what is shown before the bar.
     * @param total   the total (bytes of the trace).
     * @param enabled false to never show a bar.
     */
    public TerminalProgress(final String task, final long total, final boolean enabled)
    {
        this.task = task;
        this.total = total;
        this.enabled = enabled && System.console() != null;
    }

    @Override
    public void at(final long bytes)
    {
        if (!enabled)
        {
            return;
        }
        if (bar == null)
        {
            if (System.nanoTime() - start < SHOW_AFTER_NANOS)
            {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" MiB", 1 << 20)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build();
        }
        bar.stepTo(Math.min(bytes, total));
    }

    @Override
    public void close()
    {
        if (bar != null)
        {
            bar.close();
        }
    }
}
