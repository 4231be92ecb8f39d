/**
 * A deterministic, single-threaded discrete-event network simulator of Wirespeed switches, hosts and
 * sidecar hosts: {@link dev.wirespeed.sim.net.NetSimulation} runs a {@link dev.wirespeed.sim.net.NetScenario}
 * (built in code or loaded from a YAML folder by {@code scenario.ScenarioLoader}).
 */
package dev.wirespeed.sim.net;
