package dev.wirespeed.cli;

import dev.wirespeed.control.config.LoadOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a load reads beside {@code -c}, one picocli {@code @Mixin} shared by every command that loads config with
 * {@code -c}: the remote clusters of a multi-cluster mesh ({@code --cluster ID=PATH}, repeatable, gives cluster
 * {@code ID}'s registry; docs/config.md "Several clusters"; the config cluster, {@code Kubernetes}, is {@code -c}) and
 * the DNS answers for network gateways given by host name ({@code --resolve NAME=ADDR[,ADDR...]} and
 * {@code --hosts-file PATH}, both repeatable; docs/config.md "Gateway host names"), the JWT key sets given offline
 * ({@code --jwks URI=FILE}) and the JWT clock ({@code --now SECONDS}; docs/config.md "Request authentication").
 */
public final class ClusterOptions
{
    @Option(names = "--cluster", paramLabel = "ID=PATH",
            description = "A remote cluster's registry: its id and a YAML file or directory of its Services, Pods, "
                    + "Nodes, Namespaces and EndpointSlices (kubectl get -o yaml); repeatable.")
    Map<String, Path> clusters = new LinkedHashMap<>();

    @Option(names = "--resolve", paramLabel = "NAME=ADDR[,ADDR...]",
            description = "The DNS answers (A and AAAA) for a network gateway given by host name (a meshNetworks "
                    + "address, a LoadBalancer ingress hostname, a Gateway API Hostname address); repeatable. "
                    + "A host-name gateway without answer is left out, as Istio leaves out a name it cannot resolve.")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--hosts-file", paramLabel = "PATH",
            description = "DNS answers for gateway host names in /etc/hosts format (ADDRESS NAME [ALIAS...] a line, "
                    + "# comments); repeatable; read before --resolve.")
    List<Path> hostsFiles = new ArrayList<>();

    @Option(names = "--jwks", paramLabel = "URI=FILE",
            description = "The JSON Web Key Set a RequestAuthentication's jwksUri (or, for a rule with neither jwks "
                    + "nor jwksUri, its issuer) serves, read from FILE instead of fetched; repeatable. A jwksUri "
                    + "without one gets Istio's fallback key set: every token for it fails.")
    List<String> jwks = new ArrayList<>();

    @Option(names = "--now", paramLabel = "SECONDS",
            description = "The time JWTs are checked against (exp, nbf), Unix seconds; default 0. Decisions never "
                    + "read this machine's clock.")
    long now;

    /** @return each remote cluster's id to its paths, in the order given. */
    public Map<String, List<Path>> paths()
    {
        final Map<String, List<Path>> out = new LinkedHashMap<>();
        clusters.forEach((id, p) -> out.put(id, List.of(p)));
        return out;
    }

    /** @return the remote clusters and the DNS answers, as a load takes them. */
    public LoadOptions options()
    {
        return new LoadOptions(paths(), resolve, hostsFiles, jwks, now);
    }
}
