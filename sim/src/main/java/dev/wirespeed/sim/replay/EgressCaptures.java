package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.egress.IpRewrite;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.trace.PcapWriter;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The egress stage of a capture replay ({@code --pcap-out DIR}): a packet decided {@code forward} or {@code route}
 * to an egress port is copied with its TTL (hop limit) decremented and its IPv4 checksum patched
 * ({@link IpRewrite}) into {@code DIR/port-N.pcap}. It works over the decision descriptor (action, egress port)
 * and the packet's ingress parse result (IP version, header length, L3 offset): the packet is not parsed again.
 * A port that sees a second link type gets one file per link type ({@code port-N-linktype-L.pcap}). Runs on the
 * driving thread; allocates only to open a file or to grow its copy buffer for a larger packet.
 */
final class EgressCaptures implements Closeable
{
    private final Path directory;
    private final Map<Long, PcapWriter> pcaps = new HashMap<>();
    private UnsafeBuffer rewriteBuffer;

    /**
     * @param directory where the captures go (made if missing).
     * @throws IOException when it cannot be made.
     */
    EgressCaptures(final Path directory) throws IOException
    {
        this.directory = directory;
        Files.createDirectories(directory);
    }

    /**
     * @param d         the decision.
     * @param address   native address of the packet's bytes (0 when the record has none).
     * @param p         the packet's ingress parse result.
     * @param linkType  its link type.
     * @param timestamp its capture time, ns.
     * @param origLen   its bytes on the wire.
     * @throws IOException on a write error.
     */
    void write(final DecisionDescriptor d, final long address, final ParsedPacket p, final int linkType,
        final long timestamp, final int origLen) throws IOException
    {
        final int action = d.action();
        final int port = d.egressPort();
        if (port < 0 || address == 0 || action != Actions.FORWARD && action != Actions.ROUTE)
        {
            return;
        }
        final int length = p.capturedLength;
        if (rewriteBuffer == null || rewriteBuffer.capacity() < length)
        {
            rewriteBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                Math.max(1 << 16, Integer.highestOneBit(Math.max(length, 1)) * 2), 64));
        }
        final int n = IpRewrite.rewrite(address, p, rewriteBuffer.addressOffset(), rewriteBuffer.capacity());
        if (n < 0)
        {
            return; // not IP or TTL expired: the forwarder would not have forwarded it
        }
        final long key = ((long)port << 32) | (linkType & 0xFFFF_FFFFL);
        PcapWriter w = pcaps.get(key);
        if (w == null)
        {
            w = open(port, linkType);
            pcaps.put(key, w);
        }
        w.write(timestamp, rewriteBuffer.addressOffset(), n, origLen);
    }

    private PcapWriter open(final int port, final int linkType) throws IOException
    {
        for (final Long key : pcaps.keySet())
        {
            if ((int)(key >>> 32) == port)
            {
                // a second link type on this port: its own file, so each file has one link type
                final Path file = directory.resolve("port-" + port + "-linktype-" + linkType + ".pcap");
                return PcapWriter.create(file, linkType, PcapWriter.Precision.NANOS, PcapWriter.DEFAULT_SNAPLEN);
            }
        }
        return PcapWriter.create(directory.resolve("port-" + port + ".pcap"), linkType, PcapWriter.Precision.NANOS,
            PcapWriter.DEFAULT_SNAPLEN);
    }

    @Override
    public void close() throws IOException
    {
        IOException first = null;
        for (final PcapWriter w : pcaps.values())
        {
            try
            {
                w.close();
            }
            catch (final IOException ex)
            {
                first = first == null ? ex : first;
            }
        }
        if (first != null)
        {
            throw first;
        }
    }
}
