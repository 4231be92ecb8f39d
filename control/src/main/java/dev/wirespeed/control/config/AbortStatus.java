package dev.wirespeed.control.config;

import dev.wirespeed.control.model.GrpcStatusCodes;
import dev.wirespeed.control.model.HttpRoute;

/**
 * A VirtualService's {@code fault.abort} status as Istio translates it ({@code translateFault}): {@code httpStatus}
 * becomes Envoy's {@code abort.http_status}; {@code grpcStatus}, one of Istio's upper-case names, Envoy's
 * {@code abort.grpc_status}, which Envoy's fault filter answers with HTTP 200 and that gRPC status; {@code http2Error}
 * is rejected, as Istio's validation rejects it.
 */
final class AbortStatus
{
    private AbortStatus()
    {
    }

    /**
     * @param a          the {@code abort} object (present).
     * @param diags      where errors go.
     * @param percentage its percentage.
     * @return the abort.
     */
    static HttpRoute.Abort read(final FieldReader a, final Diagnostics diags, final double percentage)
    {
        if (a.has("http2Error"))
        {
            diags.error(a.field("http2Error"), "http2Error is not supported (Istio rejects it: HTTP/2 abort fault "
                    + "injection not supported yet); use httpStatus or grpcStatus");
        }
        if ((a.has("httpStatus") ? 1 : 0) + (a.has("grpcStatus") ? 1 : 0) + (a.has("http2Error") ? 1 : 0) > 1)
        {
            diags.error(a.field(a.has("grpcStatus") ? "grpcStatus" : "http2Error"),
                    "abort takes one of httpStatus, grpcStatus, http2Error");
        }
        int status = 0;
        int grpc = -1;
        if (!a.has("httpStatus") && !a.has("grpcStatus") && !a.has("http2Error"))
        {
            a.missing("httpStatus");
        }
        else if (a.has("httpStatus"))
        {
            status = a.integerIn("httpStatus", 200, 599, 0);
        }
        else if (a.has("grpcStatus"))
        {
            status = 200; // Envoy's fault filter answers a gRPC abort with HTTP 200 and the gRPC status
            final String name = a.string("grpcStatus");
            grpc = GrpcStatusCodes.code(name);
            if (grpc < 0 && name != null)
            {
                diags.error(a.field("grpcStatus"), "gRPC status \"" + name + "\" is not supported; one of "
                        + GrpcStatusCodes.NAMES + " (Istio's names, upper-case)");
            }
        }
        return new HttpRoute.Abort(status, percentage, grpc);
    }
}
