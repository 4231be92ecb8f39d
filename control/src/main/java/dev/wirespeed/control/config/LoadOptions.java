package dev.wirespeed.control.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a load reads beside the config cluster's files (docs/config.md): each remote cluster's registry, and the DNS
 * answers for network gateways given by host name (docs/config.md "Gateway host names"), so that no forwarding
 * decision depends on this machine's resolver.
 *
 * @param clusters   each remote cluster's id to its files or directories, in the order given.
 * @param resolve    {@code NAME=ADDR[,ADDR...]} answers, as given to {@code --resolve} (read after the hosts files).
 * @param hostsFiles files in {@code /etc/hosts} format ({@code ADDRESS NAME [ALIAS...]} a line, {@code #} comments).
 * @param jwks       {@code URI=FILE} key sets given offline for RequestAuthentication {@code jwksUri}s
 *                   ({@code --jwks}).
 * @param now        the time JWTs are checked against, Unix seconds ({@code --now}; 0 when not given).
 */
public record LoadOptions(Map<String, List<Path>> clusters, List<String> resolve, List<Path> hostsFiles,
        List<String> jwks, long now)
{
    /** The config cluster alone, no DNS answers. */
    public static final LoadOptions NONE = new LoadOptions(Map.of(), List.of(), List.of());

    /**
     * Without key sets or clock.
     *
     * @param clusters   see the record.
     * @param resolve    see the record.
     * @param hostsFiles see the record.
     */
    public LoadOptions(final Map<String, List<Path>> clusters, final List<String> resolve,
            final List<Path> hostsFiles)
    {
        this(clusters, resolve, hostsFiles, List.of(), 0);
    }

    /**
     * @param sets {@code URI=FILE} key sets ({@code --jwks}).
     * @param time the JWT clock, Unix seconds ({@code --now}).
     * @return a copy with them.
     */
    public LoadOptions withJwt(final List<String> sets, final long time)
    {
        return new LoadOptions(clusters, resolve, hostsFiles, sets, time);
    }

    /** Copies of the lists, in order. */
    public LoadOptions
    {
        clusters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        resolve = List.copyOf(resolve);
        hostsFiles = List.copyOf(hostsFiles);
        jwks = List.copyOf(jwks);
    }

    /**
     * @param remote each remote cluster's id to its files or directories.
     * @return a copy with them.
     */
    public LoadOptions withClusters(final Map<String, List<Path>> remote)
    {
        return new LoadOptions(remote, resolve, hostsFiles, jwks, now);
    }

    /**
     * @param answers {@code NAME=ADDR[,ADDR...]} values, as {@code --resolve} takes them.
     * @return a copy with them after those already given.
     */
    public LoadOptions withResolve(final String... answers)
    {
        final List<String> all = new java.util.ArrayList<>(resolve);
        all.addAll(List.of(answers));
        return new LoadOptions(clusters, all, hostsFiles, jwks, now);
    }

    /**
     * @param files hosts files.
     * @return a copy with them after those already given.
     */
    public LoadOptions withHostsFiles(final Path... files)
    {
        final List<Path> all = new java.util.ArrayList<>(hostsFiles);
        all.addAll(List.of(files));
        return new LoadOptions(clusters, resolve, all, jwks, now);
    }
}
