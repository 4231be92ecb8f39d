package dev.wirespeed.sim.net.scenario;

import dev.wirespeed.sim.net.traffic.FlowSpec;
import dev.wirespeed.sim.net.traffic.RequestFlowSpec;
import dev.wirespeed.sim.net.traffic.SidecarSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a scenario's {@code sidecars} section: Istio configurations by name, the initial one, request streams. */
final class SidecarLoader
{
    private final ScenarioLoader l;

    SidecarLoader(final ScenarioLoader loader)
    {
        this.l = loader;
    }

    SidecarSpec sidecars(final YamlTree at)
    {
        if (!at.isMap())
        {
            l.error(at, "expected a mapping with configs, initial and requests");
            return null;
        }
        l.checkKeys(at, Set.of("configs", "initial", "requests"));
        final Map<String, List<Path>> configs = new LinkedHashMap<>();
        final YamlTree c = l.required(at, "configs");
        if (c != null && c.isMap())
        {
            for (final Map.Entry<String, YamlTree> e : c.fields.entrySet())
            {
                final List<Path> paths = new ArrayList<>();
                final List<YamlTree> items = e.getValue().isList() ? e.getValue().items : List.of(e.getValue());
                for (final YamlTree p : items)
                {
                    final Path path = l.folder().resolve(l.text(p, "a path"));
                    if (!Files.exists(path))
                    {
                        l.error(p, "no such file or folder: " + path);
                    }
                    paths.add(path);
                }
                configs.put(e.getKey(), paths);
            }
        }
        else if (c != null)
        {
            l.error(c, "expected a mapping of configuration name to its files and folders");
        }
        final String initial = l.text(l.required(at, "initial"), "a configuration name");
        if (!initial.isEmpty() && !configs.containsKey(initial))
        {
            l.error(at.get("initial"), "initial: '" + initial + "' is not one of " + configs.keySet());
        }
        final List<RequestFlowSpec> requests = new ArrayList<>();
        final YamlTree r = l.required(at, "requests");
        if (r != null)
        {
            for (final YamlTree q : l.items(r))
            {
                final RequestFlowSpec spec = request(q);
                if (spec != null)
                {
                    requests.add(spec);
                }
            }
        }
        return new SidecarSpec(configs, initial, requests);
    }

    private RequestFlowSpec request(final YamlTree q)
    {
        l.checkKeys(q, Set.of("name", "src", "authority", "path", "port", "headers", "sourceLabels", "pattern",
            "interval", "start", "stop", "requestBytes", "mtu"));
        final String name = l.text(l.required(q, "name"), "a name");
        final String src = l.text(l.required(q, "src"), "a sidecar host");
        final String authority = l.text(l.required(q, "authority"), "an authority");
        final String path = q.get("path") == null ? "/" : l.text(q.get("path"), "a path");
        final int port = q.get("port") == null ? 80 : (int)l.integer(q.get("port"), 1, 65535);
        final FlowSpec.Pattern pattern = q.get("pattern") == null || "cbr".equals(q.get("pattern").text)
            ? FlowSpec.Pattern.CBR : FlowSpec.Pattern.POISSON;
        final long interval = l.time(l.required(q, "interval"), 1);
        final long start = l.time(q.get("start"), 0);
        final long stop = l.time(q.get("stop"), Long.MAX_VALUE);
        final int bytes = q.get("requestBytes") == null ? 1000 : (int)l.integer(q.get("requestBytes"), 1, 1 << 30);
        final int mtu = q.get("mtu") == null ? 1500 : (int)l.integer(q.get("mtu"), 68, 65535);
        try
        {
            return new RequestFlowSpec(name, src, authority, path, port, strings(q.get("headers")),
                strings(q.get("sourceLabels")), pattern, interval, start, stop, bytes, mtu);
        }
        catch (final IllegalArgumentException e)
        {
            l.error(q, e.getMessage());
            return null;
        }
    }

    private Map<String, String> strings(final YamlTree m)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        if (m == null)
        {
            return out;
        }
        if (!m.isMap())
        {
            l.error(m, "expected a mapping of names to values");
            return out;
        }
        for (final Map.Entry<String, YamlTree> e : m.fields.entrySet())
        {
            out.put(e.getKey(), l.text(e.getValue(), "a string"));
        }
        return out;
    }
}
