/**
 * Deterministic generators of synthetic test input: route tables with a realistic Internet
 * prefix-length distribution and destination address sets, for {@code wirespeed gen} and the
 * benchmarks.
 */
package dev.wirespeed.sim.gen;
