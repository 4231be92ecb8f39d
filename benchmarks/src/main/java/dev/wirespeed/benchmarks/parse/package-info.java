/**
 * Benchmarks of the parse stage: reading a large synthetic capture through the memory-mapped
 * {@link dev.wirespeed.sim.trace.CaptureReader} and parsing every packet with
 * {@link dev.wirespeed.pipeline.parse.PacketParser}.
 */
package dev.wirespeed.benchmarks.parse;
