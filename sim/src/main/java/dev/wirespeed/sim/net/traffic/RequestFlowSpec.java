package dev.wirespeed.sim.net.traffic;

import java.util.Map;

/**
 * A stream of HTTP requests from a sidecar host: each request is routed by the L7 FIB (VirtualServices,
 * DestinationRules, the registry) to an endpoint, then sent as {@code ceil(requestBytes / (mtuBytes −
 * 40))} IP packets to the host whose address is the endpoint's.
 *
 * @param name         a unique name.
 * @param src          the sidecar host's name (its address is the request's source IP).
 * @param authority    the request's authority (e.g. {@code reviews}).
 * @param path         the request's path.
 * @param port         the destination service port.
 * @param headers      request headers.
 * @param sourceLabels the client pod's labels.
 * @param pattern      CBR or Poisson request arrivals.
 * @param intervalNs   the (mean) gap between requests.
 * @param startNs      the first request's time.
 * @param stopNs       no request at or after this.
 * @param requestBytes bytes of a request on the wire (IP payload, summed over its packets).
 * @param mtuBytes     largest IP packet.
 */
public record RequestFlowSpec(String name, String src, String authority, String path, int port,
    Map<String, String> headers, Map<String, String> sourceLabels, FlowSpec.Pattern pattern, long intervalNs,
    long startNs, long stopNs, int requestBytes, int mtuBytes)
{
    /** Validates. */
    public RequestFlowSpec
    {
        if (intervalNs <= 0 || startNs < 0 || stopNs < startNs || requestBytes < 1 || mtuBytes < 68)
        {
            throw new IllegalArgumentException("request flow '" + name
                + "': needs interval > 0, 0 <= start <= stop, request bytes >= 1 and mtu >= 68");
        }
    }
}
