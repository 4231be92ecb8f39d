package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.fib.l7.RequestHash;

import java.util.List;
import java.util.Map;

/**
 * The words of an explained walk: what the reference interpreter tells its {@link RouteTrace} at each step.
 * Every method does nothing when the trace is {@code null}, so the interpreter's hooks stay one line each and
 * cost a null check when nobody listens. Kept apart so {@link ReferenceRouter} reads as the routing rules.
 */
final class RouteSteps
{
    private RouteSteps()
    {
    }

    static void step(final RouteTrace trace, final String stage, final String text)
    {
        if (trace != null)
        {
            trace.step(stage, text);
        }
    }

    /** The step for a request whose original destination is bound to a service's TCP or sniffed listener. */
    static void atDestination(final RouteTrace trace, final RegistryService bound, final RequestFacts r)
    {
        if (bound != null)
        {
            final boolean endpoints = OutboundListeners.bind(bound, r.port()) == OutboundListeners.BIND_ENDPOINTS;
            step(trace, "listener", "dst " + r.dst() + " " + (endpoints ? OutboundListeners.AT_ENDPOINT
                    : OutboundListeners.cidrFirst(bound) ? OutboundListeners.IN_CIDR
                    : ReferenceRouter.AT_DESTINATION) + " " + bound.host()
                    + " on port " + r.port() + ": the authority does not choose the service");
        }
    }

    static void sidecarHides(final RouteTrace trace, final List<String> egress)
    {
        if (trace != null)
        {
            trace.step("host", "the client's Sidecar egress hosts " + egress + " hide it");
        }
    }

    static void mostSpecific(final RouteTrace trace, final VirtualService vs, final boolean tcp)
    {
        if (trace != null)
        {
            trace.step("virtual-service", vs == null ? "none applies to the service"
                    : "`" + vs.qualifiedName() + "`: the most specific for a " + (tcp ? "TCP" : "mesh")
                    + " service port, whatever its routes");
        }
    }

    static void connectionVirtualServices(final RouteTrace trace, final List<VirtualService> vss)
    {
        if (trace != null)
        {
            final StringBuilder b = new StringBuilder();
            for (final VirtualService vs : vss)
            {
                b.append(b.length() == 0 ? "" : ", ").append('`').append(vs.qualifiedName()).append('`');
            }
            trace.step("virtual-service", vss.isEmpty() ? "none applies to the service"
                    : "filter chains from " + b + " (every VirtualService for the host, in Istio's order)");
        }
    }

    static void noVirtualService(final RouteTrace trace, final String gateway)
    {
        if (trace != null)
        {
            trace.step("virtual-service", "no VirtualService on gateway `" + gateway + "` covers the host: 404 NR");
        }
    }

    static void defaultRoute(final RouteTrace trace, final String serviceHost)
    {
        if (trace != null)
        {
            trace.step("route", "the service's default route to `" + serviceHost + "`");
        }
    }

    static void outbound(final RouteTrace trace, final MeshConfig policy)
    {
        if (trace != null)
        {
            trace.step("route", "unknown host: the sidecar's catch-all, outboundTrafficPolicy "
                    + policy.outboundPolicy() + (policy.egressProxy() != null ? " via the egress proxy" : ""));
        }
    }

    static void direct(final RouteTrace trace, final int status)
    {
        if (trace != null)
        {
            trace.step("action", "direct response " + status);
        }
    }

    static void redirect(final RouteTrace trace, final int status, final String location)
    {
        if (trace != null)
        {
            trace.step("action", "redirect " + status + " to `" + location + "`");
        }
    }

    static void oneDestination(final RouteTrace trace, final RouteDestination only)
    {
        if (trace != null)
        {
            trace.step("action", "one destination: `" + only.destination().host() + "`"
                    + (only.destination().subset() == null ? "" : " subset `" + only.destination().subset() + "`"));
        }
    }

    static void tcpRoute(final RouteTrace trace, final VirtualService vs, final TcpRoute route)
    {
        if (trace != null)
        {
            trace.step("route", "tcp route " + vs.tcp().indexOf(route) + " matched");
        }
    }

    static void noServicePort(final RouteTrace trace, final RegistryService service, final String host,
            final int port)
    {
        if (trace != null)
        {
            trace.step("cluster", service == null ? "no service `" + host + "` in the registry: 503 NC"
                    : "service `" + host + "` has no port " + port + ": 503 NC");
        }
    }

    static void rule(final RouteTrace trace, final String cluster, final DestinationRule rule)
    {
        if (trace != null)
        {
            trace.step("cluster", "`" + cluster + "`; DestinationRule " + (rule == null ? "none"
                    : "`" + rule.namespace() + "/" + rule.name() + "` (host `" + rule.host() + "`"
                    + (rule.hasSelector() ? ", workloadSelector " + rule.workloadSelector() + " holds" : "")
                    + (rule.fromBackendPolicies() ? ", generated from " + rule.backendPolicies() : "") + ")"));
        }
    }

    static void noSubset(final RouteTrace trace, final String subset,
            final DestinationRule rule)
    {
        if (trace != null)
        {
            trace.step("cluster", "subset `" + subset + "` is not defined by "
                    + (rule == null ? "any DestinationRule" : "that rule") + ": NC");
        }
    }

    static void noHealthyEndpoint(final RouteTrace trace, final RegistryService service,
            final DestinationRule.Subset subset)
    {
        if (trace != null)
        {
            trace.step("endpoint", "no healthy endpoint of " + service.endpoints().size()
                    + (subset == null ? "" : " has the subset labels " + subset.labels()) + ": 503 UH");
        }
    }

    /** The host stage: normalisation, the service address or alias that named the host, the service. */
    static void host(final RouteTrace trace, final RequestFacts r, final String host, final RegistryService service)
    {
        if (trace == null)
        {
            return;
        }
        final String normalised = HostCandidates.normaliseHost(r.authority());
        final StringBuilder b = new StringBuilder("authority `").append(r.authority()).append('`');
        if (!normalised.equals(r.authority()))
        {
            b.append(" normalised to `").append(normalised).append("` (lower case, port dropped)");
        }
        if (service != null && !service.host().equals(normalised) && service.addresses().stream()
                .anyMatch(a -> RequestFacts.asciiLower(a).equals(normalised)))
        {
            b.append("; an address of service `").append(service.host()).append('`');
        }
        else if (!host.equals(normalised))
        {
            b.append("; alias of `").append(host).append('`');
            if (RequestFacts.count(normalised, '.') == 0)
            {
                b.append(" (short name in the client's namespace `").append(r.sourceNamespace()).append("`)");
            }
        }
        b.append(service == null ? "; no registry service has this host on this port"
                : "; service `" + service.host() + "` in namespace `" + service.namespace() + "`");
        b.append("; gateway `").append(r.gateway()).append("`, port ").append(r.port());
        trace.step("host", b.toString());
    }

    /** A VirtualService the gateway, exportTo or the Sidecar's egress hosts keep out. */
    static void notConsidered(final RouteTrace trace, final VirtualService vs, final RequestFacts r,
            final List<String> egress, final String host)
    {
        if (trace == null || !covers(vs, host))
        {
            return; // a VirtualService for other hosts says nothing about this request
        }
        final String why;
        if (!vs.gateways().contains(r.gateway()))
        {
            why = "bound to gateways " + vs.gateways() + ", not `" + r.gateway() + "`";
        }
        else if (!vs.visibleTo(r.sourceNamespace()))
        {
            why = "exportTo " + vs.exportTo() + " does not reach namespace `" + r.sourceNamespace() + "`";
        }
        else
        {
            why = "outside the client's Sidecar egress hosts " + egress;
        }
        trace.step("virtual-service", "`" + vs.qualifiedName() + "` not considered: " + why);
    }

    /** ALLOW_ANY: the request goes to its original destination through {@code PassthroughCluster}. */
    static void blackhole(final RouteTrace trace)
    {
        if (trace != null)
        {
            trace.cluster(ReferenceRouter.BLACKHOLE_CLUSTER);
            trace.step("cluster", "`" + ReferenceRouter.BLACKHOLE_CLUSTER + "`: a cluster without endpoints");
        }
    }

    /** ALLOW_ANY_DYNAMIC_DNS: the dynamic forward proxy, which resolves the authority when the request comes. */
    static void dynamicDns(final RouteTrace trace)
    {
        if (trace != null)
        {
            trace.cluster(ReferenceRouter.DYNAMIC_DNS_CLUSTER);
            trace.step("cluster", "`" + ReferenceRouter.DYNAMIC_DNS_CLUSTER + "`: the dynamic forward proxy resolves"
                    + " the authority at request time");
        }
    }

    static void passthrough(final RouteTrace trace, final String endpoint)
    {
        if (trace == null)
        {
            return;
        }
        trace.cluster(ReferenceRouter.PASSTHROUGH_CLUSTER);
        trace.step("cluster", "`" + ReferenceRouter.PASSTHROUGH_CLUSTER + "`: the original destination "
                + (endpoint == null ? "(none given: no endpoint)" : "`" + endpoint + "`"));
    }

    /** A VirtualService bound and visible: whether and how its hosts cover the request's host. */
    static void considered(final RouteTrace trace, final VirtualService vs, final String host, final int best)
    {
        if (trace == null)
        {
            return;
        }
        final String how;
        if (best == Integer.MAX_VALUE)
        {
            how = "candidate: exact host `" + host + "`";
        }
        else if (best == -1)
        {
            how = "candidate: host `*`";
        }
        else if (best > 0)
        {
            String wildcard = "*";
            for (final String h : vs.hosts())
            {
                if (h.startsWith("*.") && h.length() == best && ReferenceClusters.hostMatchLength(h, host) > 0)
                {
                    wildcard = h;
                }
            }
            how = "candidate: wildcard host `" + wildcard + "` covers `" + host + "` (exact hosts win over it)";
        }
        else
        {
            return; // a VirtualService for other hosts says nothing about this request
        }
        trace.step("virtual-service", "`" + vs.qualifiedName() + "` " + how);
    }

    private static boolean covers(final VirtualService vs, final String host)
    {
        for (final String h : vs.hosts())
        {
            if (ReferenceClusters.hostMatchLength(h, host) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    /** The VirtualServices whose routes are tried: the most specific group with HTTP routes. */
    static void selected(final RouteTrace trace, final List<VirtualService> withHttp, final boolean mesh)
    {
        if (trace == null)
        {
            return;
        }
        final StringBuilder names = new StringBuilder();
        for (final VirtualService vs : mesh ? withHttp.subList(0, 1) : withHttp)
        {
            names.append(names.length() == 0 ? "" : ", ").append('`').append(vs.qualifiedName()).append('`');
        }
        trace.step("virtual-service", mesh ? "chosen: " + names + " (most specific host with HTTP routes)"
                : "chosen: the gateway's merged virtual host of " + names + " (catch-all routes last)");
    }

    /** A route of a gateway's merged virtual host that Istio does not build (or moves) for this proxy. */
    static void notBuilt(final RouteTrace trace, final VirtualService vs, final HttpRoute route, final String why)
    {
        if (trace != null)
        {
            trace.step("route", "route " + name(route) + " of `" + vs.qualifiedName() + "`: " + why);
        }
    }

    /** The fault draws: each percentage against the request's draw. */
    static void fault(final RouteTrace trace, final HttpRoute.Fault fault, final long id)
    {
        if (trace == null || fault == null)
        {
            return;
        }
        if (fault.delay() != null)
        {
            final double draw = RequestHash.pct(id, RequestHash.DELAY);
            trace.step("action", String.format(java.util.Locale.ROOT, "fault delay %dms at %s%%: draw %.4f%% %s",
                    fault.delay().fixedDelayMillis(), pct(fault.delay().percentage()), draw,
                    draw < fault.delay().percentage() ? "< percentage: delayed (DI)" : "≥ percentage: not delayed"));
        }
        if (fault.abort() != null)
        {
            final double draw = RequestHash.pct(id, RequestHash.ABORT);
            trace.step("action", String.format(java.util.Locale.ROOT, "fault abort %s at %s%%: draw %.4f%% %s",
                    fault.abort().grpcStatus() < 0 ? Integer.toString(fault.abort().httpStatus())
                    : "200, grpc-status " + fault.abort().grpcStatus(), pct(fault.abort().percentage()), draw,
                    draw < fault.abort().percentage() ? "< percentage: aborted (FI)" : "≥ percentage: not aborted"));
        }
    }

    /** Envoy's CORS filter on a route with a CORS policy: whether the request is a preflight it answers. */
    static void cors(final RouteTrace trace, final HttpRoute.Cors cors, final RequestFacts r, final MatchBlocks blocks)
    {
        if (trace == null || cors == null)
        {
            return;
        }
        if (!CorsPreflight.isPreflight(r))
        {
            trace.step("action", "CORS policy: not a preflight (OPTIONS with origin and"
                    + " access-control-request-method): routed");
            return;
        }
        final boolean allowed = CorsPreflight.originAllowed(cors, r.headers().get(CorsPreflight.ORIGIN), blocks);
        trace.step("action", "CORS preflight from origin `" + r.headers().get(CorsPreflight.ORIGIN) + "`: "
                + (allowed ? "allowed, answered 200 by the CORS filter"
                : cors.forwardUnmatched() ? "not allowed, forwarded (unmatchedPreflights FORWARD)"
                : "not allowed, answered 200 without CORS headers (unmatchedPreflights IGNORE)"));
    }

    /** The weighted pick: hash, the bucket it falls in, and the destination of that bucket. */
    static void weighted(final RouteTrace trace, final List<RouteDestination> list, final long hash, final long sum,
            final long draw, final int chosen)
    {
        if (trace == null)
        {
            return;
        }
        final StringBuilder b = new StringBuilder("weighted pick: hash ").append(hash);
        if (sum == 0)
        {
            b.append(" mod ").append(list.size()).append(" destinations (all weights 0) = ").append(draw);
        }
        else
        {
            b.append(" mod total weight ").append(sum).append(" = ").append(draw).append("; buckets");
            long from = 0;
            for (int k = 0; k < list.size(); k++)
            {
                final long to = from + list.get(k).weight();
                b.append(k == 0 ? " " : ", ").append('[').append(from).append(',').append(to).append(")=")
                        .append(destination(list.get(k)));
                from = to;
            }
        }
        b.append(" -> ").append(destination(list.get(chosen)));
        trace.step("action", b.toString());
    }

    /** Rewrites and header operations: what goes upstream. */
    static void upstream(final RouteTrace trace, final RequestFacts r, final String uri, final String authority,
            final Map<String, String> changed, final List<String> removed)
    {
        if (trace == null)
        {
            return;
        }
        final String path = uri + r.queryPart();
        if (!path.equals(r.path()))
        {
            trace.step("action", "rewrite path `" + r.path() + "` -> `" + path + "`");
        }
        if (!authority.equals(r.authority()))
        {
            trace.step("action", "rewrite authority `" + r.authority() + "` -> `" + authority + "`");
        }
        if (changed != null)
        {
            trace.step("action", "headers set " + changed);
        }
        if (removed != null)
        {
            trace.step("action", "headers removed " + removed);
        }
    }

    /** Mirror draws. */
    static void mirrors(final RouteTrace trace, final List<HttpRoute.Mirror> mirrors, final long id,
            final List<String> chosen)
    {
        if (trace == null)
        {
            return;
        }
        for (int k = 0; k < mirrors.size(); k++)
        {
            final double draw = RequestHash.pct(id, RequestHash.MIRROR + k);
            trace.step("action", String.format(java.util.Locale.ROOT, "mirror to `%s` at %s%%: draw %.4f%% %s",
                    mirrors.get(k).destination().host(), pct(mirrors.get(k).percentage()), draw,
                    draw < mirrors.get(k).percentage() ? "mirrored" : "not mirrored"));
        }
        if (!chosen.isEmpty())
        {
            trace.step("action", "mirrored to " + chosen);
        }
    }

    /**
     * @param route a route.
     * @return its name in backquotes, or {@code (unnamed)}.
     */
    static String name(final HttpRoute route)
    {
        return route.name() == null ? "(unnamed)" : "`" + route.name() + "`";
    }

    private static String destination(final RouteDestination d)
    {
        return d.destination().host() + (d.destination().subset() == null ? "" : "/" + d.destination().subset())
                + (d.destination().port() == 0 ? "" : ":" + d.destination().port());
    }

    private static String pct(final double p)
    {
        return p == Math.rint(p) ? Long.toString((long)p) : Double.toString(p);
    }
}
