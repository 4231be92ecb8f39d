package dev.wirespeed.fib.l7;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * An allocation-free view of one HTTP request as UTF-8 bytes, read by {@link L7Lookup}. Implement it
 * over an off-heap request descriptor or over a request parsed in place inside a captured packet; the
 * control module has a heap implementation over its {@code HttpRequest} record.
 *
 * <p>Values are addressed by a <em>handle</em>: the fixed fields below, or a handle returned by
 * {@link #header} or {@link #sourceLabel}. Defaults (method {@code GET}, scheme {@code http}, gateway
 * {@code mesh}, source namespace {@code default}, authority empty) are applied by the view: only
 * {@link #SOURCE_IP}, {@link #DST}, {@link #SNI} and {@link #ALPN} may be absent (length -1). A handle is valid
 * until the view is re-pointed.
 */
public interface L7RequestView
{
    /** Handle of the method. */
    int METHOD = 0;
    /** Handle of the scheme. */
    int SCHEME = 1;
    /** Handle of the authority as sent. */
    int AUTHORITY = 2;
    /** Handle of the request-target as sent (query included). */
    int PATH = 3;
    /** Handle of the gateway ({@code mesh} or {@code namespace/name}). */
    int GATEWAY = 4;
    /** Handle of the source namespace. */
    int SOURCE_NAMESPACE = 5;
    /** Handle of the source IP address text; may be absent. */
    int SOURCE_IP = 6;
    /**
     * Handle of the original destination text ({@code address}, {@code address:port}, {@code [v6]:port});
     * may be absent. Only the decision reads it: where {@code PassthroughCluster} connects.
     */
    int DST = 7;
    /**
     * Handle of the TLS server name of a TCP connection; absent (length -1) for an HTTP request. Present (even
     * empty: plain TCP, or a ClientHello without {@code server_name}) it marks the record as a connection.
     */
    int SNI = 8;
    /**
     * Handle of the ALPN protocols a connection's ClientHello offers, joined with {@code ,} (empty: none); absent
     * (length -1) when the record does not say, which the lookup takes as an Istio sidecar's mTLS connection
     * ({@code istio-peer-exchange,istio}). Only an east-west gateway's {@code AUTO_PASSTHROUGH} chains read it.
     */
    int ALPN = 9;

    /** @return the request id (seeds every per-request choice). */
    long id();

    /** @return the destination port, defaults applied (authority's port, else 80, 443 for https). */
    int port();

    /**
     * @return the downstream connection's source port (a trace's {@code src} written {@code address:port}, a
     *         capture's TCP source port), 0 when not known. Only the cookie Envoy makes up for a cookie hash with a
     *         {@code ttl} reads it, with {@link #SOURCE_IP} and {@link #DST}.
     */
    default int sourcePort()
    {
        return 0;
    }

    /**
     * @param handle a fixed field or a handle from {@link #header}/{@link #sourceLabel}.
     * @return the value's length in bytes, -1 when absent.
     */
    int length(int handle);

    /**
     * @param handle a handle.
     * @param index  0 &le; index &lt; {@link #length}.
     * @return the byte.
     */
    byte byteAt(int handle, int index);

    /**
     * Copies a value; override with a bulk copy where the storage allows it.
     *
     * @param handle a handle whose value is present.
     * @param dst    destination, large enough.
     * @param offset where to write.
     * @return the number of bytes copied.
     */
    default int copyTo(final int handle, final byte[] dst, final int offset)
    {
        final int n = length(handle);
        for (int i = 0; i < n; i++)
        {
            dst[offset + i] = byteAt(handle, i);
        }
        return n;
    }

    /**
     * Compares a value with bytes without copying it (the lookup asks this of fields that are usually the same as
     * the previous request's: gateway, source namespace, authority); override with an in-place compare where the
     * storage allows it.
     *
     * @param handle a handle.
     * @param b      the bytes.
     * @param length how many of them.
     * @return whether the value is present and equals {@code b[0, length)}.
     */
    default boolean contentEquals(final int handle, final byte[] b, final int length)
    {
        if (handle < 0 || length(handle) != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (byteAt(handle, i) != b[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds a request header (names are lower-case on both sides).
     *
     * @param names  where the name's bytes are.
     * @param offset the name's offset in {@code names}.
     * @param length the name's length.
     * @return a handle of the first value, or -1 when the header is absent.
     */
    int header(BytesStore<?, ?> names, long offset, int length);

    /**
     * How many values a header has as Envoy's header map keeps them: a header written on several lines of an
     * HTTP/1.1 head (or sent as several HTTP/2 fields) is several values, except where Envoy's codec joins them into
     * one (its inline headers, HTTP/2 cookie crumbs). {@link #header}'s handle is what a route's match reads (Envoy's
     * {@code getAllOfHeaderAsString}: the values joined with {@code ,}); a hash policy reads the values one by one
     * ({@code HeaderHashMethod}, {@code parseCookieValue}). A trace record has one value a header.
     *
     * @param handle a handle from {@link #header}.
     * @return the number of values, at least 1.
     */
    default int valueCount(final int handle)
    {
        return 1;
    }

    /**
     * @param handle a handle from {@link #header}.
     * @param k      0 &le; k &lt; {@link #valueCount}.
     * @return a handle of the header's {@code k}th value (in request order), valid as long as {@code handle}.
     */
    default int value(final int handle, final int k)
    {
        return handle;
    }

    /**
     * Finds a source workload label.
     *
     * @param names  where the label name's bytes are.
     * @param offset the name's offset.
     * @param length the name's length.
     * @return a handle of its value, or -1 when absent.
     */
    int sourceLabel(BytesStore<?, ?> names, long offset, int length);
}
