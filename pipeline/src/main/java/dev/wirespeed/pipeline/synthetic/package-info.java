/**
 * Synthetic traffic and a trivial but real forwarder, for benchmarks, the {@code bench pipeline} command and
 * tests: no file I/O, deterministic from a seed.
 */
package dev.wirespeed.pipeline.synthetic;
