/**
 * Trace replay: reads a request trace or a packet capture, forwards every record, writes decisions in
 * input order and tallies the summary.
 */
package dev.wirespeed.sim.replay;
