package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * A service the registry knows: a Kubernetes {@code Service} (with the Pods its selector picks) or a
 * {@code ServiceEntry} host (with its endpoints and the WorkloadEntries its selector picks).
 *
 * @param host      the FQDN ({@code name.namespace.svc.cluster.local} for a Service; the ServiceEntry's
 *                  host, lower-case).
 * @param namespace the namespace of the Service/ServiceEntry.
 * @param addresses cluster IP / ServiceEntry addresses (may be empty).
 * @param ports     the service ports.
 * @param endpoints its endpoints, sorted by address then port (so picks are deterministic).
 * @param source    the document.
 */
public record RegistryService(
        String host,
        String namespace,
        List<String> addresses,
        List<ServicePort> ports,
        List<Endpoint> endpoints,
        SourceRef source)
{
    /**
     * A service port.
     *
     * @param name        the port name ({@code http}, {@code http-web}, {@code grpc}, ...), may be empty.
     * @param number      the service port.
     * @param targetPort  the endpoint port traffic goes to (the numeric {@code targetPort}, or the
     *                    container port a named targetPort names, or {@code number}).
     * @param protocol    upper-case protocol: {@code HTTP}, {@code HTTP2}, {@code GRPC}, {@code HTTPS},
     *                    {@code TLS}, {@code TCP}, {@code UDP}... derived Istio-style from
     *                    {@code appProtocol}, then the name prefix ({@code http-}, {@code http2-},
     *                    {@code grpc-}...), then {@code TCP}.
     */
    public record ServicePort(String name, int number, int targetPort, String protocol)
    {
        /** @return whether traffic on this port is routed by the HTTP (L7) path. */
        public boolean isHttp()
        {
            return protocol.equals("HTTP") || protocol.equals("HTTP2") || protocol.equals("GRPC")
                    || protocol.equals("GRPC-WEB");
        }

        /** @return whether this port carries TLS Istio routes by SNI ({@code HTTPS} or {@code TLS}). */
        public boolean isTls()
        {
            return protocol.equals("HTTPS") || protocol.equals("TLS");
        }
    }

    /**
     * An endpoint (a Pod IP or a WorkloadEntry/ServiceEntry endpoint address).
     *
     * @param address the IP address (or, for a DNS ServiceEntry, the host name).
     * @param labels  its labels (subsets select on them).
     * @param ports   port overrides by service port name (ServiceEntry endpoint {@code ports});
     *                absent → {@link ServicePort#targetPort()}.
     * @param healthy false for a Pod that is not Ready (or not Running).
     * @param name    pod / workload name, for display.
     */
    public record Endpoint(
            String address,
            Map<String, String> labels,
            Map<String, Integer> ports,
            boolean healthy,
            String name)
    {
    }
}
