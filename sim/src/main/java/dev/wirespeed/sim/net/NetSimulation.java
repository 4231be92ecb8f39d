package dev.wirespeed.sim.net;

import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.sim.net.event.EventPayload;
import dev.wirespeed.sim.net.event.EventQueue;
import dev.wirespeed.sim.net.event.TimingWheel;
import dev.wirespeed.sim.net.fabric.FabricDropReason;
import dev.wirespeed.sim.net.fabric.NodeKind;
import dev.wirespeed.sim.net.fabric.PacketPool;
import dev.wirespeed.sim.net.fabric.PortQueues;
import dev.wirespeed.sim.net.fabric.SwitchFibs;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.output.LinkCaptures;
import dev.wirespeed.sim.net.output.QueueSamples;
import dev.wirespeed.sim.net.timeline.TimelineAction;
import dev.wirespeed.sim.net.traffic.Flows;
import dev.wirespeed.sim.net.traffic.SidecarTraffic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a {@link NetScenario}: a single-threaded, deterministic discrete-event simulation with
 * integer-nanosecond time. Same scenario and seed, same events in the same order, same results.
 *
 * <p>Events (two primitives each in the {@link EventQueue}, laid out by {@link EventPayload}):
 * <ul>
 *   <li>{@code SEND(flow)}: a host sends a flow's next packet into its NIC's egress queue;</li>
 *   <li>{@code TX_DONE(port)}: the last bit of the packet on a port's wire left; the packet will reach the
 *       far end after the link's propagation delay, and the next queued packet starts;</li>
 *   <li>{@code ARRIVE(packet, port)}: a packet arrived whole at a port (store and forward): a host takes
 *       it, a switch forwards it with its FIB's {@link L3Forwarding} (ECMP by the packet's flow hash, or a
 *       random one per packet in spray mode) into an egress queue;</li>
 *   <li>{@code FORWARDED(packet, port)}: a switch with a pipeline latency finished forwarding;</li>
 *   <li>{@code TIMELINE(i)}, {@code REQUEST(flow)}: a timeline change; a sidecar's request;</li>
 *   <li>{@code SAMPLE}: a row of the queue-occupancy time series, when asked for.</li>
 * </ul>
 *
 * <p>{@link #runUntil} and {@link #step} are the embedding API; nothing here starts a thread. In steady
 * state an event allocates nothing (the queues, packet pool and port rings grow only to new maxima).
 */
public final class NetSimulation implements AutoCloseable
{
    private static final int SEND = 0;
    private static final int TX_DONE = 1;
    private static final int ARRIVE = 2;
    private static final int FORWARDED = 3;
    private static final int TIMELINE = 4;
    private static final int REQUEST = 5;
    private static final int SAMPLE = 6;
    private static final int INITIAL_TTL = 64;

    private final NetScenario scenario;
    private final Topology topology;
    private final EventQueue events;
    private final PortQueues ports;
    private final PacketPool packets = new PacketPool();
    private final SwitchFibs fibs;
    private final Flows flows;
    private final SidecarTraffic sidecars;
    private final List<TimelineAction> timeline;
    private final L3Result l3 = new L3Result();
    private final SplittableRandom spray;
    private final boolean spraying;
    private final long switchLatency;

    private final boolean[] isSwitch;
    private final int[] nodeAddress;
    private final int[] firstPort;
    private final int[] portNode;
    private final int[] peer;
    private final long[] rate;
    private final long[] delay;
    private final int[] framing;

    private PacketListener listener = PacketListener.NONE;
    private LinkCaptures captures;
    private QueueSamples samples;
    private long now;
    private long eventCount;
    private long sent;
    private long received;
    private long dropped;

    /**
     * Builds the network (every switch's FIB included) and schedules every flow's first packet and every
     * timeline change. Uses a {@link TimingWheel}.
     *
     * @param scenario the scenario.
     */
    public NetSimulation(final NetScenario scenario)
    {
        this(scenario, new TimingWheel());
    }

    /**
     * @param scenario the scenario.
     * @param events   an empty event queue (the reference {@code BinaryHeapEvents} in differential tests).
     */
    public NetSimulation(final NetScenario scenario, final EventQueue events)
    {
        this.scenario = scenario;
        this.topology = scenario.topology();
        this.events = events;
        this.ports = new PortQueues(topology);
        this.fibs = new SwitchFibs(topology, ports);
        this.flows = new Flows(scenario.flows(), topology, scenario.seed());
        this.timeline = List.copyOf(scenario.timeline());
        this.spray = new SplittableRandom(scenario.seed());
        this.spraying = scenario.ecmp() == NetScenario.Ecmp.SPRAY;
        this.switchLatency = scenario.switchLatencyNs();
        final int n = topology.nodeCount();
        isSwitch = new boolean[n];
        nodeAddress = new int[n];
        firstPort = new int[n];
        for (int i = 0; i < n; i++)
        {
            isSwitch[i] = topology.kind(i) == NodeKind.SWITCH;
            nodeAddress[i] = topology.address(i);
            firstPort[i] = topology.firstPort(i);
        }
        final int p = topology.portCount();
        portNode = new int[p];
        peer = new int[p];
        rate = new long[p];
        delay = new long[p];
        framing = new int[p];
        for (int i = 0; i < p; i++)
        {
            portNode[i] = topology.portNode(i);
            peer[i] = topology.peer(i);
            rate[i] = topology.spec(i).rateBps();
            delay[i] = topology.spec(i).delayNs();
            framing[i] = topology.spec(i).framingBytes();
        }
        this.sidecars = scenario.sidecars() == null ? null
            : new SidecarTraffic(scenario.sidecars(), topology, flows.size(), scenario.seed());
        for (int f = 0; f < flows.size(); f++)
        {
            final long t = flows.firstSend(f);
            if (t >= 0)
            {
                events.schedule(t, EventPayload.pack(SEND, f, 0));
            }
        }
        if (sidecars != null)
        {
            for (int r = 0; r < sidecars.size(); r++)
            {
                final long t = sidecars.firstRequest(r);
                if (t >= 0)
                {
                    events.schedule(t, EventPayload.pack(REQUEST, r, 0));
                }
            }
        }
        for (int i = 0; i < timeline.size(); i++)
        {
            events.schedule(timeline.get(i).atNs(), EventPayload.pack(TIMELINE, 0, i));
        }
    }

    /**
     * @param packetListener per-packet callbacks (replaces the previous one).
     * @return this.
     */
    public NetSimulation listener(final PacketListener packetListener)
    {
        this.listener = packetListener == null ? PacketListener.NONE : packetListener;
        return this;
    }

    /**
     * Captures packets on links into pcap files from now on (see {@link LinkCaptures}); the simulation
     * closes them.
     *
     * @param linkCaptures the captures, or {@code null} for none.
     * @return this.
     */
    public NetSimulation capture(final LinkCaptures linkCaptures)
    {
        this.captures = linkCaptures;
        return this;
    }

    /**
     * Samples queue occupancy from now on, every {@link QueueSamples#intervalNs()} (the first sample one
     * interval from now); the simulation closes the writer.
     *
     * @param queueSamples the time-series writer.
     * @return this.
     */
    public NetSimulation sample(final QueueSamples queueSamples)
    {
        this.samples = queueSamples;
        events.schedule(now + queueSamples.intervalNs(), EventPayload.pack(SAMPLE, 0, 0));
        return this;
    }

    /**
     * Processes every event at or before {@code timeNs}, then sets the clock to {@code timeNs}.
     *
     * @param timeNs the time to run to.
     * @return events processed.
     */
    public long runUntil(final long timeNs)
    {
        final long before = eventCount;
        final EventQueue q = events;
        while (q.nextTime() <= timeNs)
        {
            step();
        }
        if (timeNs > now)
        {
            now = timeNs;
        }
        return eventCount - before;
    }

    /** Runs to the scenario's end time. @return events processed. */
    public long run()
    {
        return runUntil(scenario.untilNs());
    }

    /**
     * Processes the next event.
     *
     * @return false if there was none.
     */
    public boolean step()
    {
        final EventQueue q = events;
        if (q.isEmpty())
        {
            return false;
        }
        final long payload = q.poll();
        now = q.polledTime();
        eventCount++;
        final int a = EventPayload.a(payload);
        final int b = EventPayload.b(payload);
        switch (EventPayload.type(payload))
        {
            case SEND:
                send(a);
                break;
            case TX_DONE:
                txDone(b);
                break;
            case ARRIVE:
                arrive(a, b);
                break;
            case FORWARDED:
                forward(a, b);
                break;
            case TIMELINE:
                apply(timeline.get(b));
                break;
            case SAMPLE:
                samples.sample(now, ports);
                if (!q.isEmpty())
                {
                    q.schedule(now + samples.intervalNs(), payload); // stop when nothing else is left to happen
                }
                break;
            default:
                request(a);
                break;
        }
        return true;
    }

    private void send(final int f)
    {
        final Flows fl = flows;
        final int p = packets.allocate(f, fl.bytes(f), fl.srcAddress(f), fl.dstAddress(f), fl.srcPort(f), fl.dstPort(f),
            fl.hash(f), INITIAL_TTL, -1, now);
        flows.countSent(f);
        sent++;
        enqueue(firstPort[flows.src(f)], p);
        final long next = flows.nextSend(f, now);
        if (next >= 0)
        {
            events.schedule(next, EventPayload.pack(SEND, f, 0));
        }
    }

    private void request(final int r)
    {
        final int packetCount = sidecars.route(r, now);
        final int src = sidecars.src(r);
        final int flowId = sidecars.flowId(r);
        for (int i = 0; i < packetCount; i++)
        {
            final SidecarTraffic sc = sidecars;
            final int p = packets.allocate(flowId, sc.packetBytes(r, i), sc.srcAddress(r), sc.lastDstAddress(),
                sc.lastSrcPort(), sc.lastDstPort(), sc.lastHash(), INITIAL_TTL, sc.lastTag(), now);
            sent++;
            sidecars.countSent(r);
            enqueue(firstPort[src], p);
        }
        final long next = sidecars.nextRequest(r, now);
        if (next >= 0)
        {
            events.schedule(next, EventPayload.pack(REQUEST, r, 0));
        }
    }

    /** A packet leaves through a port: straight onto an idle wire, else into the queue if admitted. */
    private void enqueue(final int port, final int p)
    {
        final PortQueues q = ports;
        if (q.onWire(port) < 0 && q.up(port))
        {
            startTx(port, p);
            return;
        }
        final int bytes = packets.bytes(p);
        final int reason = q.admit(port, bytes);
        if (reason != FabricDropReason.NONE)
        {
            drop(p, port, reason);
            return;
        }
        q.push(port, p, bytes);
        listener.enqueued(now, p, port, q.queuedPackets(port));
    }

    private void startTx(final int port, final int p)
    {
        ports.onWire(port, p);
        if (captures != null && captures.captures(port))
        {
            captures.write(port, packets, p, now);
        }
        final long bits = (packets.bytes(p) + (long)framing[port]) * 8L;
        final long r = rate[port];
        final long wire = (bits * 1_000_000_000L + r / 2) / r;
        ports.countTx(port, packets.bytes(p), wire);
        events.schedule(now + wire, EventPayload.pack(TX_DONE, 0, port));
    }

    private void txDone(final int port)
    {
        final PortQueues q = ports;
        final int p = q.onWire(port);
        if (q.up(port))
        {
            events.schedule(now + delay[port], EventPayload.pack(ARRIVE, p, peer[port]));
        }
        else
        {
            drop(p, port, FabricDropReason.LINK_DOWN);
        }
        if (q.queuedPackets(port) > 0)
        {
            startTx(port, q.pop(port, packets));
        }
        else
        {
            q.onWire(port, -1);
        }
    }

    private void arrive(final int p, final int port)
    {
        final int node = portNode[port];
        if (!isSwitch[node])
        {
            if (packets.dst(p) == nodeAddress[node])
            {
                deliver(p, node);
            }
            else
            {
                drop(p, port, FabricDropReason.WRONG_HOST);
            }
            return;
        }
        if (switchLatency > 0)
        {
            events.schedule(now + switchLatency, EventPayload.pack(FORWARDED, p, port));
            return;
        }
        forward(p, port);
    }

    /** A switch's L3 stage: the engine's {@link L3Forwarding} over this switch's FIB. */
    private void forward(final int p, final int ingressPort)
    {
        final int node = portNode[ingressPort];
        final int hash = spraying ? spray.nextInt() : packets.hash(p);
        final L3Result r = l3;
        fibs.forwarding(node).forwardIpv4(packets.dst(p), packets.ttl(p), hash, r);
        if (r.action == L3Result.ACTION_FORWARD)
        {
            packets.ttl(p, r.ttl);
            enqueue(firstPort[node] + r.egressPort, p);
        }
        else
        {
            drop(p, ingressPort, r.action == L3Result.ACTION_DROP ? r.reason : FabricDropReason.NO_ROUTE);
        }
    }

    private void deliver(final int p, final int node)
    {
        final int flow = packets.flow(p);
        final long latency = now - packets.sentAt(p);
        if (flow < flows.size())
        {
            flows.countDelivered(flow, latency);
        }
        else
        {
            sidecars.countDelivered(flow, packets.tag(p), latency);
        }
        received++;
        listener.delivered(now, p, flow, node, latency);
        packets.free(p);
    }

    private void drop(final int p, final int port, final int reason)
    {
        final int flow = packets.flow(p);
        ports.countDrop(port, reason);
        if (flow < flows.size())
        {
            flows.countDropped(flow);
        }
        else
        {
            sidecars.countDropped(flow);
        }
        dropped++;
        listener.dropped(now, p, flow, port, reason);
        packets.free(p);
    }

    private void apply(final TimelineAction action)
    {
        switch (action.kind())
        {
            case LINK_DOWN:
            case LINK_UP:
                setLink(action, action.kind() == TimelineAction.Kind.LINK_UP);
                break;
            case ROUTE_WITHDRAW:
            case ROUTE_ANNOUNCE:
                fibs.withdraw(topology.node(action.a()), topology.node(action.b()),
                    action.kind() == TimelineAction.Kind.ROUTE_WITHDRAW);
                fibs.recompute();
                break;
            default:
                if (sidecars == null)
                {
                    throw new IllegalStateException("config swap at " + action.atNs()
                        + " ns but the scenario has no sidecars");
                }
                sidecars.swap(action.a());
                break;
        }
    }

    private void setLink(final TimelineAction action, final boolean up)
    {
        final int a = topology.node(action.a());
        final int b = topology.node(action.b());
        final int link = a < 0 || b < 0 ? -1 : topology.linkBetween(a, b);
        if (link < 0)
        {
            throw new IllegalStateException("no link between '" + action.a() + "' and '" + action.b() + "'");
        }
        for (int port = 0; port < topology.portCount(); port++)
        {
            if (topology.link(port) == link)
            {
                ports.up(port, up);
                while (!up && ports.queuedPackets(port) > 0)
                {
                    drop(ports.pop(port, packets), port, FabricDropReason.LINK_DOWN);
                }
            }
        }
        fibs.recompute();
    }

    /** @return the simulated time (ns). */
    public long now()
    {
        return now;
    }

    /** @return events processed so far. */
    public long events()
    {
        return eventCount;
    }

    /** @return events pending. */
    public int pendingEvents()
    {
        return events.size();
    }

    /** @return packets sent by hosts and sidecars. */
    public long sent()
    {
        return sent;
    }

    /** @return packets delivered to their destination host. */
    public long received()
    {
        return received;
    }

    /** @return packets dropped, every reason. */
    public long dropped()
    {
        return dropped;
    }

    /** @return packets in flight (queued, on a wire, propagating, or inside a switch's pipeline). */
    public long inFlight()
    {
        return packets.live();
    }

    /**
     * Checks conservation: sent = received + dropped + in flight.
     *
     * @throws IllegalStateException if it does not hold.
     */
    public void checkConservation()
    {
        if (sent != received + dropped + packets.live())
        {
            throw new IllegalStateException("conservation violated: sent " + sent + " != received " + received
                + " + dropped " + dropped + " + in flight " + packets.live());
        }
    }

    /** @return the scenario. */
    public NetScenario scenario()
    {
        return scenario;
    }

    /** @return the topology. */
    public Topology topology()
    {
        return topology;
    }

    /** @return the ports' queues and counters. */
    public PortQueues ports()
    {
        return ports;
    }

    /** @return the flows and their counters. */
    public Flows flows()
    {
        return flows;
    }

    /** @return the sidecar traffic, or {@code null}. */
    public SidecarTraffic sidecars()
    {
        return sidecars;
    }

    /** @return the switches' FIBs. */
    public SwitchFibs fibs()
    {
        return fibs;
    }

    @Override
    public void close()
    {
        if (samples != null)
        {
            try
            {
                samples.close();
            }
            catch (final java.io.IOException e)
            {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (captures != null)
        {
            try
            {
                captures.close();
            }
            catch (final java.io.IOException e)
            {
                throw new java.io.UncheckedIOException(e);
            }
        }
        fibs.close();
        if (sidecars != null)
        {
            sidecars.close();
        }
    }
}
