package dev.wirespeed.control.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listeners of each Gateway API Gateway once its ListenerSets are merged in, as Istio merges them
 * ({@code ComputeGatewayListenerConflicts}, {@code ListenerSetCollection}; GEP-1713), and what a route's
 * {@code parentRefs} entry of kind Gateway, ListenerSet or XListenerSet resolves to:
 * <ul>
 * <li>a ListenerSet attaches to its {@code parentRef} Gateway when the Gateway's {@code allowedListeners}
 *     admits the ListenerSet's namespace ({@code Same}, {@code All}, {@code Selector}; {@code None}, the
 *     default, admits none);</li>
 * <li>the Gateway's own listeners come first, then the admitted ListenerSets' by creation time, then
 *     {@code namespace/name}; a listener that is not distinct from one placed before it (same port and, for
 *     HTTP, HTTPS and TLS, the same hostname; TCP and UDP share a port with nothing) is conflicted
 *     ({@code HostnameConflict} or {@code ProtocolConflict}): it gets no server and no route;</li>
 * <li>an HTTPS or TLS listener without {@code tls} gets no server and no route (on a Gateway, a placeholder a
 *     ListenerSet's listener may fill; on a ListenerSet, not accepted);</li>
 * <li>a route whose parent is a ListenerSet attaches to the ListenerSet's listeners only, one whose parent is
 *     the Gateway to the Gateway's own only; either way it routes the Gateway's requests.</li>
 * </ul>
 */
final class GatewayApiListeners
{
    /**
     * A listener that won its place.
     *
     * @param listener the listener.
     * @param ownerNs  the namespace its {@code allowedRoutes} {@code Same} means (its Gateway's or ListenerSet's).
     * @param owner    {@code Gateway ns/name} or {@code ListenerSet ns/name}.
     */
    record Placed(GatewayApi.Listener listener, String ownerNs, String owner)
    {
    }

    /**
     * What a parentRef of a route resolves to.
     *
     * @param gateway   the Gateway whose requests the route routes (a ListenerSet's parent).
     * @param what      {@code Gateway ns/name} or {@code ListenerSet ns/name}, for messages.
     * @param listeners the parent's accepted listeners.
     */
    record Parent(GatewayApi.Gateway gateway, String what, List<Placed> listeners)
    {
    }

    private final Diagnostics diags;
    private final GatewayApiBinder api;
    private final Map<String, GatewayApi.Gateway> gateways = new LinkedHashMap<>();
    /** Per Gateway ({@code ns/name}): its own accepted listeners. */
    private final Map<String, List<Placed>> own = new HashMap<>();
    /** Per Gateway: every accepted listener, its own and its ListenerSets'. */
    private final Map<String, List<Placed>> merged = new HashMap<>();
    /** Per ListenerSet ({@code kind ns/name}) admitted by its Gateway: its accepted listeners. */
    private final Map<String, List<Placed>> admitted = new HashMap<>();
    private final Map<String, GatewayApi.ListenerSet> sets = new HashMap<>();

    GatewayApiListeners(final Diagnostics diags, final GatewayApiBinder api)
    {
        this.diags = diags;
        this.api = api;
        for (final GatewayApi.Gateway g : api.gateways)
        {
            gateways.put(g.qualifiedName(), g);
        }
        final Map<String, List<GatewayApi.ListenerSet>> byParent = new HashMap<>();
        for (final GatewayApi.ListenerSet s : api.listenerSets)
        {
            sets.put(s.kind() + " " + s.qualifiedName(), s);
            if (s.parentName() == null)
            {
                continue;
            }
            final GatewayApi.Gateway gw = gateways.get(s.parentNs() + "/" + s.parentName());
            if (gw == null)
            {
                diags.warning(s.parentWhere(), "no Gateway " + s.parentNs() + "/" + s.parentName() + " is loaded; the "
                        + s.kind() + "'s listeners are not used");
            }
            else if (!admits(gw.allowedListeners(), gw.ns(), s.ns()))
            {
                diags.warning(s.parentWhere(), "Gateway " + gw.qualifiedName() + " does not allow ListenerSets from "
                        + "namespace " + s.ns() + " (allowedListeners from " + gw.allowedListeners().from()
                        + "); the " + s.kind() + " is not attached (NotAllowed)");
            }
            else
            {
                byParent.computeIfAbsent(gw.qualifiedName(), k -> new ArrayList<>()).add(s);
            }
        }
        for (final GatewayApi.Gateway gw : api.gateways)
        {
            merge(gw, byParent.getOrDefault(gw.qualifiedName(), List.of()));
        }
    }

    /** @return every accepted listener of a Gateway: its own, then its ListenerSets'. */
    List<Placed> listeners(final GatewayApi.Gateway gw)
    {
        return merged.get(gw.qualifiedName());
    }

    /**
     * @return what a parentRef of kind Gateway, ListenerSet or XListenerSet stands for, or {@code null} (reported)
     *         when no such parent is loaded or a ListenerSet is not attached to its Gateway.
     */
    Parent parent(final GatewayApi.Route route, final GatewayApi.ParentRef ref)
    {
        final String key = ref.ns() + "/" + ref.name();
        if (ref.kind().equals("Gateway"))
        {
            final GatewayApi.Gateway gw = gateways.get(key);
            if (gw == null)
            {
                diags.warning(ref.where(), "no Gateway " + key + " is loaded; the " + route.kind()
                        + " is not attached to it");
                return null;
            }
            return new Parent(gw, "Gateway " + key, own.get(key));
        }
        final GatewayApi.ListenerSet s = sets.get(ref.kind() + " " + key);
        final List<Placed> listeners = admitted.get(ref.kind() + " " + key);
        if (s == null || listeners == null)
        {
            diags.warning(ref.where(), (s == null ? "no " + ref.kind() + " " + key + " is loaded"
                    : "the " + ref.kind() + " " + key + " is not attached to a Gateway") + "; the " + route.kind()
                    + " is not attached to it");
            return null;
        }
        return new Parent(gateways.get(s.parentNs() + "/" + s.parentName()), ref.kind() + " " + key, listeners);
    }

    private void merge(final GatewayApi.Gateway gw, final List<GatewayApi.ListenerSet> attached)
    {
        final List<Placed> accepted = new ArrayList<>();
        final List<Placed> ownAccepted = new ArrayList<>();
        final String gwName = "Gateway " + gw.qualifiedName();
        for (final GatewayApi.Listener l : gw.listeners())
        {
            final Placed p = new Placed(l, gw.ns(), gwName);
            if (place(p, accepted) && withTls(p, "a placeholder: Istio builds no server for it"))
            {
                ownAccepted.add(p);
            }
        }
        final List<GatewayApi.ListenerSet> ordered = new ArrayList<>(attached);
        ordered.sort(Comparator.comparing(GatewayApi.ListenerSet::created)
                .thenComparing(GatewayApi.ListenerSet::qualifiedName));
        final List<Placed> all = new ArrayList<>(ownAccepted);
        for (final GatewayApi.ListenerSet s : ordered)
        {
            final List<Placed> mine = new ArrayList<>();
            for (final GatewayApi.Listener l : s.listeners())
            {
                final Placed p = new Placed(l, s.ns(), s.kind() + " " + s.qualifiedName());
                if (!place(p, accepted) || !withTls(p, "not accepted (UnsupportedProtocol)"))
                {
                    continue;
                }
                mine.add(p);
                all.add(p);
            }
            admitted.put(s.kind() + " " + s.qualifiedName(), List.copyOf(mine));
        }
        own.put(gw.qualifiedName(), List.copyOf(ownAccepted));
        merged.put(gw.qualifiedName(), List.copyOf(all));
    }

    /**
     * Whether a listener that needs {@code tls} (HTTPS, TLS) has it; one that does not is reported: it keeps its
     * place (a later listener conflicting with it still conflicts) but gets no server and no route.
     */
    private boolean withTls(final Placed p, final String outcome)
    {
        final GatewayApi.Listener l = p.listener();
        if ((l.protocol().equals("HTTPS") || l.protocol().equals("TLS")) && l.tlsMode() == null)
        {
            diags.warning(l.where(), "listener \"" + l.name() + "\" of " + p.owner() + " is " + l.protocol()
                    + " without tls; " + outcome + ", no route attaches to it");
            return false;
        }
        return true;
    }

    /** Places a listener after those accepted so far, or reports the conflict; @return whether it was placed. */
    private boolean place(final Placed p, final List<Placed> accepted)
    {
        for (final Placed prior : accepted)
        {
            if (!distinct(p.listener(), prior.listener()))
            {
                final GatewayApi.Listener l = p.listener();
                final boolean protocol = tcpUdp(l.protocol()) && tcpUdp(prior.listener().protocol())
                        || !l.protocol().equals(prior.listener().protocol());
                diags.warning(l.where(), "listener \"" + l.name() + "\" of " + p.owner() + " conflicts with listener \""
                        + prior.listener().name() + "\" of " + prior.owner() + " on port " + l.port() + " ("
                        + (protocol ? "ProtocolConflict" : "HostnameConflict") + "); no route attaches to it");
                return false;
            }
        }
        accepted.add(p);
        return true;
    }

    private static boolean tcpUdp(final String protocol)
    {
        return protocol.equals("TCP") || protocol.equals("UDP");
    }

    private static boolean httpLike(final String protocol)
    {
        return protocol.equals("HTTP") || protocol.equals("HTTPS") || protocol.equals("TLS");
    }

    /** Istio's {@code listenersDistinct}: whether two listeners can be served side by side. */
    static boolean distinct(final GatewayApi.Listener a, final GatewayApi.Listener b)
    {
        if (a.port() != b.port())
        {
            return true;
        }
        if (tcpUdp(a.protocol()) && (httpLike(b.protocol()) || tcpUdp(b.protocol()))
                || httpLike(a.protocol()) && tcpUdp(b.protocol()))
        {
            return false;
        }
        if (httpLike(a.protocol()) && httpLike(b.protocol()))
        {
            final String ha = a.hostname() == null ? "*" : a.hostname();
            return !ha.equals(b.hostname() == null ? "*" : b.hostname());
        }
        return !a.protocol().equals(b.protocol());
    }

    /** Whether a Gateway's {@code allowedListeners} admits a ListenerSet of namespace {@code ns}. */
    private boolean admits(final GatewayApi.Namespaces from, final String gatewayNs, final String ns)
    {
        switch (from.from())
        {
            case "All":
                return true;
            case "Same":
                return ns.equals(gatewayNs);
            case "Selector":
                return GatewayApiTranslator.selects(api.namespaceLabels.get(ns), from.selector(), from.expressions());
            default:
                return false;
        }
    }
}
