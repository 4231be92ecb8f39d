package dev.wirespeed.sim.explain;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.Explanation;

/**
 * One explained record: the request, the reference walk with its steps, and the decision replay makes for it.
 *
 * @param record       the record's index ({@code i} of its decision line).
 * @param request      the request walked ({@code null} for a packet that carried none).
 * @param walk         the walk (its steps include parsing and L3 when they apply).
 * @param decision     the decision of the compiled FIB path, L3 included: what {@code replay} writes.
 * @param disagreement {@code null}, or how the reference walk's decision differs from the FIB's (a bug to
 *                     report: the two are differentially tested to agree).
 */
public record Explained(long record, HttpRequest request, Explanation walk, RouteDecision decision, String disagreement)
{
}
