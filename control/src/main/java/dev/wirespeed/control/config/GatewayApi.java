package dev.wirespeed.control.config;

import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;

import java.util.List;
import java.util.Map;

/**
 * The Kubernetes Gateway API objects ({@code gateway.networking.k8s.io}) as {@link GatewayApiBinder} reads
 * them, before {@link GatewayApiTranslator} turns them into VirtualServices and Gateways of the model.
 * Names and defaults are applied; references (parents, backends) are kept as written, with their node,
 * because they can only be checked once every document is loaded.
 */
final class GatewayApi
{
    /** The API group. */
    static final String GROUP = "gateway.networking.k8s.io";
    /** The experimental API group ({@code XListenerSet}). */
    static final String X_GROUP = "gateway.networking.x-k8s.io";

    private GatewayApi()
    {
    }

    /**
     * A {@code Gateway}.
     *
     * @param ns        namespace.
     * @param name      name.
     * @param listeners listeners in order.
     * @param src       the document.
     * @param allowedListeners {@code spec.allowedListeners.namespaces}: which namespaces' ListenerSets may attach
     *                  ({@code from} None when absent).
     */
    record Gateway(String ns, String name, List<Listener> listeners, SourceRef src, Namespaces allowedListeners)
    {
        Gateway(final String ns, final String name, final List<Listener> listeners, final SourceRef src)
        {
            this(ns, name, listeners, src, Namespaces.NONE);
        }


        String qualifiedName()
        {
            return ns + "/" + name;
        }
    }

    /**
     * A listener.
     *
     * @param name          section name.
     * @param hostname      lower-case hostname, {@code null} = any.
     * @param port          port.
     * @param protocol      upper-case protocol (HTTP, HTTPS, TLS, TCP, UDP, ...).
     * @param from          {@code Same}, {@code All}, {@code Selector} or {@code None}.
     * @param selector      namespace label selector ({@code matchLabels}) for {@code Selector}.
     * @param expressions   the selector's {@code matchExpressions}, ANDed with {@code selector}.
     * @param kinds         allowed route kinds; empty = the protocol's default (HTTPRoute and GRPCRoute on
     *                      HTTP and HTTPS, TLSRoute on TLS (and TCPRoute when it terminates), TCPRoute on TCP).
     * @param tlsMode       {@code tls.mode}: {@code Terminate} (the default) or {@code Passthrough}; {@code null}
     *                      without {@code tls}.
     * @param where         where it was written.
     */
    record Listener(String name, String hostname, int port, String protocol, String from,
                    Map<String, String> selector, List<LabelExpression> expressions, List<String> kinds,
                    String tlsMode, YamlNode where)
    {
    }

    /**
     * A namespace choice ({@code allowedListeners.namespaces}).
     *
     * @param from        {@code Same}, {@code All}, {@code Selector} or {@code None}.
     * @param selector    {@code matchLabels} for {@code Selector}.
     * @param expressions {@code matchExpressions} for {@code Selector}, ANDed with {@code selector}.
     */
    record Namespaces(String from, Map<String, String> selector, List<LabelExpression> expressions)
    {
        /** The default: no namespace. */
        static final Namespaces NONE = new Namespaces("None", Map.of(), List.of());
    }

    /**
     * A {@code ListenerSet} ({@code gateway.networking.k8s.io/v1}) or {@code XListenerSet}
     * ({@code gateway.networking.x-k8s.io/v1alpha1}): listeners added to a parent Gateway.
     *
     * @param kind       {@code ListenerSet} or {@code XListenerSet} (a route's parentRef names one kind).
     * @param ns         namespace (its listeners' {@code allowedRoutes} {@code Same}).
     * @param name       name.
     * @param created    {@code metadata.creationTimestamp} as written, {@code ""} when absent (oldest).
     * @param parentNs   the parent Gateway's namespace.
     * @param parentName the parent Gateway's name, {@code null} when {@code parentRef} names another kind.
     * @param listeners  listeners in order.
     * @param parentWhere where {@code parentRef} was written.
     * @param src        the document.
     */
    record ListenerSet(String kind, String ns, String name, String created, String parentNs, String parentName,
                       List<Listener> listeners, YamlNode parentWhere, SourceRef src)
    {
        String qualifiedName()
        {
            return ns + "/" + name;
        }
    }

    /**
     * A label selector requirement ({@code matchExpressions} entry).
     *
     * @param key      the label.
     * @param operator {@code In}, {@code NotIn}, {@code Exists} or {@code DoesNotExist}.
     * @param values   the values for {@code In}/{@code NotIn}.
     */
    record LabelExpression(String key, String operator, List<String> values)
    {
        boolean matches(final Map<String, String> labels)
        {
            final String v = labels.get(key);
            switch (operator)
            {
                case "In":
                    return v != null && values.contains(v);
                case "NotIn":
                    return v == null || !values.contains(v);
                case "Exists":
                    return v != null;
                default:
                    return v == null;
            }
        }
    }

    /**
     * A parent reference of a route.
     *
     * @param kind        {@code Gateway} (default), {@code ListenerSet}, {@code XListenerSet}, {@code Service}
     *                    (mesh routing, GAMMA), {@code ServiceEntry} or {@code group/kind} of another kind (not
     *                    attached).
     * @param ns          namespace (the route's when absent).
     * @param name        name.
     * @param sectionName listener name, or {@code null}.
     * @param port        listener port, 0 = any.
     * @param where       where it was written.
     */
    record ParentRef(String kind, String ns, String name, String sectionName, int port, YamlNode where)
    {
    }

    /**
     * A backend reference (also the target of a RequestMirror filter).
     *
     * @param group  API group ({@code ""} for core).
     * @param kind   kind ({@code Service} by default).
     * @param ns     namespace (the route's when absent).
     * @param name   name.
     * @param port   port, 0 when absent.
     * @param weight weight (1 when absent).
     * @param where  where it was written.
     * @param headers its {@code RequestHeaderModifier} filter (the destination's request header operations).
     */
    record BackendRef(String group, String kind, String ns, String name, int port, int weight, YamlNode where,
            HttpRoute.HeaderOperations headers)
    {
    }

    /**
     * How a path is matched: {@code PREFIX} is the HTTPRoute's segment-wise {@code PathPrefix};
     * {@code PLAIN_PREFIX} a character prefix (a GRPCRoute service match, {@code /service/}).
     */
    enum PathKind
    {
        EXACT, PREFIX, PLAIN_PREFIX, REGEX
    }

    /**
     * One match of a rule. For an HTTPRoute the path is always set (a missing match is {@code PathPrefix /});
     * for a GRPCRoute the {@code uri} comes from the service/method match, or is {@code null}.
     *
     * @param pathKind    how {@code path} matches; {@code null} for no path condition.
     * @param path        the value (a PathPrefix without its trailing slash, except {@code /}).
     * @param headers     lower-case header name to condition.
     * @param queryParams query parameter name to condition.
     * @param method      method, or {@code null}.
     */
    record Match(PathKind pathKind, String path, Map<String, StringMatch> headers,
                 Map<String, StringMatch> queryParams, String method)
    {
    }

    /**
     * A {@code RequestRedirect} filter.
     *
     * @param scheme        new scheme, or {@code null}.
     * @param hostname      new host, or {@code null}.
     * @param port          new port, 0 = absent.
     * @param fullPath      {@code ReplaceFullPath}, or {@code null}.
     * @param prefixPath    {@code ReplacePrefixMatch}, or {@code null}.
     * @param statusCode    status (302 by default).
     */
    record Redirect(String scheme, String hostname, int port, String fullPath, String prefixPath, int statusCode)
    {
    }

    /**
     * A {@code URLRewrite} filter.
     *
     * @param hostname   new host, or {@code null}.
     * @param fullPath   {@code ReplaceFullPath}, or {@code null}.
     * @param prefixPath {@code ReplacePrefixMatch}, or {@code null}.
     */
    record Rewrite(String hostname, String fullPath, String prefixPath)
    {
    }

    /**
     * A {@code RequestMirror} filter.
     *
     * @param backend    where copies go.
     * @param percentage percent mirrored (100 by default).
     */
    record Mirror(BackendRef backend, double percentage)
    {
    }

    /**
     * A rule of an HTTPRoute or GRPCRoute.
     *
     * @param name     the rule's name, or {@code null}.
     * @param index    its position in {@code spec.rules}.
     * @param matches  its matches (at least one).
     * @param headers  RequestHeaderModifier.
     * @param redirect RequestRedirect, or {@code null}.
     * @param rewrite  URLRewrite, or {@code null}.
     * @param mirrors  RequestMirror filters.
     * @param backends backend references.
     * @param where    where it was written.
     * @param cors     the CORS filter as Istio converts it, or {@code null}.
     */
    record Rule(String name, int index, List<Match> matches, HttpRoute.HeaderOperations headers, Redirect redirect,
                Rewrite rewrite, List<Mirror> mirrors, List<BackendRef> backends, YamlNode where, HttpRoute.Cors cors)
    {
        Rule(final String name, final int index, final List<Match> matches, final HttpRoute.HeaderOperations headers,
                final Redirect redirect, final Rewrite rewrite, final List<Mirror> mirrors,
                final List<BackendRef> backends, final YamlNode where)
        {
            this(name, index, matches, headers, redirect, rewrite, mirrors, backends, where, null);
        }
    }

    /**
     * An HTTPRoute, GRPCRoute, TCPRoute or TLSRoute (the last two: rules with backends only).
     *
     * @param kind      {@code HTTPRoute}, {@code GRPCRoute}, {@code TCPRoute} or {@code TLSRoute}.
     * @param ns        namespace.
     * @param name      name.
     * @param created   {@code metadata.creationTimestamp} as written, {@code ""} when absent (oldest).
     * @param parents   parent references.
     * @param hostnames lower-case hostnames; empty = any.
     * @param rules     rules in order.
     * @param src       the document.
     */
    record Route(String kind, String ns, String name, String created, List<ParentRef> parents,
                 List<String> hostnames, List<Rule> rules, SourceRef src)
    {
    }

    /**
     * One {@code from} or {@code to} entry of a ReferenceGrant.
     *
     * @param group     API group.
     * @param kind      kind.
     * @param namespace the {@code from} namespace ({@code null} in {@code to}).
     * @param name      the {@code to} name, {@code null} = every object of the kind.
     */
    record GrantPeer(String group, String kind, String namespace, String name)
    {
    }

    /**
     * A {@code ReferenceGrant}: objects in {@code ns} that routes in other namespaces may reference.
     *
     * @param ns   namespace (of the referenced objects).
     * @param from who may refer.
     * @param to   what may be referred to.
     */
    record Grant(String ns, List<GrantPeer> from, List<GrantPeer> to)
    {
    }
}
