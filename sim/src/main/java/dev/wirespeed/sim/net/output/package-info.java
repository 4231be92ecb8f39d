/**
 * What a simulation reports: the summary (sent, received, dropped by reason, in flight, events, simulated
 * time), per-port counters and queue occupancy, per-flow counts and one-way latency percentiles, sidecar
 * per-cluster counts; as JSON and CSV. Simulation results are deterministic and kept apart from the
 * wall-clock figures, so two runs' result files are byte-identical.
 */
package dev.wirespeed.sim.net.output;
