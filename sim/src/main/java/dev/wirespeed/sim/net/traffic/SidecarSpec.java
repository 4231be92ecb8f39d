package dev.wirespeed.sim.net.traffic;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The sidecar side of a scenario: named Istio configurations (each a list of YAML files or folders the
 * engine loads), the one in force at time 0, and the request streams.
 *
 * @param configs  name to the files and folders of that configuration, in order.
 * @param initial  the configuration in force at the start.
 * @param requests the request streams.
 */
public record SidecarSpec(Map<String, List<Path>> configs, String initial, List<RequestFlowSpec> requests)
{
}
