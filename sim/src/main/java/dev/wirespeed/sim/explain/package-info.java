/**
 * {@code wirespeed explain} and {@code wirespeed test}: a request (given, read from a trace, or found in a captured
 * packet) walked through the reference interpreter with a {@link dev.wirespeed.control.reference.RouteTrace}
 * listening, the L3 stage of the compiled FIB towards the chosen endpoint, and route tests with coverage.
 */
package dev.wirespeed.sim.explain;
