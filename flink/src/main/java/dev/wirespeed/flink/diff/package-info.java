/**
 * {@code wirespeed flink diff}: the single-machine {@code diff} of two configs as a Flink job — each parallel
 * instance compares its records through two embedded engines into a partial report, and Flink merges the
 * partial reports into the single-machine report.
 */
package dev.wirespeed.flink.diff;
