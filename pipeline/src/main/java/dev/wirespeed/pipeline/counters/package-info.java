/**
 * Pipeline counters in an Agrona {@code CountersManager} over a memory-mapped file, so another process
 * ({@code wirespeed stat}) can watch a running engine: the file layout ({@link
 * dev.wirespeed.pipeline.counters.CountersFile}), the counter set of the pipeline ({@link
 * dev.wirespeed.pipeline.counters.PipelineCounters}), per-thread blocks that count in private memory and
 * publish once per batch ({@link dev.wirespeed.pipeline.counters.CounterBlock}), and the reader ({@link
 * dev.wirespeed.pipeline.counters.CountersFileReader}).
 */
package dev.wirespeed.pipeline.counters;
