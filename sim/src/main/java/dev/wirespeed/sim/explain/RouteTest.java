package dev.wirespeed.sim.explain;

import dev.wirespeed.control.model.HttpRequest;

import java.util.List;
import java.util.Map;

/**
 * One route test: a request and the decision fields it must get.
 *
 * @param name           the test's name.
 * @param location       {@code file:line:column} of the test.
 * @param request        the request (trace-line fields; {@code id} seeds the per-request draws).
 * @param expect         the expected decision fields by name ({@code cluster}, {@code status}, ...), as text.
 * @param headers        expected upstream header values ({@code headers} of the decision), by name.
 * @param removedHeaders headers expected removed.
 */
public record RouteTest(String name, String location, HttpRequest request, Map<String, String> expect,
        Map<String, String> headers, List<String> removedHeaders)
{
    /** The decision fields a test may expect (besides {@code headers} and {@code removedHeaders}). */
    public static final List<String> FIELDS = List.of("action", "vs", "route", "cluster", "host", "subset", "port",
            "endpoint", "path", "authority", "status", "grpcStatus", "location", "flags", "reason", "delayMillis",
            "mirrors", "body", "egressPort", "nextHop", "authz");
}
