package dev.wirespeed.sim.net.output;

import dev.wirespeed.sim.net.fabric.PacketPool;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.trace.PcapWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-link packet captures, like ns-3's pcap tracing: one pcap file per captured link
 * ({@code <a>--<b>.pcap}, nanosecond timestamps, LINKTYPE_RAW), holding every packet either end starts to
 * transmit on it, stamped with the time its first bit goes on the wire. A packet is written as its IPv4
 * header (checksum computed) and UDP header, then zero payload up to the snap length; the original length
 * is the packet's IP length, so tshark shows the real sizes.
 */
public final class LinkCaptures implements AutoCloseable
{
    /** LINKTYPE_RAW: the record starts with the IP header. */
    public static final int LINKTYPE_RAW = 101;
    private static final int UDP = 17;

    private final PcapWriter[] byPort;
    private final List<PcapWriter> writers = new ArrayList<>();
    private final byte[] frame;
    private final int snaplen;

    /**
     * @param topology the network.
     * @param dir      the folder for the files (created if needed).
     * @param links    the links to capture, each as its two node names; an empty list captures every link.
     * @param snaplen  bytes kept of each packet (at least 28).
     * @throws IOException if a file cannot be created.
     * @throws IllegalArgumentException if a pair of names is not a link.
     */
    public LinkCaptures(final Topology topology, final Path dir, final List<String[]> links, final int snaplen)
        throws IOException
    {
        this.snaplen = Math.max(28, snaplen);
        this.frame = new byte[this.snaplen];
        this.byPort = new PcapWriter[topology.portCount()];
        Files.createDirectories(dir);
        if (links.isEmpty())
        {
            for (int p = 0; p < topology.portCount(); p++)
            {
                if (p < topology.peer(p))
                {
                    open(topology, dir, p);
                }
            }
        }
        for (final String[] l : links)
        {
            final int a = topology.node(l[0]);
            final int b = topology.node(l[1]);
            final int port = a < 0 || b < 0 ? -1 : topology.portTowards(a, b);
            if (port < 0)
            {
                throw new IllegalArgumentException("no link between '" + l[0] + "' and '" + l[1] + "' to capture");
            }
            if (byPort[port] == null)
            {
                open(topology, dir, port);
            }
        }
    }

    private void open(final Topology topology, final Path dir, final int port) throws IOException
    {
        final int peer = topology.peer(port);
        final String name = topology.name(topology.portNode(port)) + "--" + topology.name(topology.portNode(peer));
        final PcapWriter w = PcapWriter.create(dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap"),
            LINKTYPE_RAW, PcapWriter.Precision.NANOS, snaplen);
        writers.add(w);
        byPort[port] = w;
        byPort[peer] = w;
    }

    /**
     * @param port a port.
     * @return whether packets it transmits are captured.
     */
    public boolean captures(final int port)
    {
        return byPort[port] != null;
    }

    /**
     * Writes a packet that starts on a port's wire.
     *
     * @param port    the port.
     * @param packets the packet pool.
     * @param p       the packet.
     * @param timeNs  now.
     */
    public void write(final int port, final PacketPool packets, final int p, final long timeNs)
    {
        final byte[] f = frame;
        final int length = packets.bytes(p);
        final int n = Math.min(snaplen, length);
        java.util.Arrays.fill(f, 0, n, (byte)0);
        f[0] = 0x45;
        putShort(f, 2, length);
        f[8] = (byte)packets.ttl(p);
        f[9] = UDP;
        putInt(f, 12, packets.src(p));
        putInt(f, 16, packets.dst(p));
        putShort(f, 10, checksum(f));
        putShort(f, 20, packets.srcPort(p));
        putShort(f, 22, packets.dstPort(p));
        putShort(f, 24, length - 20);
        try
        {
            byPort[port].write(timeNs, f, 0, n, length);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static int checksum(final byte[] f)
    {
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += ((f[i] & 0xFF) << 8) | (f[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    private static void putShort(final byte[] b, final int at, final int v)
    {
        b[at] = (byte)(v >>> 8);
        b[at + 1] = (byte)v;
    }

    private static void putInt(final byte[] b, final int at, final int v)
    {
        putShort(b, at, v >>> 16);
        putShort(b, at + 2, v);
    }

    @Override
    public void close() throws IOException
    {
        for (final PcapWriter w : writers)
        {
            w.close();
        }
    }
}
