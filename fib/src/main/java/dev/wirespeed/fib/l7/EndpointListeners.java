package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The per-endpoint listeners of passthrough services (docs/routing.md §1 item 8), read from {@code HOST_STAGE}'s
 * {@code ENDPOINT_LISTENERS} lists: Istio binds the TCP and sniffed listeners of a passthrough service without address
 * literal to each endpoint address on the client's catch-all egress listener, so a request whose original destination
 * is such an address, on such a port, belongs to that service whatever its authority. Not on a port the client's
 * Sidecar egress listener names, and not at the client's own address. Asked by {@link HostStage#atDestination()}
 * when no service address takes the destination; reads the request's {@code dst} (already copied) and source IP.
 */
final class EndpointListeners
{
    private final IndexedTable hosts;
    private final RequestScratch q;

    EndpointListeners(final IndexedTable hosts, final RequestScratch q)
    {
        this.hosts = hosts;
        this.q = q;
    }

    /**
     * @param stage     the host stage (the Sidecar's choices and service visibility for this request).
     * @param addressId the pool id of the destination's address (lower-case, port and brackets stripped), or -1.
     * @param b         the destination's text.
     * @param from      where its address starts.
     * @param to        where it ends.
     * @return the first visible service with a per-endpoint listener at that address on the request's port, or -1.
     */
    int atEndpoint(final HostStage stage, final int addressId, final byte[] b, final int from, final int to)
    {
        if (addressId < 0 || stage.egressListenerKind() >= 0)
        {
            return -1; // an egress listener naming the port binds every service without address literal to 0.0.0.0
        }
        final int list = hosts.find(hostKey(KEY_ENDPOINT_LISTENERS, stage.view << 16 | q.res.requestPort, addressId));
        if (list < 0 || fromSelf(b, from, to))
        {
            return -1;
        }
        final int count = hosts.intAt(list);
        for (int k = 0; k < count; k++)
        {
            final int svc = hosts.intAt(list + 1 + k);
            if (stage.serviceVisible(svc))
            {
                return svc;
            }
        }
        return -1;
    }

    /** Whether the request's source IP is the destination's address (Istio builds no listener for the proxy's own). */
    private boolean fromSelf(final byte[] b, final int from, final int to)
    {
        if (!q.loadHandle(L7RequestView.SOURCE_IP) || q.valLen != to - from)
        {
            return false;
        }
        final byte[] v = q.val;
        for (int i = 0; i < q.valLen; i++)
        {
            if (StringPool.lowerAscii(v[i]) != StringPool.lowerAscii(b[from + i]))
            {
                return false;
            }
        }
        return true;
    }
}
