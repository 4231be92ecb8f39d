package dev.wirespeed.sim.replay;

import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.DescriptorSource;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.DecisionOutput;
import dev.wirespeed.sim.report.ReportTally;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The input side of the {@link ReplayDriver}: what differs between a packet capture and a JSONL request trace.
 * A source opens its file and the pipeline whose forwarders read what it fills, fills one descriptor a record
 * ({@link DescriptorSource#poll}), and keeps each record's bytes and facts until its decision is out, so that the
 * driver's sink stages (summary, report, decision lines, egress captures) can ask for them in input order. Both
 * run on the pipeline's driving thread.
 */
abstract class ReplaySource implements DescriptorSource, AutoCloseable
{
    /** Records handed to the pipeline so far (blank lines of a trace are not records). */
    long records;

    /**
     * Opens the input and builds the pipeline (not started; the driver runs it).
     *
     * @param config the pipeline settings (the source may set its reason table and counter labels).
     * @return the pipeline.
     * @throws IOException when the input cannot be opened.
     */
    abstract ForwardingPipeline open(PipelineConfig config) throws IOException;

    /**
     * @param config the settings {@link #open} was given.
     * @return a decision encoder over the FIB the pipeline forwards with and the reasons its decisions carry.
     */
    abstract DecisionEncoder newEncoder(PipelineConfig config);

    /**
     * Runs the pipeline from this source into the sink.
     *
     * @param pipeline the pipeline {@link #open} built.
     * @param sink     the driver's stages.
     * @return the pipeline's counters at the end.
     * @throws IOException on a read error the source reports as such.
     */
    ConservationReport run(final ForwardingPipeline pipeline, final DecisionSink sink) throws IOException
    {
        return pipeline.run(this, sink);
    }

    /**
     * First call for each decision, in input order.
     *
     * @param d the decision.
     * @return the record's bytes on the wire (0 for a request).
     */
    abstract long wireBytes(DecisionDescriptor d);

    /**
     * Counts the decision into the HTML report's tallies.
     *
     * @param tally the report's tallies.
     * @param d     the decision.
     */
    abstract void report(ReportTally tally, DecisionDescriptor d);

    /**
     * @param encoder the encoder {@link #newEncoder} made (its names are the summary's too).
     * @param out     where the decision lines go.
     * @return the decision output: by default, lines encoded on the replay's thread with {@code encoder}.
     */
    DecisionOutput newOutput(final DecisionEncoder encoder, final OutputStream out)
    {
        return new DecisionOutput(encoder, out);
    }

    /**
     * Writes the decision's line (with the record's request text, context and tunnel as it has them).
     *
     * @param out the decision output.
     * @param d   the decision.
     * @throws IOException on a write error.
     */
    abstract void write(DecisionOutput out, DecisionDescriptor d) throws IOException;

    /**
     * @param directory the {@code --pcap-out} directory.
     * @return the egress stage that writes forwarded packets there, or {@code null} when this input has no packets.
     * @throws IOException when the directory cannot be made.
     */
    EgressCaptures openEgress(final Path directory) throws IOException
    {
        return null;
    }

    /**
     * Runs the egress stage for one decision (only a source with packets opens one).
     *
     * @param egress the stage {@link #openEgress} opened.
     * @param d      the decision.
     * @throws IOException on a write error.
     */
    void egress(final EgressCaptures egress, final DecisionDescriptor d) throws IOException
    {
        // no packets: nothing leaves
    }

    /**
     * Last call for each decision: the record is done (its memory may be reused).
     *
     * @param d the decision.
     */
    abstract void decided(DecisionDescriptor d);

    /**
     * After the run: the last progress report and anything the source still has to say.
     *
     * @param progress the progress listener.
     * @throws IOException when the file's size cannot be read.
     */
    abstract void finish(ReplayProgress progress) throws IOException;

    /** @return how many records were bad (reported on stderr by the source). */
    long badRecords()
    {
        return 0;
    }

    @Override
    public abstract void close() throws IOException;
}
