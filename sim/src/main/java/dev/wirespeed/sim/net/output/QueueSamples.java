package dev.wirespeed.sim.net.output;

import dev.wirespeed.sim.net.fabric.PortQueues;
import dev.wirespeed.sim.net.fabric.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A queue-occupancy time series: every {@code intervalNs} of simulated time, one CSV row
 * ({@code timeNs,port,node,index,peer,queuedPackets,queuedBytes}) for each port with packets waiting (empty
 * queues are left out, so the file stays small). Optional; it builds text per row, so it is not part of
 * the allocation-free path.
 */
public final class QueueSamples implements AutoCloseable
{
    private final Topology topology;
    private final long intervalNs;
    private final Writer out;

    /**
     * @param topology   the network.
     * @param file       the CSV file to write.
     * @param intervalNs the sampling interval (ns, > 0).
     * @throws IOException if the file cannot be created.
     */
    public QueueSamples(final Topology topology, final Path file, final long intervalNs) throws IOException
    {
        if (intervalNs <= 0)
        {
            throw new IllegalArgumentException("sampling interval must be positive: " + intervalNs);
        }
        this.topology = topology;
        this.intervalNs = intervalNs;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write("timeNs,port,node,index,peer,queuedPackets,queuedBytes\n");
    }

    /** @return the sampling interval. */
    public long intervalNs()
    {
        return intervalNs;
    }

    /**
     * Writes the rows of one sample.
     *
     * @param timeNs now.
     * @param ports  the queues.
     */
    public void sample(final long timeNs, final PortQueues ports)
    {
        try
        {
            for (int p = 0; p < ports.size(); p++)
            {
                final int q = ports.queuedPackets(p);
                if (q > 0)
                {
                    final String node = topology.name(topology.portNode(p));
                    final String peer = topology.name(topology.portNode(topology.peer(p)));
                    out.write(timeNs + "," + p + "," + node + "," + topology.portIndex(p) + "," + peer + "," + q + ","
                        + ports.queuedBytes(p) + "\n");
                }
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
