package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * A {@code networking.istio.io} Gateway: kept for validation and display; requests name the gateway
 * they arrive on ({@code namespace/name}) and VirtualServices bound to it route them.
 *
 * @param namespace metadata.namespace.
 * @param name      metadata.name.
 * @param selector  workload selector.
 * @param servers   its servers.
 * @param source    the document.
 */
public record GatewaySpec(
        String namespace,
        String name,
        Map<String, String> selector,
        List<Server> servers,
        SourceRef source)
{
    /**
     * A server of a gateway.
     *
     * @param port     port number.
     * @param protocol protocol (upper-case).
     * @param hosts    hosts as written ({@code ns/host} forms kept).
     * @param tlsMode  {@code tls.mode} ({@code SIMPLE}, {@code PASSTHROUGH}, ...), or {@code null} without
     *                 {@code tls}.
     */
    public record Server(int port, String protocol, List<String> hosts, String tlsMode)
    {
        /**
         * @return whether it passes TLS through by SNI to the VirtualServices' {@code tls} routes (a {@code TLS} or
         *         {@code HTTPS} server with {@code tls.mode: PASSTHROUGH}; docs/routing.md §5.1).
         */
        public boolean passthrough()
        {
            return ("TLS".equals(protocol) || "HTTPS".equals(protocol)) && "PASSTHROUGH".equals(tlsMode);
        }
    }

    /**
     * @param port a port.
     * @return whether a server on that port passes TLS through by SNI.
     */
    public boolean passthroughOn(final int port)
    {
        for (final Server s : servers)
        {
            if (s.port() == port && s.passthrough())
            {
                return true;
            }
        }
        return false;
    }

    /** @return {@code namespace/name}. */
    public String qualifiedName()
    {
        return namespace + "/" + name;
    }
}
