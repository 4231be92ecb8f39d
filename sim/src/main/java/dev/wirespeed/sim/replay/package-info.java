/**
 * Trace replay: one driver ({@link dev.wirespeed.sim.replay.ReplayDriver}) reads a request trace or a packet
 * capture through its source, forwards every record through the pipeline, and runs each decision, in input
 * order, through its sink stages (summary tallies, report, decision lines, egress captures).
 */
package dev.wirespeed.sim.replay;
