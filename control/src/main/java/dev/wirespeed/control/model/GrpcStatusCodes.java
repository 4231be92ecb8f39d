package dev.wirespeed.control.model;

import java.util.List;

/**
 * The gRPC status names a VirtualService's {@code fault.abort.grpcStatus} may use and their codes, as Istio's
 * validation accepts them ({@code SupportedGRPCStatus}: the names of the gRPC status code table, upper-case; a number
 * such as {@code "14"} is not one).
 */
public final class GrpcStatusCodes
{
    /** The names, indexed by their code. */
    public static final List<String> NAMES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
            "UNAUTHENTICATED");

    private GrpcStatusCodes()
    {
    }

    /**
     * @param name a status name as written, or {@code null}.
     * @return its code (0 to 16), or -1 when Istio does not accept the name.
     */
    public static int code(final String name)
    {
        return name == null ? -1 : NAMES.indexOf(name);
    }
}
