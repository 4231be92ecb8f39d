/**
 * Scale-out replay on Apache Flink: a trace's records spread over the parallel instances of a Flink job,
 * each holding one embedded Wirespeed engine (see docs/scale-out.md).
 */
package dev.wirespeed.flink;
