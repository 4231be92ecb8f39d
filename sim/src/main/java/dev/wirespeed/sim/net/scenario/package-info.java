/**
 * Scenario files: a {@code NetworkScenario} YAML document (topology, queues, flows, timeline, sidecars) read
 * into a {@link dev.wirespeed.sim.net.NetScenario}, every problem reported with its file, line and column.
 */
package dev.wirespeed.sim.net.scenario;
