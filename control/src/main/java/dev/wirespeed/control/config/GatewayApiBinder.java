package dev.wirespeed.control.config;

import dev.wirespeed.control.model.SourceRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;
import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/**
 * Binds the Kubernetes Gateway API kinds ({@code gateway.networking.k8s.io} Gateway, ListenerSet, HTTPRoute,
 * GRPCRoute, TCPRoute, TLSRoute, ReferenceGrant; {@code gateway.networking.x-k8s.io} XListenerSet) and core
 * {@code Namespace} labels into {@link GatewayApi} records, checking them as the API's schema and validation
 * rules do (file:line:column for every finding). Rules and matches are read by {@link GatewayApiRuleBinder}. Once
 * everything is loaded, {@link GatewayApiTranslator} turns them into the model.
 */
final class GatewayApiBinder
{
    /** Versions of {@code gateway.networking.k8s.io} accepted. */
    static final Set<String> VERSIONS = Set.of("v1", "v1beta1", "v1alpha2");
    /** Kinds of the group this binder reads. */
    static final Set<String> KINDS = Set.of("Gateway", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute",
            "ReferenceGrant", "ListenerSet");
    /** The experimental kind of {@link GatewayApi#X_GROUP} read (Istio 1.27 to 1.29), and its one version. */
    static final String X_LISTENER_SET = "XListenerSet";
    static final String X_VERSION = "v1alpha1";
    static final String LISTENER_SET = "ListenerSet";

    private static final Set<String> LISTENER_PROTOCOLS = Set.of("HTTP", "HTTPS", "TLS", "TCP", "UDP", "HBONE");

    /** @return whether a document of this group and kind is a Gateway API kind read here (a backend policy too). */
    static boolean handles(final String group, final String kind)
    {
        return BackendPolicyBinder.handles(group, kind) || (group.equals(GatewayApi.GROUP) ? KINDS.contains(kind)
                : kind.equals(X_LISTENER_SET));
    }

    /** @return {@code null} when a Gateway API kind's version is served, else the versions that are. */
    static String expectedVersion(final String group, final String kind, final String version)
    {
        if (BackendPolicyBinder.handles(group, kind))
        {
            return BackendPolicyBinder.expectedVersion(kind, version);
        }
        if (group.equals(GatewayApi.X_GROUP))
        {
            return version.equals(X_VERSION) ? null : GatewayApi.X_GROUP + "/" + X_VERSION;
        }
        if (kind.equals(LISTENER_SET))
        {
            return version.equals("v1") ? null : GatewayApi.GROUP + "/v1; the older " + GatewayApi.X_GROUP + "/"
                    + X_VERSION + " kind is XListenerSet";
        }
        return VERSIONS.contains(version) ? null : "gateway.networking.k8s.io/v1, v1beta1 or v1alpha2";
    }

    private final Diagnostics diags;
    private final GatewayApiRuleBinder rules;
    final List<GatewayApi.Gateway> gateways = new ArrayList<>();
    final List<GatewayApi.Route> routes = new ArrayList<>();
    final List<GatewayApi.Grant> grants = new ArrayList<>();
    final List<GatewayApi.ListenerSet> listenerSets = new ArrayList<>();
    final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

    GatewayApiBinder(final Diagnostics diags)
    {
        this.diags = diags;
        this.rules = new GatewayApiRuleBinder(diags);
    }

    /**
     * A core {@code Namespace}: its labels, for listeners whose {@code allowedRoutes} select namespaces.
     *
     * @param name   the namespace.
     * @param labels its labels.
     */
    void namespace(final String name, final Map<String, String> labels)
    {
        final Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("kubernetes.io/metadata.name", name);
        namespaceLabels.put(name, all);
    }

    void gateway(final YamlNode specNode, final String ns, final String name, final SourceRef src)
    {
        final FieldReader spec = FieldReader.of(specNode, diags, ERROR, "gatewayClassName", "listeners", "addresses",
                "infrastructure", "backendTLS", "allowedListeners", "tls", "defaultScope");
        if (!spec.present())
        {
            return;
        }
        spec.requiredString("gatewayClassName");
        FieldReader.of(spec.field("infrastructure"), diags, IGNORE);
        FieldReader.of(spec.field("backendTLS"), diags, IGNORE);
        FieldReader.of(spec.field("tls"), diags, IGNORE);
        final FieldReader allowedListeners = spec.object("allowedListeners", ERROR, "namespaces");
        final GatewayApi.Namespaces fromListeners = allowedListeners.has("namespaces")
                ? namespaces(allowedListeners.object("namespaces", ERROR, "from", "selector"), "None")
                : GatewayApi.Namespaces.NONE;
        spec.list("addresses");
        final List<GatewayApi.Listener> listeners = new ArrayList<>();
        final Map<String, YamlNode> names = new HashMap<>();
        if (spec.list("listeners").isEmpty())
        {
            diags.error(spec.refOf("listeners"), "Gateway must have at least one listener");
        }
        for (final YamlNode l : spec.list("listeners"))
        {
            final GatewayApi.Listener listener = listener(l, names, false);
            if (listener != null)
            {
                listeners.add(listener);
            }
        }
        gateways.add(new GatewayApi.Gateway(ns, name, List.copyOf(listeners), src, fromListeners));
    }

    /**
     * A {@code ListenerSet} or {@code XListenerSet}: its parent Gateway and its listeners, read as a Gateway's
     * (an XListenerSet's listener may leave out its port: 80 for HTTP, 443 for HTTPS, as Istio defaults it).
     */
    void listenerSet(final String kind, final YamlNode specNode, final String ns, final String name,
            final String created, final SourceRef src)
    {
        final FieldReader spec = FieldReader.of(specNode, diags, ERROR, "parentRef", "listeners");
        if (!spec.present())
        {
            return;
        }
        if (!spec.has("parentRef"))
        {
            spec.missing("parentRef");
        }
        final FieldReader parent = spec.object("parentRef", ERROR, "group", "kind", "name", "namespace");
        final String parentName = parent.present() ? parent.requiredString("name") : null;
        final String group = parent.string("group");
        final String parentKind = parent.string("kind");
        final boolean gateway = (group == null || group.equals(GatewayApi.GROUP))
                && (parentKind == null || parentKind.equals("Gateway"));
        if (parent.present() && !gateway)
        {
            diags.warning(parent.node(), "the " + kind + "'s parentRef is a " + (group == null ? "" : group + "/")
                    + parentKind + ", not a Gateway; its listeners are not used");
        }
        final String parentNs = parent.string("namespace");
        final List<GatewayApi.Listener> listeners = new ArrayList<>();
        final Map<String, YamlNode> names = new HashMap<>();
        if (spec.list("listeners").isEmpty())
        {
            diags.error(spec.refOf("listeners"), kind + " must have at least one listener");
        }
        for (final YamlNode l : spec.list("listeners"))
        {
            final GatewayApi.Listener listener = listener(l, names, kind.equals(X_LISTENER_SET));
            if (listener != null)
            {
                listeners.add(listener);
            }
        }
        listenerSets.add(new GatewayApi.ListenerSet(kind, ns, name, created == null ? "" : created,
                parentNs == null ? ns : parentNs, gateway ? parentName : null, List.copyOf(listeners),
                parent.present() ? parent.node() : specNode, src));
    }

    private GatewayApi.Listener listener(final YamlNode node, final Map<String, YamlNode> names,
            final boolean portOptional)
    {
        final FieldReader l = FieldReader.of(node, diags, ERROR, "name", "hostname", "port", "protocol", "tls",
                "allowedRoutes");
        if (!l.present())
        {
            return null;
        }
        final String name = l.requiredString("name");
        if (name != null)
        {
            final YamlNode first = names.putIfAbsent(name, l.field("name"));
            if (first != null)
            {
                diags.error(l.field("name"), "duplicate listener name \"" + name + "\" (first at line " + first.line()
                        + ", column " + first.column() + ")");
            }
        }
        final String protocol = l.requiredString("protocol");
        final boolean portDefault = portOptional && ("HTTP".equals(protocol) || "HTTPS".equals(protocol));
        if (!l.has("port") && !portDefault)
        {
            l.missing("port");
        }
        final int port = l.integerIn("port", 1, 65535, !portDefault ? 0 : protocol.equals("HTTP") ? 80 : 443);
        if (protocol != null && !LISTENER_PROTOCOLS.contains(protocol) && !protocol.contains("/"))
        {
            diags.error(l.field("protocol"), "unknown protocol \"" + protocol
                    + "\" (expected HTTP, HTTPS, TLS, TCP, UDP, HBONE or a domain-prefixed protocol)");
        }
        final String hostname = hostname(l.field("hostname"), l.string("hostname"));
        final FieldReader tls = FieldReader.of(l.field("tls"), diags, IGNORE);
        String tlsMode = tls.present() ? "Terminate" : null;
        final String writtenMode = tls.present() ? tls.string("mode") : null;
        if (writtenMode != null && !writtenMode.equals("Terminate") && !writtenMode.equals("Passthrough"))
        {
            diags.error(tls.field("mode"), "expected Terminate or Passthrough, got \"" + writtenMode + "\"");
        }
        else if (writtenMode != null)
        {
            tlsMode = writtenMode;
        }
        final FieldReader allowed = l.object("allowedRoutes", ERROR, "namespaces", "kinds");
        final GatewayApi.Namespaces from = namespaces(allowed.object("namespaces", ERROR, "from", "selector"),
                "Same");
        final List<String> kinds = new ArrayList<>();
        for (final YamlNode k : allowed.list("kinds"))
        {
            final FieldReader kr = FieldReader.of(k, diags, ERROR, "group", "kind");
            final String kind = kr.requiredString("kind");
            final String group = kr.string("group");
            if (kind != null && (group == null || group.equals(GatewayApi.GROUP)))
            {
                kinds.add(kind);
            }
        }
        return new GatewayApi.Listener(name == null ? "" : name, hostname, port,
                protocol == null ? "" : protocol, from.from(), from.selector(), from.expressions(),
                List.copyOf(kinds), tlsMode, node);
    }

    /**
     * A {@code namespaces} choice ({@code from} and {@code selector}) of a listener's {@code allowedRoutes} or a
     * Gateway's {@code allowedListeners}.
     *
     * @param nsr         the {@code namespaces} object (absent: the default).
     * @param defaultFrom {@code Same} for routes, {@code None} for listener sets.
     */
    private GatewayApi.Namespaces namespaces(final FieldReader nsr, final String defaultFrom)
    {
        String from = defaultFrom;
        Map<String, String> selector = Map.of();
        final List<GatewayApi.LabelExpression> expressions = new ArrayList<>();
        if (nsr.present())
        {
            final String f = nsr.string("from");
            if (f != null)
            {
                if (Set.of("Same", "All", "Selector", "None").contains(f))
                {
                    from = f;
                }
                else
                {
                    diags.error(nsr.field("from"), "expected one of Same, All, Selector, None, got \"" + f + "\"");
                }
            }
            final FieldReader sel = nsr.object("selector", ERROR, "matchLabels", "matchExpressions");
            selector = sel.stringMap("matchLabels");
            for (final YamlNode e : sel.list("matchExpressions"))
            {
                final GatewayApi.LabelExpression expression = labelExpression(e);
                if (expression != null)
                {
                    expressions.add(expression);
                }
            }
            if (from.equals("Selector") && !sel.present())
            {
                diags.error(nsr.refOf("selector"), "from: Selector needs a selector");
            }
        }
        return new GatewayApi.Namespaces(from, selector, List.copyOf(expressions));
    }

    private GatewayApi.LabelExpression labelExpression(final YamlNode node)
    {
        final FieldReader e = FieldReader.of(node, diags, ERROR, "key", "operator", "values");
        if (!e.present())
        {
            return null;
        }
        final String key = e.requiredString("key");
        final String op = e.requiredString("operator");
        final List<String> values = e.stringList("values");
        if (op == null || key == null)
        {
            return null;
        }
        final boolean set = op.equals("In") || op.equals("NotIn");
        if (!set && !op.equals("Exists") && !op.equals("DoesNotExist"))
        {
            diags.error(e.field("operator"), "expected In, NotIn, Exists or DoesNotExist, got \"" + op + "\"");
            return null;
        }
        if (set && values.isEmpty())
        {
            diags.error(e.refOf("values"), op + " needs at least one value");
        }
        else if (!set && !values.isEmpty())
        {
            diags.error(e.field("values"), op + " takes no values");
        }
        return new GatewayApi.LabelExpression(key, op, List.copyOf(values));
    }

    /**
     * Gateway API hostname syntax: a DNS name, optionally with a leading {@code *.} label; no IP address,
     * no port.
     */
    String hostname(final YamlNode at, final String h)
    {
        if (h == null)
        {
            return null;
        }
        final String rest = h.startsWith("*.") ? h.substring(2) : h;
        boolean ok = !rest.isEmpty() && rest.length() <= 253 && !Names.isIpLiteral(h);
        for (int i = 0; ok && i < rest.length(); i++)
        {
            final char c = rest.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        }
        if (!ok)
        {
            diags.error(at, "invalid hostname \"" + h + "\": expected a DNS name, optionally prefixed by \"*.\" "
                    + "(no IP address, no port)");
            return null;
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** A route or a ListenerSet (by {@code kind}). */
    void routeOrListenerSet(final String kind, final YamlNode specNode, final String ns, final String name,
            final String created, final SourceRef src)
    {
        if (kind.equals("ListenerSet") || kind.equals(X_LISTENER_SET))
        {
            listenerSet(kind, specNode, ns, name, created, src);
        }
        else
        {
            route(kind, specNode, ns, name, created, src);
        }
    }

    void route(final String kind, final YamlNode specNode, final String ns, final String name, final String created,
               final SourceRef src)
    {
        final boolean grpc = kind.equals("GRPCRoute");
        final boolean l4 = kind.equals("TCPRoute") || kind.equals("TLSRoute");
        final FieldReader spec = kind.equals("TCPRoute")
                ? FieldReader.of(specNode, diags, ERROR, "parentRefs", "rules", "useDefaultGateways")
                : FieldReader.of(specNode, diags, ERROR, "parentRefs", "hostnames", "rules", "useDefaultGateways");
        if (!spec.present())
        {
            return;
        }
        spec.string("useDefaultGateways");
        final List<GatewayApi.ParentRef> parents = new ArrayList<>();
        for (final YamlNode p : spec.list("parentRefs"))
        {
            final GatewayApi.ParentRef ref = parentRef(p, ns);
            if (ref != null)
            {
                parents.add(ref);
            }
        }
        final List<String> hostnames = new ArrayList<>();
        for (final YamlNode h : spec.list("hostnames"))
        {
            final String host = hostname(h, FieldReader.asString(h, diags));
            if (host != null)
            {
                hostnames.add(host);
            }
        }
        final List<GatewayApi.Rule> bound = new ArrayList<>();
        final List<YamlNode> ruleNodes = spec.list("rules");
        for (int i = 0; i < ruleNodes.size(); i++)
        {
            final GatewayApi.Rule rule = l4 ? rules.l4Rule(ruleNodes.get(i), i, ns)
                    : grpc ? rules.grpcRule(ruleNodes.get(i), i, ns) : rules.httpRule(ruleNodes.get(i), i, ns);
            if (rule != null)
            {
                bound.add(rule);
            }
        }
        if (l4 && ruleNodes.isEmpty())
        {
            diags.error(spec.refOf("rules"), kind + " must have at least one rule");
        }
        else if (!spec.has("rules"))
        {
            // The API defaults rules to one rule matching PathPrefix "/" with no backend.
            bound.add(rules.defaultRule(spec.node()));
        }
        routes.add(new GatewayApi.Route(kind, ns, name, created == null ? "" : created, List.copyOf(parents),
                List.copyOf(hostnames), List.copyOf(bound), src));
    }

    private GatewayApi.ParentRef parentRef(final YamlNode node, final String ns)
    {
        final FieldReader p = FieldReader.of(node, diags, ERROR, "group", "kind", "namespace", "name", "sectionName",
                "port");
        if (!p.present())
        {
            return null;
        }
        final String name = p.requiredString("name");
        final String group = p.string("group");
        String kind = p.string("kind");
        if (kind == null)
        {
            kind = "Gateway";
        }
        final boolean core = group == null || group.isEmpty() || group.equals("core");
        final boolean gatewayGroup = group == null || group.equals(GatewayApi.GROUP);
        final boolean serviceEntry = kind.equals("ServiceEntry") && "networking.istio.io".equals(group);
        final boolean listenerSet = kind.equals("ListenerSet") && gatewayGroup
                || kind.equals(X_LISTENER_SET) && GatewayApi.X_GROUP.equals(group);
        if (!(kind.equals("Gateway") && gatewayGroup) && !(kind.equals("Service") && core) && !serviceEntry
                && !listenerSet)
        {
            kind = (group == null ? "" : group) + "/" + kind;
        }
        final String refNs = p.string("namespace");
        final int port = p.integerIn("port", 1, 65535, 0);
        return name == null ? null : new GatewayApi.ParentRef(kind, refNs == null ? ns : refNs, name,
                p.string("sectionName"), port, node);
    }

    void referenceGrant(final YamlNode specNode, final String ns)
    {
        final FieldReader spec = FieldReader.of(specNode, diags, ERROR, "from", "to");
        if (!spec.present())
        {
            return;
        }
        final List<GatewayApi.GrantPeer> from = new ArrayList<>();
        for (final YamlNode f : spec.list("from"))
        {
            final FieldReader fr = FieldReader.of(f, diags, ERROR, "group", "kind", "namespace");
            if (!fr.present())
            {
                continue;
            }
            if (!fr.has("group"))
            {
                fr.missing("group");
            }
            final String group = fr.string("group");
            final String kind = fr.requiredString("kind");
            final String fromNs = fr.requiredString("namespace");
            if (kind != null && fromNs != null)
            {
                from.add(new GatewayApi.GrantPeer(group == null ? "" : group, kind, fromNs, null));
            }
        }
        final List<GatewayApi.GrantPeer> to = new ArrayList<>();
        for (final YamlNode t : spec.list("to"))
        {
            final FieldReader tr = FieldReader.of(t, diags, ERROR, "group", "kind", "name");
            if (!tr.present())
            {
                continue;
            }
            if (!tr.has("group"))
            {
                tr.missing("group");
            }
            final String group = tr.string("group");
            final String kind = tr.requiredString("kind");
            if (kind != null)
            {
                to.add(new GatewayApi.GrantPeer(group == null ? "" : group, kind, null, tr.string("name")));
            }
        }
        if (from.isEmpty() && spec.list("from").isEmpty())
        {
            diags.error(spec.refOf("from"), "ReferenceGrant must have at least one \"from\" entry");
        }
        if (to.isEmpty() && spec.list("to").isEmpty())
        {
            diags.error(spec.refOf("to"), "ReferenceGrant must have at least one \"to\" entry");
        }
        grants.add(new GatewayApi.Grant(ns, List.copyOf(from), List.copyOf(to)));
    }
}
