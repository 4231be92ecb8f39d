/**
 * The reference interpreter: the plainest evaluation of a {@link dev.wirespeed.control.model.RoutingModel}
 * for one request, rule by rule, following {@code docs/routing.md}. The differential tests hold the
 * compiled FIB to it, and benchmarks use it as their baseline.
 */
package dev.wirespeed.control.reference;
