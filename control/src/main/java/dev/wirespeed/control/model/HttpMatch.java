package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * One {@code HTTPMatchRequest}: every condition that is set must hold (AND). A condition that is
 * absent is {@code null} (strings), empty (maps, lists) or 0 ({@code port}).
 *
 * @param name            the match's name, or {@code null}.
 * @param uri             condition on the path without its query string.
 * @param scheme          condition on the scheme ({@code http}, {@code https}).
 * @param method          condition on the method.
 * @param authority       condition on the authority as sent (port included if sent).
 * @param headers         lower-case header name to condition; {@link StringMatch.Kind#PRESENT} for {@code {}}.
 * @param withoutHeaders  lower-case header name to a condition that must NOT hold (a missing header
 *                        satisfies it).
 * @param queryParams     query parameter name to condition (exact or regex; PRESENT for {@code {}}).
 * @param ignoreUriCase   compare {@code uri} exact/prefix case-insensitively.
 * @param port            the request's port must equal this; 0 = any.
 * @param sourceLabels    every label must be present with that value on the source workload.
 * @param sourceNamespace the request's source namespace must equal this; {@code null} = any.
 * @param gateways        gateways this match applies to, normalised like
 *                        {@link VirtualService#gateways()}; empty = the VirtualService's gateways.
 */
public record HttpMatch(
        String name,
        StringMatch uri,
        StringMatch scheme,
        StringMatch method,
        StringMatch authority,
        Map<String, StringMatch> headers,
        Map<String, StringMatch> withoutHeaders,
        Map<String, StringMatch> queryParams,
        boolean ignoreUriCase,
        int port,
        Map<String, String> sourceLabels,
        String sourceNamespace,
        List<String> gateways)
{
    /** A match block with no condition (matches every request). */
    public static final HttpMatch ANY = new HttpMatch(
            null, null, null, null, null, Map.of(), Map.of(), Map.of(), false, 0, Map.of(), null, List.of());
}
