package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.OffHeap;

import java.nio.charset.StandardCharsets;

/**
 * The request headers Envoy's header map keeps as one value however many lines carry them: its default inline
 * ("O(1)") request headers ({@code INLINE_REQ_HEADERS} and {@code INLINE_REQ_RESP_HEADERS} of {@code header_map.h}),
 * whose later lines {@code HeaderMapImpl::insertByKey} appends to the first with {@code ,}. Any other header written
 * on several lines stays several values ({@code cookie} among them: it is inline only when a bootstrap's
 * {@code inline_headers} says so, which Istio does not). Headers a filter registers as inline (CORS's {@code origin},
 * for one) are not listed: only a hash policy on such a header written on several lines would tell.
 */
final class CodecJoinedHeaders
{
    private static final OffHeap U = OffHeap.MEMORY;

    private static final byte[][] NAMES = names(
        "connection", "content-length", "content-type", "expect", "grpc-timeout", "host", "keep-alive",
        "proxy-connection", "proxy-status", "te", "transfer-encoding", "upgrade", "user-agent", "via",
        "x-client-trace-id", "x-envoy-attempt-count", "x-envoy-decorator-operation",
        "x-envoy-downstream-service-cluster", "x-envoy-downstream-service-node", "x-envoy-expected-rq-timeout-ms",
        "x-envoy-external-address", "x-envoy-force-trace", "x-envoy-hedge-on-per-try-timeout", "x-envoy-internal",
        "x-envoy-ip-tags", "x-envoy-max-retries", "x-envoy-original-path", "x-envoy-original-url",
        "x-envoy-retriable-header-names", "x-envoy-retriable-status-codes", "x-envoy-retry-grpc-on",
        "x-envoy-retry-on", "x-envoy-upstream-alt-stat-name", "x-envoy-upstream-rq-per-try-timeout-ms",
        "x-envoy-upstream-rq-timeout-alt-response", "x-envoy-upstream-rq-timeout-ms",
        "x-envoy-upstream-stream-duration-ms", "x-forwarded-client-cert", "x-forwarded-for", "x-forwarded-host",
        "x-forwarded-proto", "x-request-id");

    private CodecJoinedHeaders()
    {
    }

    private static byte[][] names(final String... names)
    {
        final byte[][] b = new byte[names.length][];
        for (int i = 0; i < names.length; i++)
        {
            b[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return b;
    }

    /**
     * @param at native address of a header name as written (any case).
     * @param n  its length.
     * @return whether Envoy's codec joins that header's lines into one value.
     */
    static boolean joined(final long at, final int n)
    {
        for (final byte[] name : NAMES)
        {
            if (name.length != n)
            {
                continue;
            }
            int k = 0;
            while (k < n && lower(U.getByte(at + k)) == name[k])
            {
                k++;
            }
            if (k == n)
            {
                return true;
            }
        }
        return false;
    }

    private static byte lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
    }
}
