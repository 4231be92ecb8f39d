package dev.wirespeed.sim.net.traffic;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.fib.l3.FlowHash;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.net.fabric.NodeKind;
import dev.wirespeed.sim.net.fabric.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Sidecar hosts' requests, routed through the L7 FIB with the embedding API ({@link Engine.Session}) before
 * their packets enter the fabric. Every named configuration is compiled into its own {@link Engine} (its
 * own FIB generation) when the simulation is built; a {@link #swap} moves every sidecar to another one at
 * once, between two events, so no request is ever routed by a half-changed table and packets already sent
 * are not touched.
 *
 * <p>Counters are kept per (configuration, cluster) pair — a "tag" the packets carry — so a report can show
 * the per-subset split before and after a swap (e.g. reviews v1/v2 80/20, then v1/v3 50/50).
 */
public final class SidecarTraffic implements AutoCloseable
{
    /** Cluster indices tracked per configuration. */
    private static final int MAX_CLUSTERS = 4096;
    private static final int TCP = 6;

    private final List<String> configNames = new ArrayList<>();
    private final Engine[] engines;
    private final Engine.Session[] sessions;
    private final RequestFlowSpec[] specs;
    private final RequestIdView[] views;
    private final int[] src;
    private final int[] srcAddress;
    private final SplittableRandom[] random;
    private final long[] nextId;
    private final long[] sentPackets;
    private final long[] requestCount;
    private final int firstFlowId;
    private final Topology topology;
    private final L7Result l7 = new L7Result();
    private final L3Result l3 = new L3Result();

    private final long[] tagRequests;
    private final long[] tagSentPackets;
    private final long[] tagDelivered;
    private final long[] tagDropped;
    private final String[] tagNames;
    private long unrouted;
    private long delivered;
    private long dropped;
    private int current;
    private int lastDst;
    private int lastHash;
    private int lastTag;
    private int lastSrcPort;
    private int lastDstPort;

    /**
     * Compiles every configuration and prepares every request stream.
     *
     * @param spec        the sidecar spec.
     * @param topology    the network.
     * @param firstFlowId the flow id of the first request stream (after the UDP flows).
     * @param seed        the run's seed.
     */
    public SidecarTraffic(final SidecarSpec spec, final Topology topology, final int firstFlowId, final long seed)
    {
        this.topology = topology;
        this.firstFlowId = firstFlowId;
        final int c = spec.configs().size();
        engines = new Engine[c];
        sessions = new Engine.Session[c];
        int i = 0;
        for (final Map.Entry<String, List<java.nio.file.Path>> e : spec.configs().entrySet())
        {
            configNames.add(e.getKey());
            engines[i] = Engine.load(e.getValue());
            sessions[i] = engines[i].newSession();
            i++;
        }
        current = configNames.indexOf(spec.initial());
        if (current < 0)
        {
            throw new IllegalArgumentException("sidecars: initial configuration '" + spec.initial()
                + "' is not defined");
        }
        final int n = spec.requests().size();
        specs = spec.requests().toArray(new RequestFlowSpec[0]);
        views = new RequestIdView[n];
        src = new int[n];
        srcAddress = new int[n];
        random = new SplittableRandom[n];
        nextId = new long[n];
        sentPackets = new long[n];
        requestCount = new long[n];
        for (int r = 0; r < n; r++)
        {
            final RequestFlowSpec s = specs[r];
            src[r] = topology.node(s.src());
            if (src[r] < 0 || topology.kind(src[r]) != NodeKind.SIDECAR)
            {
                throw new IllegalArgumentException("request flow '" + s.name() + "': '" + s.src()
                    + "' is not a sidecar host");
            }
            srcAddress[r] = topology.address(src[r]);
            final HttpRequest template = new HttpRequest(0, 0, IpText.formatIpv4(srcAddress[r]), s.port(), "mesh",
                "default", s.sourceLabels(), "GET", "http", s.authority(), s.path(), s.headers());
            views[r] = new RequestIdView(HttpRequestView.of(template));
            random[r] = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + firstFlowId + r);
            nextId[r] = (long)r << 40;
        }
        tagRequests = new long[c * MAX_CLUSTERS];
        tagSentPackets = new long[c * MAX_CLUSTERS];
        tagDelivered = new long[c * MAX_CLUSTERS];
        tagDropped = new long[c * MAX_CLUSTERS];
        tagNames = new String[c * MAX_CLUSTERS];
    }

    /** @return number of request streams. */
    public int size()
    {
        return specs.length;
    }

    /** @param r a stream. @return its first request time, or -1. */
    public long firstRequest(final int r)
    {
        return specs[r].startNs() < specs[r].stopNs() ? specs[r].startNs() : -1;
    }

    /**
     * @param r   a stream.
     * @param now the time of the request just made.
     * @return the next request's time, or -1 when the stream has ended.
     */
    public long nextRequest(final int r, final long now)
    {
        final RequestFlowSpec s = specs[r];
        final long gap = s.pattern() == FlowSpec.Pattern.POISSON
            ? Math.max(1L, Math.round(-Math.log1p(-random[r].nextDouble()) * s.intervalNs()))
            : s.intervalNs();
        final long t = now + gap;
        return t < s.stopNs() ? t : -1;
    }

    /**
     * Routes a stream's next request through the current L7 FIB.
     *
     * @param r   the stream.
     * @param now now.
     * @return the number of packets to send ({@link #lastDstAddress()}, {@link #lastHash()},
     *         {@link #lastTag()} describe them), 0 if the request was not routed to a host of the network.
     */
    public int route(final int r, final long now)
    {
        final long id = nextId[r]++;
        requestCount[r]++;
        final Engine.Session session = sessions[current];
        session.route(views[r].id(id), l7, l3);
        final int ep = l7.endpoint;
        if (l7.action != L7Result.ACTION_ROUTE || ep < 0 || session.l7().endpointFamily(ep) != 4)
        {
            unrouted++;
            return 0;
        }
        final int address = session.l7().endpointAddressWord(ep, 0);
        if (topology.nodeByAddress(address) < 0 || l7.cluster < 0 || l7.cluster >= MAX_CLUSTERS)
        {
            unrouted++;
            return 0;
        }
        lastDst = address;
        lastSrcPort = 32768 + (int)(id & 0x3FFF);
        lastDstPort = session.l7().endpointPort(ep);
        lastHash = FlowHash.ipv4(srcAddress[r], address, lastSrcPort, lastDstPort, TCP);
        lastTag = current * MAX_CLUSTERS + l7.cluster;
        if (tagNames[lastTag] == null)
        {
            nameTag(lastTag, session, r, id); // first sight of this cluster in this configuration only
        }
        tagRequests[lastTag]++;
        final RequestFlowSpec s = specs[r];
        final int perPacket = s.mtuBytes() - 40;
        return (s.requestBytes() + perPacket - 1) / perPacket;
    }

    private void nameTag(final int tag, final Engine.Session session, final int r, final long id)
    {
        final RouteDecision d = engines[current].router().materialize(l7, views[r].id(id));
        tagNames[tag] = d.cluster() == null ? "cluster-" + l7.cluster : d.cluster();
    }

    /**
     * @param r a stream.
     * @param i a packet index of the current request.
     * @return that packet's IP length.
     */
    public int packetBytes(final int r, final int i)
    {
        final RequestFlowSpec s = specs[r];
        final int perPacket = s.mtuBytes() - 40;
        final int n = (s.requestBytes() + perPacket - 1) / perPacket;
        return i < n - 1 ? s.mtuBytes() : s.requestBytes() - (n - 1) * perPacket + 40;
    }

    /** @return the destination of the last routed request. */
    public int lastDstAddress()
    {
        return lastDst;
    }

    /** @return the source port of the last routed request. */
    public int lastSrcPort()
    {
        return lastSrcPort;
    }

    /** @return the destination (endpoint) port of the last routed request. */
    public int lastDstPort()
    {
        return lastDstPort;
    }

    /** @param r a stream. @return its sidecar's address. */
    public int srcAddress(final int r)
    {
        return srcAddress[r];
    }

    /** @return the flow hash of the last routed request. */
    public int lastHash()
    {
        return lastHash;
    }

    /** @return the tag of the last routed request. */
    public int lastTag()
    {
        return lastTag;
    }

    /** @param r a stream. @return its sidecar host. */
    public int src(final int r)
    {
        return src[r];
    }

    /** @param r a stream. @return its flow id. */
    public int flowId(final int r)
    {
        return firstFlowId + r;
    }

    /** @param r a stream. Counts a packet sent. */
    public void countSent(final int r)
    {
        sentPackets[r]++;
        tagSentPackets[lastTag]++;
    }

    /**
     * @param flowId    a stream's flow id.
     * @param tag       the packet's tag.
     * @param latencyNs its latency.
     */
    public void countDelivered(final int flowId, final int tag, final long latencyNs)
    {
        delivered++;
        tagDelivered[tag]++;
    }

    /** @param flowId a stream's flow id. Counts a drop. */
    public void countDropped(final int flowId)
    {
        dropped++;
    }

    /**
     * Moves every sidecar to another configuration.
     *
     * @param name the configuration.
     */
    public void swap(final String name)
    {
        final int i = configNames.indexOf(name);
        if (i < 0)
        {
            throw new IllegalStateException("config swap to '" + name + "', which the scenario does not define");
        }
        current = i;
    }

    /** @return the configuration names, in order. */
    public List<String> configNames()
    {
        return List.copyOf(configNames);
    }

    /**
     * Per-(configuration, cluster) counts.
     *
     * @return one row per tag that saw a request: config, cluster, requests, packets sent, delivered.
     */
    public List<TagCount> tagCounts()
    {
        final List<TagCount> rows = new ArrayList<>();
        for (int t = 0; t < tagNames.length; t++)
        {
            if (tagNames[t] != null)
            {
                rows.add(new TagCount(configNames.get(t / MAX_CLUSTERS), tagNames[t], tagRequests[t], tagSentPackets[t],
                    tagDelivered[t]));
            }
        }
        return rows;
    }

    /** @return requests not routed to a host of the network (no route, abort, an endpoint outside it). */
    public long unrouted()
    {
        return unrouted;
    }

    /** @return request packets delivered. */
    public long delivered()
    {
        return delivered;
    }

    /** @return request packets dropped. */
    public long dropped()
    {
        return dropped;
    }

    /** @param r a stream. @return its name. */
    public String name(final int r)
    {
        return specs[r].name();
    }

    /** @param r a stream. @return requests made. */
    public long requests(final int r)
    {
        return requestCount[r];
    }

    /** @param r a stream. @return packets sent. */
    public long sentPackets(final int r)
    {
        return sentPackets[r];
    }

    @Override
    public void close()
    {
        for (final Engine e : engines)
        {
            e.close();
        }
    }

    /**
     * Counts for one (configuration, cluster).
     *
     * @param config    the configuration in force when the requests were routed.
     * @param cluster   the Envoy cluster name ({@code outbound|9080|v1|reviews...}).
     * @param requests  requests routed to it.
     * @param packets   their packets sent.
     * @param delivered their packets delivered.
     */
    public record TagCount(String config, String cluster, long requests, long packets, long delivered)
    {
    }
}
