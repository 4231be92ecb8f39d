package dev.wirespeed.sim;

import dev.wirespeed.control.compile.CompiledL7;
import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.control.compile.L7Compiler;
import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.Diagnostic;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Compiler;
import dev.wirespeed.control.l3.L3Diagnostic;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.SectionWriter;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l3.FlowHash;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.LiveRoutes;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.EndpointL3;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.packet.PacketEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding API: an engine built from configuration (YAML files, directories or strings, or a model
 * built in code) that routes requests through the compiled off-heap FIB.
 *
 * <pre>{@code
 * try (Engine engine = Engine.load(List.of(Path.of("examples/reviews"))))
 * {
 *     RouteDecision d = engine.route(request);   // L7 decision + L3 result for the chosen endpoint
 * }
 * }</pre>
 *
 * <p>An engine is deterministic: the same requests (with the same ids) give the same decisions. One
 * engine is for one thread at a time; {@link #newSession()} gives another thread its own lookup state
 * over the same FIB.
 */
public final class Engine implements AutoCloseable
{
    private final RoutingModel model;
    private final List<String> warnings;
    private final FibImage image;
    private final CompiledRouter router;
    private final Session session;
    private PacketEngine packets;
    private final L3CompileResult l3Routes;
    private LiveRoutes liveRoutes;

    private Engine(final RoutingModel model, final List<String> warnings, final long generation)
    {
        this.model = model;
        this.warnings = List.copyOf(warnings);
        final List<String> problems = new ArrayList<>();
        final CompiledL7 l7 = L7Compiler.compile(model);
        problems.addAll(l7.errors());
        final L3CompileResult l3 = L3Compiler.compile(model.routeTables());
        for (final L3Diagnostic d : l3.diagnostics())
        {
            problems.add(d.toString());
        }
        if (!problems.isEmpty())
        {
            throw new EngineConfigException(problems);
        }
        final Map<FibSection, SectionWriter> sections = new EnumMap<>(FibSection.class);
        sections.putAll(l7.sections());
        sections.putAll(l3.sections());
        this.image = FibImage.build(generation, sections);
        this.l3Routes = l3;
        this.router = new CompiledRouter(image, l7.regexes());
        this.session = newSession();
    }

    /**
     * Loads YAML files or directories (recursively {@code *.yaml}/{@code *.yml}) and compiles them.
     *
     * @param paths files or directories.
     * @return the engine; close it to free the FIB.
     * @throws EngineConfigException listing every error, when the config does not load or compile.
     */
    public static Engine load(final List<Path> paths)
    {
        return fromLoaded(new ConfigLoader().load(paths));
    }

    /**
     * Loads the config cluster's YAML and each remote cluster's registry (docs/config.md "Several clusters").
     *
     * @param paths    the config cluster's files or directories.
     * @param clusters each remote cluster's id to its files or directories.
     * @return the engine; close it to free the FIB.
     * @throws EngineConfigException listing every error, when the config does not load or compile.
     */
    public static Engine load(final List<Path> paths, final Map<String, List<Path>> clusters)
    {
        return fromLoaded(new ConfigLoader().load(paths, clusters));
    }

    /**
     * Loads the config cluster's YAML, each remote cluster's registry and the DNS answers for network gateways given
     * by host name (docs/config.md "Several clusters" and "Gateway host names").
     *
     * @param paths   the config cluster's files or directories.
     * @param options the remote clusters and the DNS answers ({@code --resolve}, {@code --hosts-file}).
     * @return the engine.
     * @throws EngineConfigException listing every error.
     */
    public static Engine load(final List<Path> paths, final dev.wirespeed.control.config.LoadOptions options)
    {
        return fromLoaded(new ConfigLoader().load(paths, options));
    }

    /**
     * Loads YAML documents given as strings (multi-document strings are fine).
     *
     * @param documents a name for each (used in messages) to its YAML text.
     * @return the engine.
     * @throws EngineConfigException listing every error.
     */
    public static Engine fromYaml(final Map<String, String> documents)
    {
        return fromLoaded(new ConfigLoader().loadStrings(documents));
    }

    /**
     * @param yaml YAML text, one or several documents.
     * @return the engine.
     * @throws EngineConfigException listing every error.
     */
    public static Engine fromYaml(final String yaml)
    {
        return fromLoaded(new ConfigLoader().loadString("<yaml>", yaml));
    }

    /**
     * Compiles a model built in code.
     *
     * @param model a resolved model.
     * @return the engine.
     * @throws EngineConfigException listing every compile error.
     */
    public static Engine fromModel(final RoutingModel model)
    {
        return new Engine(model, List.of(), 1);
    }

    private static Engine fromLoaded(final LoadedConfig loaded)
    {
        if (loaded.hasErrors())
        {
            final List<String> errors = new ArrayList<>();
            for (final Diagnostic d : loaded.errors())
            {
                errors.add(d.format());
            }
            throw new EngineConfigException(errors);
        }
        final List<String> warnings = new ArrayList<>();
        for (final Diagnostic d : loaded.warnings())
        {
            warnings.add(d.format());
        }
        return new Engine(loaded.model(), warnings, 1);
    }

    /**
     * Routes one request: the L7 decision and, for a routed request, the L3 result (egress port and
     * next hop) towards the chosen endpoint. Allocates the decision; see {@link Session} for the
     * allocation-free path.
     *
     * @param request a request; its {@code id} seeds every per-request choice.
     * @return the decision.
     */
    public RouteDecision route(final HttpRequest request)
    {
        return session.route(request);
    }

    /**
     * The packet side of the engine (created on first use): one-packet forwarding and pipelines.
     *
     * @return the packet engine over this engine's FIB.
     */
    public PacketEngine packets()
    {
        if (packets == null)
        {
            JvmFlags.requirePackets("the packet API (Engine.packets, Engine.forward)");
            packets = new PacketEngine(router, image, model);
        }
        return packets;
    }

    /**
     * Forwards one packet (the capture replay's rules: ARP punt, L7 for HTTP requests, {@code tcp} routes,
     * L3 for the rest). Allocates the decision; see {@link #forward(long, int, int, int, DecisionDescriptor)}.
     *
     * @param frame    the frame as captured.
     * @param linkType its pcap LINKTYPE_ (1 Ethernet, 101 raw IP, ...).
     * @return the decision record for the packet.
     */
    public RouteDecision forward(final byte[] frame, final int linkType)
    {
        return packets().forward(frame, linkType);
    }

    /**
     * Forwards one packet from a caller-owned native buffer into a caller-owned decision, allocating nothing.
     *
     * @param address        native address of the frame.
     * @param capturedLength bytes there.
     * @param originalLength bytes on the wire.
     * @param linkType       pcap LINKTYPE_.
     * @param out            the decision (wrapped over 64 bytes).
     */
    public void forward(final long address, final int capturedLength, final int originalLength, final int linkType,
            final DecisionDescriptor out)
    {
        packets().forward(address, capturedLength, originalLength, linkType, out);
    }

    /**
     * A forwarding pipeline over this engine's FIB for a simulator's own source and sink (see
     * {@link PacketEngine#newPipeline}).
     *
     * @param config the settings.
     * @return the pipeline, not started; close it when done.
     */
    public ForwardingPipeline newPipeline(final PipelineConfig config)
    {
        JvmFlags.requirePackets("Engine.newPipeline");
        return packets().newPipeline(config);
    }

    /**
     * @param reasons the reason names decisions may carry (built-in and registered).
     * @return a new byte-level decision encoder over this engine's FIB (one per writing thread).
     */
    public DecisionEncoder newEncoder(final ReasonTable reasons)
    {
        return new DecisionEncoder(router, reasons);
    }

    /**
     * Route changes on the running engine, one prefix at a time without a rebuild (created on first
     * use): {@code engine.routes().announce("10.1.0.0/16", "192.168.0.1")}, {@code withdraw("10.1.0.0/16")}.
     * From the first call on, every L3 lookup of this engine (sessions, packets, pipelines, any thread)
     * uses the in-place tables; next hops are those of the engine's next-hop groups.
     *
     * @return the engine's live routes.
     */
    public synchronized LiveRoutes routes()
    {
        if (liveRoutes == null)
        {
            liveRoutes = LiveRoutes.install(image, l3Routes.ipv4(), l3Routes.ipv6());
        }
        return liveRoutes;
    }

    /**
     * Names for the ids of the allocation-free paths ({@link DecisionDescriptor}, {@link L7Result}): actions,
     * reasons, clusters, endpoints, VirtualServices, routes, next hops. Resolve off the hot path (they allocate
     * Strings).
     *
     * @return the names of this engine's FIB.
     */
    public DecisionNames names()
    {
        return new DecisionNames(router, packets == null ? new ReasonTable() : packets.reasons());
    }

    /** @return a new lookup state over this engine's FIB, for another thread. */
    public Session newSession()
    {
        return new Session(router.newLookup());
    }

    /** @return the resolved model. */
    public RoutingModel model()
    {
        return model;
    }

    /** @return warnings from loading (references Istio accepts but that fail at request time). */
    public List<String> warnings()
    {
        return warnings;
    }

    /** @return the compiled FIB. */
    public FibImage fib()
    {
        return image;
    }

    /** @return the compiled router over the FIB (L7 lookups and materialisation). */
    public CompiledRouter router()
    {
        return router;
    }

    /** @return bytes of every section present in the FIB, in section order. */
    public Map<FibSection, Long> bytesPerTable()
    {
        final Map<FibSection, Long> bytes = new EnumMap<>(FibSection.class);
        for (final FibSection s : FibSection.values())
        {
            if (image.hasSection(s))
            {
                bytes.put(s, image.sectionLength(s));
            }
        }
        return bytes;
    }

    @Override
    public void close()
    {
        router.close();
        image.close();
    }

    /**
     * Turns an allocation-free result into the decision record (allocates: call it on the thread that
     * writes decisions, one at a time).
     *
     * @param request the request view the result was computed from.
     * @param r       its L7 result.
     * @param l3      its L3 result, when {@code hasL3}.
     * @param hasL3   whether {@code l3} holds the route to the endpoint.
     * @return the decision.
     */
    public RouteDecision decision(final L7RequestView request, final L7Result r, final L3Result l3, final boolean hasL3)
    {
        final RouteDecision d = router.materialize(r, request);
        if (!hasL3 || l3.action != Actions.FORWARD)
        {
            return d;
        }
        return d.withL3(l3.egressPort, session.l3.nextHopGroups().nextHopText(l3.nextHop));
    }

    /**
     * One thread's lookup state over the engine's FIB: an L7 lookup, an L3 forwarding function and
     * their reusable results.
     */
    public final class Session
    {
        private final L7Lookup lookup;
        private final L3Forwarding l3;
        private final HttpRequestView view = new HttpRequestView();
        private final L7Result result = new L7Result();
        private final L3Result l3Result = new L3Result();
        private final long[] v6 = new long[2];
        private final int[] v6Groups = new int[8];
        private final byte[] srcText = new byte[64];

        private Session(final L7Lookup lookup)
        {
            this.lookup = lookup;
            this.l3 = new L3Forwarding(image);
        }

        /**
         * @param request a request.
         * @return its decision, with the L3 result for the chosen endpoint when the FIB has a route to it.
         */
        public RouteDecision route(final HttpRequest request)
        {
            view.reset(request);
            final boolean hasL3 = route(view, result, l3Result);
            return decision(view, result, l3Result, hasL3);
        }

        /**
         * The allocation-free path: the L7 decision and, for a request routed to an endpoint with an IP
         * address, the L3 route towards it (ECMP member chosen by the flow hash of source IP and endpoint).
         *
         * @param request a request view.
         * @param out     the L7 result.
         * @param l3Out   the L3 result, filled when this returns true.
         * @return whether {@code l3Out} holds the route to the chosen endpoint.
         */
        public boolean route(final L7RequestView request, final L7Result out, final L3Result l3Out)
        {
            lookup.route(request, out);
            final int ep = out.endpoint;
            if ((out.cluster == L7Result.CLUSTER_PASSTHROUGH || L7Result.isOriginalDestination(ep))
                && out.action == Actions.ROUTE)
            {
                return passthrough(request, l3Out);
            }
            if (ep < 0)
            {
                return false;
            }
            final int srcLength = request.length(L7RequestView.SOURCE_IP);
            final boolean hasSrc = srcLength > 0 && srcLength <= srcText.length;
            if (hasSrc)
            {
                request.copyTo(L7RequestView.SOURCE_IP, srcText, 0);
            }
            final long src4 = hasSrc ? IpText.parseIpv4(srcText, 0, srcLength) : IpText.INVALID;
            final boolean src6 = src4 == IpText.INVALID && hasSrc
                && IpText.parseIpv6(srcText, 0, srcLength, v6, v6Groups);
            final int hash = EndpointL3.flowHash(lookup, ep, src4 == IpText.INVALID ? 0 : (int)src4,
                src6 ? v6[0] : 0L, src6 ? v6[1] : 0L);
            return EndpointL3.route(lookup, l3, ep, hash, l3Out);
        }

        /** PassthroughCluster: the L3 route to the request's original destination address, when it has one. */
        private boolean passthrough(final L7RequestView request, final L3Result l3Out)
        {
            final int n = request.length(L7RequestView.DST);
            if (n <= 0 || n > srcText.length)
            {
                return false;
            }
            request.copyTo(L7RequestView.DST, srcText, 0);
            int from = 0;
            int to = n;
            int colons = 0;
            int colonAt = -1;
            for (int i = 0; i < n; i++)
            {
                if (srcText[i] == ':')
                {
                    colons++;
                    colonAt = i;
                }
            }
            if (srcText[0] == '[')
            {
                from = 1;
                to = 1;
                while (to < n && srcText[to] != ']')
                {
                    to++;
                }
            }
            else if (colons == 1)
            {
                to = colonAt;
            }
            final long v4 = IpText.parseIpv4(srcText, from, to);
            if (v4 != IpText.INVALID)
            {
                l3.forwardIpv4((int)v4, 64, FlowHash.ipv4(0, (int)v4, 0, request.port(), 6), l3Out);
                return true;
            }
            if (IpText.parseIpv6(srcText, from, to, v6, v6Groups))
            {
                l3.forwardIpv6(v6[0], v6[1], 64, FlowHash.ipv6(0, 0, v6[0], v6[1], 0, request.port(), 6), l3Out);
                return true;
            }
            return false;
        }

        /** @return the L7 lookup of this session. */
        public L7Lookup l7()
        {
            return lookup;
        }

        /** @return the L3 forwarding function of this session. */
        public L3Forwarding l3()
        {
            return l3;
        }
    }
}
