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
     */
    public record Server(int port, String protocol, List<String> hosts)
    {
    }

    /** @return {@code namespace/name}. */
    public String qualifiedName()
    {
        return namespace + "/" + name;
    }
}
