package dev.wirespeed.control.model;

import java.util.List;

/**
 * A {@code networking.istio.io} VirtualService, resolved.
 *
 * @param namespace metadata.namespace ({@code default} when absent).
 * @param name      metadata.name.
 * @param hosts     lower-case; a name without a dot resolved to {@code name.<namespace>.svc.cluster.local};
 *                  wildcards ({@code *.example.com}, {@code *}) and FQDNs kept.
 * @param gateways  {@code mesh} or {@code namespace/name}; a bare name becomes {@code <namespace>/name};
 *                  {@code [mesh]} when absent.
 * @param exportTo  namespaces that see it; {@code "*"} = all (the default), {@code "."} already replaced
 *                  by the own namespace.
 * @param http      HTTP routes in order (first match wins).
 * @param tcp       TCP routes in order.
 * @param tls       TLS routes in order (SNI matching).
 * @param source    the document.
 */
public record VirtualService(
        String namespace,
        String name,
        List<String> hosts,
        List<String> gateways,
        List<String> exportTo,
        List<HttpRoute> http,
        List<TcpRoute> tcp,
        List<TlsRoute> tls,
        SourceRef source)
{
    /**
     * A VirtualService without TLS routes.
     *
     * @param namespace metadata.namespace.
     * @param name      metadata.name.
     * @param hosts     resolved hosts.
     * @param gateways  normalised gateways.
     * @param exportTo  namespaces that see it.
     * @param http      HTTP routes.
     * @param tcp       TCP routes.
     * @param source    the document.
     */
    public VirtualService(final String namespace, final String name, final List<String> hosts,
            final List<String> gateways, final List<String> exportTo, final List<HttpRoute> http,
            final List<TcpRoute> tcp, final SourceRef source)
    {
        this(namespace, name, hosts, gateways, exportTo, http, tcp, List.of(), source);
    }

    /** @return {@code namespace/name}, as decisions print it in {@code "vs"}. */
    public String qualifiedName()
    {
        return namespace + "/" + name;
    }

    /**
     * @param sourceNamespace the namespace a request comes from.
     * @return whether this VirtualService is exported to it.
     */
    public boolean visibleTo(final String sourceNamespace)
    {
        return exportTo.contains("*") || exportTo.contains(sourceNamespace);
    }

    /**
     * @return whether the Gateway API translation made it from a TLSRoute (named {@code <route>~tls~N}; a Kubernetes
     *         name has no {@code ~}), which Istio marks with its internal parent annotation: a TLS-terminating TCP
     *         server of a gateway falls back to its {@code tls} routes (docs/routing.md §5.3).
     */
    public boolean fromTlsRoute()
    {
        return name.contains("~tls~");
    }
}
