package dev.wirespeed.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The remote clusters of a multi-cluster mesh, one picocli {@code @Mixin} shared by every command that loads config
 * with {@code -c}: {@code --cluster ID=PATH}, repeatable, gives cluster {@code ID}'s registry (docs/config.md
 * "Several clusters"; the config cluster, {@code Kubernetes}, is {@code -c}).
 */
public final class ClusterOptions
{
    @Option(names = "--cluster", paramLabel = "ID=PATH",
            description = "A remote cluster's registry: its id and a YAML file or directory of its Services, Pods, "
                    + "Nodes, Namespaces and EndpointSlices (kubectl get -o yaml); repeatable.")
    Map<String, Path> clusters = new LinkedHashMap<>();

    /** @return each remote cluster's id to its paths, in the order given. */
    public Map<String, List<Path>> paths()
    {
        final Map<String, List<Path>> out = new LinkedHashMap<>();
        clusters.forEach((id, p) -> out.put(id, List.of(p)));
        return out;
    }
}
