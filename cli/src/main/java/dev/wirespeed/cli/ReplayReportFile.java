package dev.wirespeed.cli;

import dev.wirespeed.sim.replay.ReplaySummary;
import dev.wirespeed.sim.report.ReplayReportPage;
import dev.wirespeed.sim.report.ReportTally;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes {@code replay --report FILE.html}, with one clear message when the file cannot be written. */
final class ReplayReportFile
{
    private ReplayReportFile()
    {
    }

    static void write(final Path file, final String title, final ReplaySummary summary, final ReportTally tally)
    {
        final String page = ReplayReportPage.render(title, summary, tally);
        try (OutputStream out = OutputFiles.open(file, "--report"))
        {
            out.write(page.getBytes(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw OutputFiles.writeFailed(file, ex);
        }
    }
}
