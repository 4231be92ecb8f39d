package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.OffHeap;

import java.nio.charset.StandardCharsets;

/**
 * The request headers Envoy's header map keeps as one value however many lines carry them: its inline ("O(1)")
 * request headers, whose later lines {@code HeaderMapImpl::insertByKey} appends to the first with {@code ,} (an
 * empty line adds nothing: {@code appendToHeader}, and a first empty line takes no comma before the next). They are
 * the defaults ({@code INLINE_REQ_HEADERS} and {@code INLINE_REQ_RESP_HEADERS} of {@code header_map.h}) and those
 * the extensions linked into Istio's proxy register at static initialisation
 * ({@code Http::RegisterCustomInlineHeader<...RequestHeaders>}): a registration happens when the extension is linked,
 * whether or not a filter is configured, and Istio's proxy links every extension of its
 * {@code bazel/extension_config/extensions_build_config.bzl} but {@code tcp_stats} (and a few contrib ones, none of
 * which registers a request header). Any other header written on several lines stays several values
 * ({@code cookie} among them: it is inline only when a bootstrap's {@code inline_headers} says so, which Istio does
 * not). {@code host} stands for {@code :authority} (the header map's lookup maps it to that inline slot).
 */
final class CodecJoinedHeaders
{
    private static final OffHeap U = OffHeap.MEMORY;

    private static final byte[][] NAMES = names(
        // INLINE_REQ_HEADERS and INLINE_REQ_RESP_HEADERS of envoy/http/header_map.h
        "connection", "content-length", "content-type", "expect", "grpc-timeout", "host", "keep-alive",
        "proxy-connection", "proxy-status", "te", "transfer-encoding", "upgrade", "user-agent", "via",
        "x-client-trace-id", "x-envoy-attempt-count", "x-envoy-decorator-operation",
        "x-envoy-downstream-service-cluster", "x-envoy-downstream-service-node", "x-envoy-expected-rq-timeout-ms",
        "x-envoy-external-address", "x-envoy-force-trace", "x-envoy-hedge-on-per-try-timeout", "x-envoy-internal",
        "x-envoy-ip-tags", "x-envoy-is-timeout-retry", "x-envoy-max-retries", "x-envoy-original-host",
        "x-envoy-original-path", "x-envoy-original-url",
        "x-envoy-retriable-header-names", "x-envoy-retriable-status-codes", "x-envoy-retry-grpc-on",
        "x-envoy-retry-on", "x-envoy-upstream-alt-stat-name", "x-envoy-upstream-rq-per-try-timeout-ms",
        "x-envoy-upstream-rq-timeout-alt-response", "x-envoy-upstream-rq-timeout-ms",
        "x-envoy-upstream-stream-duration-ms", "x-forwarded-client-cert", "x-forwarded-for", "x-forwarded-host",
        "x-forwarded-port", "x-forwarded-proto", "x-request-id",
        // source/extensions/filters/http/cors/cors_filter.cc (also origin, access-control-request-method:
        // jwt_authn/filter.cc; origin: csrf/csrf_filter.cc)
        "origin", "access-control-request-method", "access-control-request-headers",
        "access-control-request-private-network",
        // referer: csrf/csrf_filter.cc, filters/common/expr/context.cc (CEL, linked by rbac and others),
        // access_loggers/grpc/http_grpc_access_log_impl.cc, access_loggers/open_telemetry/access_log_impl.cc
        "referer",
        // source/extensions/filters/http/cache/cache_custom_headers.cc (authorization also oauth2/filter.cc;
        // cache-control also decompressor/decompressor_filter.cc)
        "authorization", "pragma", "cache-control", "if-match", "if-none-match", "if-modified-since",
        "if-unmodified-since", "if-range",
        // accept-encoding, content-encoding: compressor/compressor_filter.cc, decompressor/decompressor_filter.cc
        "accept-encoding", "content-encoding",
        // accept: grpc_web/grpc_web_filter.cc, grpc_http1_reverse_bridge/filter.cc; grpc-accept-encoding: grpc_web
        "accept", "grpc-accept-encoding",
        // source/extensions/filters/http/cdn_loop/filter.cc
        "cdn-loop",
        // source/extensions/tracers/skywalking/trace_segment_reporter.cc
        "authentication");

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
