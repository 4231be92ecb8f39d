package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.EndpointL3;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.agent.FibGeneration;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.parse.HpackDecoder;
import dev.wirespeed.pipeline.parse.HpackTables;
import dev.wirespeed.pipeline.parse.Http2Headers;
import dev.wirespeed.pipeline.parse.Http2RequestHead;
import dev.wirespeed.pipeline.parse.Http2RequestReader;
import dev.wirespeed.pipeline.parse.HttpRequestSniffer;
import dev.wirespeed.pipeline.parse.HttpRequestStart;
import dev.wirespeed.pipeline.parse.PacketBytes;
import dev.wirespeed.pipeline.parse.TlsClientHello;
import dev.wirespeed.pipeline.parse.TlsClientHelloParser;
import org.agrona.BufferUtil;

import java.nio.ByteBuffer;

/**
 * The packet forwarding stage of one worker: the path an Istio sidecar's outbound listeners give a packet,
 * then the L3 path. Reads a {@link PacketDescriptor} filled by {@link PacketIngress}, writes the
 * {@link DecisionDescriptor}; allocation-free (except where {@link L7Lookup} evaluates a regex condition).
 *
 * <ol>
 *   <li>ARP → punt ({@code arp}).</li>
 *   <li>TCP with TTL &gt; 1 to an address and port where the client has an HTTP listener
 *       ({@link MeshDirectory#isHttpPort}, {@link MeshDirectory#listenerAt} where some client has listeners bound to
 *       addresses, by the client class of the packet's source: its Sidecar's listeners, docs/routing.md §1 item 8;
 *       a sniffed listener sends only HTTP/1.1 and h2c here): a segment whose
 *       payload starts an HTTP/1.x request with a Host header is routed by the L7 path (id = record index);
 *       a request head that goes on in later segments is gathered in the flow's bounded reassembly buffer
 *       ({@link FlowReassembly}) and routed by the segment that completes it
 *       ({@link DecisionDescriptor#FLAG_REASSEMBLED}; a head over the buffer is dropped as
 *       {@code reassembly-overflow}); a flow that opens with the HTTP/2 preface (h2c, prior knowledge) is read
 *       frame by frame ({@link H2cConnections}) and each request's HEADERS block, decoded with HPACK, is routed
 *       as the HTTP/1.1 head it stands for ({@link DecisionDescriptor#FLAG_H2}; a protocol error drops the
 *       connection as {@code malformed-h2} or {@code h2-headers-too-large});
 *       the decision carries the L7 ids and, for a chosen endpoint, the L3 egress port and next hop towards
 *       it, and is stored in the flow table; a segment without a request follows its flow's stored decision
 *       ({@link DecisionDescriptor#FLAG_FOLLOW}); a segment of a flow never seen with a request takes the L3
 *       path.</li>
 *   <li>TCP with TTL &gt; 1 to a non-HTTP port: a connection to a service address goes through its {@code tcp}
 *       routes, or on a TLS or HTTPS port its {@code tls} routes by the ClientHello's SNI
 *       ({@link TlsClientHelloParser}; a malformed one is dropped as {@code malformed-tls}); a new connection
 *       (SYN without ACK) from a mesh workload to an address no service has takes {@code PassthroughCluster} or
 *       {@code BlackHoleCluster}, or the routes of the service without address its SNI names. The first segment
 *       of the direction decides, later ones follow it, except that a decision made on a segment without
 *       payload where an SNI could decide is made again by the first data segment. On a port the service does
 *       not declare the address names no service (docs/routing.md §1 item 2): the passthrough chain
 *       ({@code PassthroughCluster} or {@code BlackHoleCluster}). On a port where the client has a sniffed listener
 *       (or, when its outbound traffic policy is {@code ALLOW_ANY_DYNAMIC_DNS}, any port where it has no HTTP
 *       listener, from a mesh workload) a segment that starts an HTTP/1.x request or the h2c preface takes the HTTP
 *       path of the item above.</li>
 *   <li>Everything else: {@link L3Forwarding} ({@code ttl-expired}, punt {@code local-address},
 *       {@code no-route}, forward).</li>
 * </ol>
 *
 * <p>L7 decisions: {@code action} route/redirect/direct/abort/drop; {@code virtualHost}, {@code route},
 * {@code cluster}, {@code endpoint}, {@code status}, {@code destinationPort} (the service port) as in
 * {@link L7Result}, written by {@link DecisionDescriptor#l7}; a segment that followed its flow also has
 * {@link DecisionDescriptor#FLAG_FOLLOW}. Action and reason codes are the lookups' own ({@code Actions},
 * {@code Reasons}): nothing is translated. The writer thread turns them into text.
 */
public final class PacketForwarder implements Forwarder
{
    /** Flow table slots per worker by default. */
    public static final int DEFAULT_FLOW_CAPACITY = 1 << 16;
    /** IP protocol TCP. */
    private static final int TCP = 6;
    /** Envoy's answer to an HTTP/1.0 request when {@code accept_http_10} is off. */
    private static final int UPGRADE_REQUIRED = 426;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_ACK = 0x10;
    private static final byte[] NO_AUTHORITY = new byte[0];

    private final MeshDirectory directory;
    private final ClientClasses clients;
    /** The client code ({@link ClientClasses#code}) of the segment forwarded: its class, whether a workload. */
    private int client;
    /** Whether the listener of the segment forwarded sniffs (Envoy's {@code http_inspector}). */
    private boolean sniffedSegment;
    private final FlowTable flows;
    private final PacketRequestView view;
    private final HttpRequestStart start = new HttpRequestStart();
    private final FlowReassembly reassembly = new FlowReassembly(FlowReassembly.DEFAULT_SLOTS,
        FlowReassembly.DEFAULT_CAPACITY);
    private final H2cConnections h2c = new H2cConnections(H2cConnections.DEFAULT_SLOTS,
        Http2RequestReader.DEFAULT_BLOCK_CAPACITY, HpackTables.DEFAULT_MAX_SIZE);
    private final TlsClientHello hello = new TlsClientHello();
    private final HpackDecoder hpack = new HpackDecoder();
    private final Http2Headers h2Headers = new Http2Headers();
    private final ByteBuffer h2HeadBuffer = ByteBuffer.allocateDirect(Http2Headers.DEFAULT_CAPACITY + 4096);
    private final long h2Head = BufferUtil.address(h2HeadBuffer);
    private long h2Streams;
    private final L7Result l7Result = new L7Result();
    private final L3Result l3Result = new L3Result();
    private L7Lookup l7;
    private L3Forwarding l3;

    /**
     * @param directory    HTTP ports, service addresses and workloads of the registry.
     * @param flowCapacity flow table slots (a power of two).
     */
    public PacketForwarder(final MeshDirectory directory, final int flowCapacity)
    {
        this.directory = directory;
        this.clients = new ClientClasses(directory, ClientClasses.DEFAULT_SLOTS);
        this.flows = new FlowTable(flowCapacity);
        this.view = new PacketRequestView(directory);
    }

    /**
     * A forwarder already on a generation (for single-threaded use without a pipeline).
     *
     * @param fib          the FIB.
     * @param directory    the registry facts.
     * @param flowCapacity flow table slots.
     */
    public PacketForwarder(final PacketFib fib, final MeshDirectory directory, final int flowCapacity)
    {
        this(directory, flowCapacity);
        onGeneration(fib);
    }

    @Override
    public void onGeneration(final FibGeneration generation)
    {
        final PacketFib fib = (PacketFib)generation;
        this.l7 = new L7Lookup(fib.image(), fib.regexes());
        this.l3 = new L3Forwarding(fib.image());
        flows.clear();
        reassembly.slots().clear();
        h2c.slots().clear();
    }

    /** @return this worker's request head reassembly buffers. */
    public FlowReassembly reassembly()
    {
        return reassembly;
    }

    /** @return this worker's h2c connections. */
    public H2cConnections h2c()
    {
        return h2c;
    }

    /** @return h2c requests routed (every stream, also those after the first of a segment). */
    public long h2Streams()
    {
        return h2Streams;
    }

    /** @return how many segments looked their source up among the workloads to know its client class. */
    public long clientLookups()
    {
        return clients.misses();
    }

    /** @return this worker's flow table. */
    public FlowTable flows()
    {
        return flows;
    }

    /** @return the L7 lookup over the current generation. */
    public L7Lookup l7()
    {
        return l7;
    }

    @Override
    public void forward(final PacketDescriptor p, final DecisionDescriptor d)
    {
        final int packetFlags = p.packetFlags();
        if ((packetFlags & PacketDescriptor.FLAG_ARP) != 0)
        {
            d.punt(Reasons.ARP);
            return;
        }
        final int ipVersion = p.ipVersion();
        final int ttl = p.ttl();
        if (ttl > 1 && p.protocol() == TCP && (packetFlags & PacketDescriptor.FLAG_PORTS) != 0 && l7 != null)
        {
            final int dstPort = p.dstPort();
            client = directory.perClient() ? clients.code(ipVersion, ipVersion == 6 ? p.srcAddressPart(0) : 0L,
                ipVersion == 6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL) : 0;
            final int listener = directory.addressListeners() ? listenerAt(p, ipVersion, dstPort) : -1;
            final boolean sniffed = listener < 0 ? sniffedListener(dstPort)
                : listener == MeshDirectory.LISTENER_SNIFFED || listener == MeshDirectory.LISTENER_NONE
                && (client & 1) != 0 && directory.sniffsUndeclaredPorts(client >>> 1);
            sniffedSegment = sniffed;
            if (sniffed ? sniffsHttp(p, ipVersion, dstPort) : listener < 0 ? directory.isHttpPort(client >>> 1,
                dstPort) : listener == MeshDirectory.LISTENER_HTTP)
            {
                if (http(p, d, ipVersion, dstPort))
                {
                    return;
                }
            }
            else if (tcp(p, d, ipVersion, dstPort, sniffed))
            {
                return;
            }
        }
        l3(p, d, ipVersion, ttl);
    }

    /**
     * The listener of the client's that Envoy picks for the segment's original destination ({@link
     * MeshDirectory#listenerAt}): asked only when some client has listeners bound to addresses that read otherwise than
     * their port's wildcard listener.
     */
    private int listenerAt(final PacketDescriptor p, final int ipVersion, final int dstPort)
    {
        return directory.listenerAt(client >>> 1, dstPort, ipVersion == 6 ? p.dstAddressPart(0) : 0L,
            ipVersion == 6 ? p.dstAddressPart(1) : MeshDirectory.ipv4Key(p.dstAddressIpv4()));
    }

    /**
     * Whether the client's listener on the port sniffs (no client has address listeners that read otherwise than
     * the port's wildcard listener): a sniffed listener, or, when the client's outbound traffic
     * policy is {@code ALLOW_ANY_DYNAMIC_DNS} ({@link MeshDirectory#sniffsUndeclaredPorts(int)}), its virtual outbound
     * listener, which has Envoy's {@code http_inspector} too: a segment from a mesh workload to a port where it has no
     * HTTP or sniffed listener is sniffed as on a sniffed port, and the lookup decides (a service's TCP listener at the
     * destination, else the dynamic forward proxy chain for HTTP; docs/routing.md §1 item 8).
     */
    private boolean sniffedListener(final int dstPort)
    {
        final int clientClass = client >>> 1;
        return directory.isSniffedPort(clientClass, dstPort) || (client & 1) != 0
            && directory.sniffsUndeclaredPorts(clientClass) && !directory.isHttpPort(clientClass, dstPort)
            && !directory.isTcpPort(clientClass, dstPort);
    }

    /**
     * Envoy's {@code http_inspector} on a sniffed port: whether the segment belongs to the HTTP chain — its flow is
     * an h2c connection or a request head being gathered, or its payload starts an HTTP/1.1 request or the h2c
     * preface. Anything else (a segment without payload, a ClientHello, an HTTP/1.0 request line, other bytes)
     * takes the connection path.
     */
    private boolean sniffsHttp(final PacketDescriptor p, final int ipVersion, final int dstPort)
    {
        final int payloadLength = p.payloadOffset() < 0 ? 0 : p.payloadLength();
        if (payloadLength <= 0)
        {
            return false;
        }
        final long payload = p.captureAddress() + p.payloadOffset();
        if (HttpRequestSniffer.mayStartRequest(payload, payloadLength))
        {
            // an HTTP/1.0 request line: no sniffing chain matches http/1.0, the TCP chain takes the connection
            return !HttpRequestSniffer.http10RequestLine(payload, payloadLength);
        }
        if (Http2RequestReader.mayStartPreface(payload, payloadLength))
        {
            return true;
        }
        final long srcHi = ipVersion == 6 ? p.srcAddressPart(0) : 0L;
        final long srcLo = ipVersion == 6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL;
        final long dstHi = ipVersion == 6 ? p.dstAddressPart(0) : 0L;
        final long dstLo = ipVersion == 6 ? p.dstAddressPart(1) : p.dstAddressIpv4() & 0xFFFF_FFFFL;
        final long tuple = FlowTable.tupleWord(ipVersion, TCP, p.srcPort(), dstPort);
        final int hash = p.flowHash();
        if (h2c.slots().find(hash, srcHi, srcLo, dstHi, dstLo, tuple) >= 0)
        {
            return true;
        }
        // the reassembly buffer also holds ClientHellos (a TLS record, not an upper-case method)
        final int held = reassembly.slots().find(hash, srcHi, srcLo, dstHi, dstLo, tuple);
        return held >= 0 && HttpRequestSniffer.mayStartRequest(reassembly.address(held), 1);
    }

    private boolean http(final PacketDescriptor p, final DecisionDescriptor d, final int ipVersion, final int dstPort)
    {
        final int payloadLength = p.payloadLength();
        final long payload = p.captureAddress() + p.payloadOffset();
        final long srcHi = ipVersion == 6 ? p.srcAddressPart(0) : 0L;
        final long srcLo = ipVersion == 6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL;
        final long dstHi = ipVersion == 6 ? p.dstAddressPart(0) : 0L;
        final long dstLo = ipVersion == 6 ? p.dstAddressPart(1) : p.dstAddressIpv4() & 0xFFFF_FFFFL;
        final long tuple = FlowTable.tupleWord(ipVersion, TCP, p.srcPort(), dstPort);
        final int hash = p.flowHash();
        if (payloadLength <= 0 || p.payloadOffset() < 0)
        {
            return follow(d, hash, srcHi, srcLo, dstHi, dstLo, tuple);
        }
        final int seq = PacketBytes.i32(p.captureAddress() + p.l4Offset() + 4);
        final int connection = h2c.slots().find(hash, srcHi, srcLo, dstHi, dstLo, tuple);
        if (connection >= 0)
        {
            return h2c(p, d, connection, seq, payload, payloadLength, dstPort)
                || follow(d, hash, srcHi, srcLo, dstHi, dstLo, tuple);
        }
        final int held = reassembly.slots().find(hash, srcHi, srcLo, dstHi, dstLo, tuple);
        if (held >= 0)
        {
            return reassembled(p, d, held, seq, payload, payloadLength, dstPort)
                || follow(d, hash, srcHi, srcLo, dstHi, dstLo, tuple);
        }
        final boolean whole = HttpRequestSniffer.sniff(payload, payloadLength, start);
        final boolean cut = p.capturedLength() < p.originalLength(); // a snaplen cut: later bytes are not there
        if (whole && (start.headLength > 0 || cut))
        {
            routeHttp(p, d, payload, payloadLength, dstPort, 0);
            return true;
        }
        if (Http2RequestReader.mayStartPreface(payload, payloadLength))
        {
            final int slot = h2c.open(hash, srcHi, srcLo, dstHi, dstLo, tuple);
            h2c.nextSeq(slot, seq);
            return h2c(p, d, slot, seq, payload, payloadLength, dstPort)
                || follow(d, hash, srcHi, srcLo, dstHi, dstLo, tuple);
        }
        if (!cut && (whole || HttpRequestSniffer.mayStartRequest(payload, payloadLength)))
        {
            reassembly.start(hash, srcHi, srcLo, dstHi, dstLo, tuple, seq, payload, payloadLength);
        }
        return follow(d, hash, srcHi, srcLo, dstHi, dstLo, tuple);
    }

    /** Routes the request head at {@code head} (sniffed into {@link #start}) and keeps the flow's decision. */
    private void routeHttp(final PacketDescriptor p, final DecisionDescriptor d, final long head, final int length,
        final int dstPort, final int extraFlags)
    {
        final int ipVersion = p.ipVersion();
        if (start.minorVersion == 0 && (extraFlags & DecisionDescriptor.FLAG_H2) == 0)
        {
            http10(p, d, ipVersion, dstPort);
            return;
        }
        final long srcHi = ipVersion == 6 ? p.srcAddressPart(0) : 0L;
        final long srcLo = ipVersion == 6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL;
        final long dstHi = ipVersion == 6 ? p.dstAddressPart(0) : 0L;
        final long dstLo = ipVersion == 6 ? p.dstAddressPart(1) : p.dstAddressIpv4() & 0xFFFF_FFFFL;
        view.resetHttp(p.recordIndex(), head, length, start, dstPort, ipVersion, srcHi, srcLo)
            .destination(ipVersion, dstHi, dstLo, dstPort).sourcePort(p.srcPort());
        l7.route(view, l7Result);
        writeL7(d, p.flowHash(), start.hostLines > 1 ? extraFlags | DecisionDescriptor.FLAG_HOST_LINES : extraFlags);
        if (toOriginalDestination())
        {
            passthroughL3(d, ipVersion, dstHi, dstLo, p.flowHash());
        }
        keep(p, d, dstPort);
    }

    /**
     * An HTTP/1.0 request head (docs/routing.md §1 item 8). On a sniffed port (its request line was cut, so the
     * sniffing waited for it) Envoy's {@code http_inspector} says {@code http/1.0}, which no sniffing HTTP chain
     * matches: the listener's TCP chain takes the connection. On an HTTP port the connection manager, without
     * Istio's {@code accept_http_10}, answers {@code 426 Upgrade Required} and closes the connection: drop, 426,
     * {@code DPE}.
     */
    private void http10(final PacketDescriptor p, final DecisionDescriptor d, final int ipVersion, final int dstPort)
    {
        if (sniffedSegment)
        {
            if (!tcp(p, d, ipVersion, dstPort, true))
            {
                l3(p, d, ipVersion, p.ttl());
            }
            return;
        }
        final L7Result r = l7Result;
        r.reset(p.recordIndex(), dstPort);
        r.action = Actions.DROP;
        r.status = UPGRADE_REQUIRED;
        r.flags |= L7Result.FLAG_DPE;
        r.reason = Reasons.DOWNSTREAM_PROTOCOL_ERROR;
        writeL7(d, p.flowHash(), 0);
        keep(p, d, dstPort);
    }

    /** Stores the decision as its flow's, for the segments that follow. */
    private void keep(final PacketDescriptor p, final DecisionDescriptor d, final int dstPort)
    {
        final int ipVersion = p.ipVersion();
        final long srcHi = ipVersion == 6 ? p.srcAddressPart(0) : 0L;
        final long srcLo = ipVersion == 6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL;
        final long dstHi = ipVersion == 6 ? p.dstAddressPart(0) : 0L;
        final long dstLo = ipVersion == 6 ? p.dstAddressPart(1) : p.dstAddressIpv4() & 0xFFFF_FFFFL;
        final int slot = flows.put(p.flowHash(), srcHi, srcLo, dstHi, dstLo,
            FlowTable.tupleWord(ipVersion, TCP, p.srcPort(), dstPort));
        if (slot >= 0)
        {
            flows.store(slot, d);
        }
    }

    /** A segment of a flow whose request head is being reassembled. */
    private boolean reassembled(final PacketDescriptor p, final DecisionDescriptor d, final int held, final int seq,
        final long payload, final int payloadLength, final int dstPort)
    {
        final int r = reassembly.append(held, seq, payload, payloadLength);
        if (r == FlowReassembly.OVERFLOW)
        {
            d.drop(Reasons.REASSEMBLY_OVERFLOW);
            keep(p, d, dstPort);
            return true;
        }
        if (r != FlowReassembly.APPENDED)
        {
            return false;
        }
        final long head = reassembly.address(held);
        final int length = reassembly.length(held);
        final boolean found = HttpRequestSniffer.sniff(head, length, start);
        if (found && start.headLength > 0)
        {
            routeHttp(p, d, head, length, dstPort, DecisionDescriptor.FLAG_REASSEMBLED);
            reassembly.slots().release(held);
            return true;
        }
        if (!found && !HttpRequestSniffer.mayStartRequest(head, length))
        {
            reassembly.slots().release(held); // not a request head after all
        }
        return false;
    }

    /**
     * A segment of an h2c connection: every request whose HEADERS block completes in it is routed; the decision
     * of the packet is the first one's (the others are routed and counted in {@link #h2Streams()}).
     */
    private boolean h2c(final PacketDescriptor p, final DecisionDescriptor d, final int slot, final int seq,
        final long payload, final int payloadLength, final int dstPort)
    {
        final int expected = h2c.nextSeq(slot);
        if (seq != expected)
        {
            final int behind = expected - seq;
            if (!(behind > 0 && behind >= payloadLength))
            {
                h2c.slots().release(slot); // a gap: the HPACK state can no longer be followed
            }
            return false;
        }
        h2c.nextSeq(slot, seq + payloadLength);
        final Http2RequestReader reader = h2c.reader(slot);
        reader.segment(payload, payloadLength);
        boolean routed = false;
        int outcome;
        while ((outcome = reader.next(hpack, h2Headers)) == Http2RequestReader.HEADERS)
        {
            final int n = Http2RequestHead.render(h2Headers, h2Head, h2HeadBuffer.capacity());
            if (n < 0 || !HttpRequestSniffer.sniff(h2Head, n, start))
            {
                outcome = n == Http2RequestHead.TOO_LARGE ? Http2RequestReader.TOO_LARGE : Http2RequestReader.MALFORMED;
                break;
            }
            h2Streams++;
            if (!routed)
            {
                routeHttp(p, d, h2Head, n, dstPort, DecisionDescriptor.FLAG_H2);
                routed = true;
            }
            else
            {
                final int ipVersion = p.ipVersion();
                view.resetHttp(p.recordIndex(), h2Head, n, start, dstPort, ipVersion,
                    ipVersion == 6 ? p.srcAddressPart(0) : 0L,
                    ipVersion == 6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL).sourcePort(p.srcPort());
                l7.route(view, l7Result);
            }
        }
        if (outcome == Http2RequestReader.MALFORMED || outcome == Http2RequestReader.TOO_LARGE)
        {
            h2c.slots().release(slot);
            if (!routed)
            {
                d.drop(outcome == Http2RequestReader.MALFORMED ? Reasons.MALFORMED_H2 : Reasons.H2_HEADERS_TOO_LARGE);
                keep(p, d, dstPort);
            }
            return true;
        }
        if (outcome == Http2RequestReader.NOT_H2)
        {
            h2c.slots().release(slot);
        }
        return routed;
    }

    /**
     * A TCP segment to a non-HTTP port: a connection to a service address takes its {@code tcp} or {@code tls}
     * routes; a new connection (SYN without ACK) from a mesh workload to an address no service has takes the
     * passthrough chain (or, when its ClientHello names a service without address, that service's routes). The
     * first data segment of a connection decided on a segment without payload where a server name could decide
     * ({@link DecisionDescriptor#FLAG_PENDING}) is routed again with its ClientHello's SNI.
     */
    private boolean tcp(final PacketDescriptor p, final DecisionDescriptor d, final int ipVersion, final int dstPort,
        final boolean sniffed)
    {
        final long dstHi = ipVersion == 6 ? p.dstAddressPart(0) : 0L;
        final long dstLo = ipVersion == 6 ? p.dstAddressPart(1) : p.dstAddressIpv4() & 0xFFFF_FFFFL;
        final int service = ipVersion == 6 ? directory.serviceIpv6(dstHi, dstLo) : directory.serviceIpv4((int)dstLo);
        final long srcHi = ipVersion == 6 ? p.srcAddressPart(0) : 0L;
        final long srcLo = ipVersion == 6 ? p.srcAddressPart(1) : p.srcAddressIpv4() & 0xFFFF_FFFFL;
        final long tuple = FlowTable.tupleWord(ipVersion, TCP, p.srcPort(), dstPort);
        final int hash = p.flowHash();
        final int payloadLength = p.payloadOffset() < 0 ? 0 : p.payloadLength();
        int slot = flows.find(hash, srcHi, srcLo, dstHi, dstLo, tuple);
        if (slot >= 0 && ((flows.storedFlags(slot) & DecisionDescriptor.FLAG_PENDING) == 0 || payloadLength <= 0))
        {
            flows.load(slot, d);
            d.flags(d.flags() | DecisionDescriptor.FLAG_FOLLOW);
            return true;
        }
        if (slot < 0 && service < 0 && !newOutboundConnection(p, ipVersion, srcHi, srcLo))
        {
            return false; // not a connection a sidecar intercepts: the L3 path decides
        }
        view.resetTcp(p.recordIndex(), service >= 0 ? directory.serviceText(service) : NO_AUTHORITY, dstPort,
            ipVersion, srcHi, srcLo).destination(ipVersion, dstHi, dstLo, dstPort).sourcePort(p.srcPort());
        boolean incomplete = false;
        int held = -1;
        if (payloadLength > 0)
        {
            long payload = p.captureAddress() + p.payloadOffset();
            int length = payloadLength;
            final int seq = PacketBytes.i32(p.captureAddress() + p.l4Offset() + 4);
            held = reassembly.slots().find(hash, srcHi, srcLo, dstHi, dstLo, tuple);
            if (held >= 0)
            {
                // the rest of a ClientHello split over several segments, in the flow's bounded buffer
                final int r = reassembly.append(held, seq, payload, payloadLength);
                if (r == FlowReassembly.OVERFLOW)
                {
                    d.drop(Reasons.REASSEMBLY_OVERFLOW);
                    store(slot, hash, srcHi, srcLo, dstHi, dstLo, tuple, d);
                    return true;
                }
                if (r == FlowReassembly.DUPLICATE && slot >= 0)
                {
                    flows.load(slot, d);
                    d.flags(d.flags() | DecisionDescriptor.FLAG_FOLLOW);
                    return true;
                }
                held = r == FlowReassembly.APPENDED ? held : -1;
                if (held >= 0)
                {
                    payload = reassembly.address(held);
                    length = reassembly.length(held);
                }
            }
            final int outcome = TlsClientHelloParser.parse(payload, length, hello);
            if (outcome == TlsClientHelloParser.MALFORMED)
            {
                release(held);
                d.drop(Reasons.MALFORMED_TLS); // Envoy's TLS inspector closes such a connection
                store(slot, hash, srcHi, srcLo, dstHi, dstLo, tuple, d);
                return true;
            }
            if (outcome == TlsClientHelloParser.SNI)
            {
                view.serverName(payload + hello.sniOffset, hello.sniLength);
            }
            if (hello.alpnOffset >= 0)
            {
                view.alpn(payload + hello.alpnOffset, hello.alpnLength);
            }
            incomplete = outcome == TlsClientHelloParser.INCOMPLETE && p.capturedLength() == p.originalLength();
            if (incomplete && held < 0)
            {
                held = reassembly.start(hash, srcHi, srcLo, dstHi, dstLo, tuple, seq, payload, length);
                if (held < 0)
                {
                    d.drop(Reasons.REASSEMBLY_OVERFLOW);
                    store(slot, hash, srcHi, srcLo, dstHi, dstLo, tuple, d);
                    return true;
                }
            }
        }
        l7.route(view, l7Result); // the SNI, when there is one, lies in the payload or the held buffer until here
        if (!incomplete || !l7Result.serverNamed)
        {
            release(held); // whole (or the server name cannot change the decision): the buffer is done
        }
        if (!l7Result.tcp)
        {
            return false; // not a connection the lookup routes as one: the L3 path decides
        }
        final boolean pending = pending(payloadLength, incomplete, sniffed);
        writeL7(d, hash, DecisionDescriptor.FLAG_TCP | (pending ? DecisionDescriptor.FLAG_PENDING : 0));
        if (toOriginalDestination())
        {
            passthroughL3(d, ipVersion, dstHi, dstLo, hash);
        }
        store(slot, hash, srcHi, srcLo, dstHi, dstLo, tuple, d);
        return true;
    }

    /**
     * Whether a connection's decision is one a later segment may change: made before the ClientHello, or on part of
     * it (reassembled), where a server name could decide; or, on a sniffed port, made before the first data segment,
     * which decides between the HTTP chain and the connection.
     */
    private boolean pending(final int payloadLength, final boolean incomplete, final boolean sniffed)
    {
        return (payloadLength <= 0 || incomplete) && l7Result.serverNamed || payloadLength <= 0 && sniffed;
    }

    private void release(final int held)
    {
        if (held >= 0)
        {
            reassembly.slots().release(held);
        }
    }

    /** A SYN without ACK from an address the registry knows as a workload (a pod with a sidecar). */
    private boolean newOutboundConnection(final PacketDescriptor p, final int ipVersion, final long srcHi,
        final long srcLo)
    {
        final int flags = PacketBytes.u8(p.captureAddress() + p.l4Offset() + 13);
        if ((flags & (TCP_SYN | TCP_ACK)) != TCP_SYN)
        {
            return false;
        }
        return (ipVersion == 4 ? directory.workloadIpv4((int)srcLo) : directory.workloadIpv6(srcHi, srcLo)) >= 0;
    }

    private void store(final int found, final int hash, final long srcHi, final long srcLo, final long dstHi,
        final long dstLo, final long tuple, final DecisionDescriptor d)
    {
        final int slot = found >= 0 ? found : flows.put(hash, srcHi, srcLo, dstHi, dstLo, tuple);
        if (slot >= 0)
        {
            flows.store(slot, d);
        }
    }

    private boolean follow(final DecisionDescriptor d, final int hash, final long srcHi, final long srcLo,
        final long dstHi, final long dstLo, final long tuple)
    {
        final int slot = flows.find(hash, srcHi, srcLo, dstHi, dstLo, tuple);
        if (slot < 0)
        {
            return false;
        }
        flows.load(slot, d);
        d.flags(d.flags() | DecisionDescriptor.FLAG_FOLLOW);
        return true;
    }

    private void writeL7(final DecisionDescriptor d, final int flowHash, final int extraFlags)
    {
        final L7Result r = l7Result;
        d.l7(r, extraFlags);
        if (r.endpoint >= 0 && r.action == Actions.ROUTE
            && EndpointL3.route(l7, l3, r.endpoint, flowHash, l3Result) && l3Result.action == Actions.FORWARD)
        {
            d.egressPort(l3Result.egressPort).nextHop(l3Result.nextHop);
        }
    }

    /** @return whether the request goes to its original destination (PassthroughCluster, a PASSTHROUGH rule). */
    private boolean toOriginalDestination()
    {
        return l7Result.action == Actions.ROUTE && (l7Result.cluster == L7Result.CLUSTER_PASSTHROUGH
            || L7Result.isOriginalDestination(l7Result.endpoint));
    }

    /** PassthroughCluster: the request goes on to the packet's own destination, routed by L3. */
    private void passthroughL3(final DecisionDescriptor d, final int ipVersion, final long dstHi, final long dstLo,
        final int flowHash)
    {
        if (ipVersion == 4)
        {
            l3.forwardIpv4((int)dstLo, 64, flowHash, l3Result);
        }
        else
        {
            l3.forwardIpv6(dstHi, dstLo, 64, flowHash, l3Result);
        }
        if (l3Result.action == Actions.FORWARD)
        {
            d.egressPort(l3Result.egressPort).nextHop(l3Result.nextHop);
        }
    }

    private void l3(final PacketDescriptor p, final DecisionDescriptor d, final int ipVersion, final int ttl)
    {
        final L3Result r = l3Result;
        if (ipVersion == 6)
        {
            l3.forwardIpv6(p.dstAddressPart(0), p.dstAddressPart(1), ttl, p.flowHash(), r);
        }
        else
        {
            l3.forwardIpv4(p.dstAddressIpv4(), ttl, p.flowHash(), r);
        }
        d.l3(r);
    }
}
