package dev.wirespeed.flink.diff;

import dev.wirespeed.sim.diff.DiffReport;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * The diff's Flink aggregation: the instances' partial {@link DiffReport}s, merged by Flink
 * ({@link DiffReport#merge}: counts add up, the lowest record indices stay the examples). An instance adds its
 * report once, when it closes, so Flink never reads a report that is still being counted.
 */
public final class ReportAccumulator implements Accumulator<DiffReport, DiffReport>
{
    /** The accumulator's name. */
    public static final String NAME = "diff-report";

    private static final long serialVersionUID = 1L;

    private final String input;
    private final boolean capture;
    private final int examples;
    private volatile DiffReport report;

    /**
     * @param input    the input's name.
     * @param capture  whether the input is a capture.
     * @param examples example records kept per change.
     */
    public ReportAccumulator(final String input, final boolean capture, final int examples)
    {
        this.input = input;
        this.capture = capture;
        this.examples = examples;
        this.report = new DiffReport(input, capture, examples);
    }

    @Override
    public void add(final DiffReport part)
    {
        final DiffReport next = copy();
        next.merge(part);
        report = next;
    }

    private DiffReport copy()
    {
        final DiffReport c = new DiffReport(input, capture, examples);
        c.merge(report);
        return c;
    }

    @Override
    public DiffReport getLocalValue()
    {
        return report;
    }

    @Override
    public void resetLocal()
    {
        report = new DiffReport(input, capture, examples);
    }

    @Override
    public void merge(final Accumulator<DiffReport, DiffReport> other)
    {
        add(other.getLocalValue());
    }

    @Override
    public ReportAccumulator clone()
    {
        final ReportAccumulator c = new ReportAccumulator(input, capture, examples);
        c.report = copy();
        return c;
    }
}
