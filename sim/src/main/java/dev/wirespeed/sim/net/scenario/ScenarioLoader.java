package dev.wirespeed.sim.net.scenario;

import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.sim.net.NetScenario;
import dev.wirespeed.sim.net.fabric.LinkSpec;
import dev.wirespeed.sim.net.fabric.NodeKind;
import dev.wirespeed.sim.net.fabric.QueueSpec;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.timeline.TimelineAction;
import dev.wirespeed.sim.net.traffic.FlowSpec;
import dev.wirespeed.sim.net.traffic.SidecarSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@code NetworkScenario} document (a folder's {@code scenario.yaml}, or a file) into a
 * {@link NetScenario}: topology (a {@code leafSpine} generator and/or explicit {@code nodes} and
 * {@code links}), flows (inline and/or a {@code flowsFile}), the timeline and the sidecars. Every problem is
 * collected with its {@code file:line:column} and reported together ({@link ScenarioException}). The format
 * is described in docs/simulation.md.
 */
public final class ScenarioLoader
{
    private static final Set<String> SPEC_KEYS = Set.of("until", "seed", "ecmp", "switchLatency", "leafSpine", "nodes",
        "links", "flowDefaults", "flows", "flowsFile", "timeline", "sidecars");
    private static final Set<String> LINK_KEYS = Set.of("between", "rate", "delay", "framing", "queue");
    private static final Set<String> FLOW_KEYS = Set.of("name", "src", "dst", "pattern", "packetSize", "rate",
        "interval", "start", "stop", "srcPort", "dstPort");

    private final List<String> problems = new ArrayList<>();
    private final Path folder;
    private final Topology.Builder topology = Topology.builder();
    private final List<FlowSpec> flows = new ArrayList<>();
    private final List<TimelineAction> timeline = new ArrayList<>();
    private int switchCount;

    private ScenarioLoader(final Path folder)
    {
        this.folder = folder;
    }

    /**
     * @param path a scenario folder (its {@code scenario.yaml} is read) or file.
     * @return the scenario.
     * @throws ScenarioException listing every problem.
     */
    public static NetScenario load(final Path path)
    {
        final Path file = Files.isDirectory(path) ? path.resolve("scenario.yaml") : path;
        if (!Files.isRegularFile(file))
        {
            throw new ScenarioException(List.of(file + ": no such scenario file"));
        }
        final YamlTree root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            root = YamlTree.read(file.toString(), r);
        }
        catch (final IOException e)
        {
            throw new ScenarioException(List.of(file + ": " + e.getMessage()));
        }
        final ScenarioLoader loader = new ScenarioLoader(file.toAbsolutePath().getParent());
        final NetScenario scenario = loader.scenario(root, file.toString());
        if (!loader.problems.isEmpty())
        {
            throw new ScenarioException(loader.problems);
        }
        return scenario;
    }

    void error(final YamlTree at, final String message)
    {
        problems.add(at.where() + ": " + (at.path.isEmpty() ? "" : at.path + ": ") + message);
    }

    private NetScenario scenario(final YamlTree root, final String file)
    {
        if (root == null || !root.isMap())
        {
            throw new ScenarioException(List.of(file + ":1:1: expected a NetworkScenario document (a mapping)"));
        }
        final YamlTree kind = root.get("kind");
        if (kind == null || !"NetworkScenario".equals(kind.text))
        {
            error(kind == null ? root : kind, "kind must be NetworkScenario");
        }
        final YamlTree meta = root.get("metadata");
        final String name = meta != null && meta.get("name") != null
            ? meta.get("name").text
            : folder.getFileName().toString();
        final YamlTree spec = root.get("spec");
        if (spec == null || !spec.isMap())
        {
            error(spec == null ? root : spec, "spec: expected a mapping");
            throw new ScenarioException(problems);
        }
        checkKeys(spec, SPEC_KEYS);
        final long until = time(spec.get("until"), 1_000_000_000L);
        final long seed = spec.get("seed") == null ? 1 : integer(spec.get("seed"), Long.MIN_VALUE, Long.MAX_VALUE);
        final NetScenario.Ecmp ecmp = ecmp(spec.get("ecmp"));
        final long latency = time(spec.get("switchLatency"), 0);
        if (spec.get("leafSpine") != null)
        {
            leafSpine(spec.get("leafSpine"));
        }
        nodes(spec.get("nodes"));
        links(spec.get("links"));
        if (!problems.isEmpty())
        {
            throw new ScenarioException(problems);
        }
        final Topology topo = topology.build();
        final YamlTree defaults = spec.get("flowDefaults");
        flowList(spec.get("flows"), defaults);
        flowsFile(spec.get("flowsFile"), defaults);
        timeline(spec.get("timeline"));
        final YamlTree sidecarTree = spec.get("sidecars");
        final SidecarSpec sidecars = sidecarTree == null ? null : new SidecarLoader(this).sidecars(sidecarTree);
        checkFlowEnds(topo);
        if (!problems.isEmpty())
        {
            throw new ScenarioException(problems);
        }
        return new NetScenario(name, topo, flows, sidecars, timeline, ecmp, latency, until, seed);
    }

    private NetScenario.Ecmp ecmp(final YamlTree at)
    {
        if (at == null || "flow-hash".equals(at.text))
        {
            return NetScenario.Ecmp.FLOW_HASH;
        }
        if ("spray".equals(at.text))
        {
            return NetScenario.Ecmp.SPRAY;
        }
        error(at, "ecmp: expected flow-hash or spray, not '" + at.text + "'");
        return NetScenario.Ecmp.FLOW_HASH;
    }

    void checkKeys(final YamlTree map, final Set<String> allowed)
    {
        for (final Map.Entry<String, YamlTree> e : map.fields.entrySet())
        {
            if (!allowed.contains(e.getKey()))
            {
                error(e.getValue(), "unknown field '" + e.getKey() + "'; expected one of "
                    + new java.util.TreeSet<>(allowed));
            }
        }
    }

    long time(final YamlTree at, final long absent)
    {
        if (at == null)
        {
            return absent;
        }
        final long v = at.isScalar() ? Units.nanos(at.text) : -1;
        if (v < 0)
        {
            error(at, "expected a time such as 200ms, 12us or 5ns, not " + describe(at));
            return absent;
        }
        return v;
    }

    long rate(final YamlTree at)
    {
        if (at == null)
        {
            return 1; // reported as missing
        }
        final long v = at != null && at.isScalar() ? Units.bitsPerSecond(at.text) : -1;
        if (v <= 0)
        {
            error(at, "expected a rate such as 10Gbps or 100Mbps, not " + describe(at));
            return 1;
        }
        return v;
    }

    long integer(final YamlTree at, final long min, final long max)
    {
        if (at == null)
        {
            return min; // reported as missing
        }
        try
        {
            final long v = Long.parseLong(at.text.trim());
            if (v < min || v > max)
            {
                error(at, "expected an integer in " + min + ".." + max + ", not " + v);
                return min;
            }
            return v;
        }
        catch (final RuntimeException e)
        {
            error(at, "expected an integer, not " + describe(at));
            return min;
        }
    }

    String text(final YamlTree at, final String what)
    {
        if (at == null)
        {
            return ""; // reported as missing
        }
        if (!at.isScalar())
        {
            error(at, "expected " + what + ", not " + describe(at));
            return "";
        }
        return at.text;
    }

    private static String describe(final YamlTree at)
    {
        if (at == null)
        {
            return "nothing";
        }
        return at.isMap() ? "a mapping" : at.isList() ? "a list" : at.text == null ? "null" : "'" + at.text + "'";
    }

    private void leafSpine(final YamlTree ls)
    {
        checkKeys(ls, Set.of("spines", "leaves", "hostsPerLeaf", "hostLink", "fabricLink"));
        final int spines = (int)integer(required(ls, "spines"), 1, 250);
        final int leaves = (int)integer(required(ls, "leaves"), 1, 250);
        final int hosts = (int)integer(required(ls, "hostsPerLeaf"), 0, 250);
        final LinkSpec hostLink = linkSpec(required(ls, "hostLink"));
        final LinkSpec fabricLink = linkSpec(required(ls, "fabricLink"));
        if (!problems.isEmpty())
        {
            return;
        }
        for (int s = 0; s < spines; s++)
        {
            topology.node("spine" + s, NodeKind.SWITCH, switchAddress(), 0);
        }
        for (int l = 0; l < leaves; l++)
        {
            final int leaf = topology.node("leaf" + l, NodeKind.SWITCH, switchAddress(), 0);
            for (int s = 0; s < spines; s++)
            {
                topology.link(leaf, topology.id("spine" + s), fabricLink);
            }
        }
        for (int l = 0; l < leaves; l++)
        {
            for (int h = 0; h < hosts; h++)
            {
                final int host = topology.node("h" + l + "-" + h, NodeKind.HOST, (10 << 24) | (l << 8) | (h + 1), 0);
                topology.link(host, topology.id("leaf" + l), hostLink);
            }
        }
    }

    private int switchAddress()
    {
        switchCount++;
        return (172 << 24) | (16 << 16) | switchCount;
    }

    YamlTree required(final YamlTree map, final String key)
    {
        final YamlTree v = map.get(key);
        if (v == null)
        {
            problems.add(map.where() + ": " + (map.path.isEmpty() ? "" : map.path + ": ") + "missing field '" + key
                + "'");
        }
        return v;
    }

    private LinkSpec linkSpec(final YamlTree at)
    {
        if (at == null)
        {
            return null;
        }
        if (!at.isMap())
        {
            error(at, "expected a mapping with rate, delay, framing and queue");
            return null;
        }
        checkKeys(at, LINK_KEYS);
        final long rate = rate(required(at, "rate"));
        final long delay = time(required(at, "delay"), 0);
        final int framing = at.get("framing") == null ? 2 : (int)integer(at.get("framing"), 0, 1000);
        final QueueSpec queue = queue(at.get("queue"));
        return new LinkSpec(rate, delay, framing, queue);
    }

    private QueueSpec queue(final YamlTree at)
    {
        if (at == null)
        {
            return QueueSpec.packets(1000);
        }
        if (!at.isMap())
        {
            error(at, "expected a mapping: packets: N, bytes: SIZE or shared: {alpha: A}, and optionally ecn: N");
            return QueueSpec.packets(1000);
        }
        checkKeys(at, Set.of("packets", "bytes", "shared", "ecn"));
        final long ecn = at.get("ecn") == null ? 0 : size(at.get("ecn"));
        if (at.get("packets") != null)
        {
            return new QueueSpec(QueueSpec.Mode.PACKETS, integer(at.get("packets"), 1, 1 << 24), 0, ecn);
        }
        if (at.get("bytes") != null)
        {
            return new QueueSpec(QueueSpec.Mode.BYTES, size(at.get("bytes")), 0, ecn);
        }
        if (at.get("shared") != null)
        {
            final YamlTree alpha = at.get("shared").get("alpha");
            double a = 1;
            try
            {
                a = alpha == null ? 1 : Double.parseDouble(alpha.text);
            }
            catch (final RuntimeException e)
            {
                error(alpha, "alpha: expected a number such as 0.5 or 2");
            }
            return new QueueSpec(QueueSpec.Mode.SHARED, 0, a, ecn);
        }
        error(at, "expected packets: N, bytes: SIZE or shared: {alpha: A}");
        return QueueSpec.packets(1000);
    }

    private long size(final YamlTree at)
    {
        final long v = at.isScalar() ? Units.bytes(at.text) : -1;
        if (v < 0)
        {
            error(at, "expected a size such as 1500, 64KB or 12MB, not " + describe(at));
            return 0;
        }
        return v;
    }

    private void nodes(final YamlTree list)
    {
        if (list == null)
        {
            return;
        }
        for (final YamlTree n : items(list))
        {
            checkKeys(n, Set.of("name", "kind", "address", "buffer"));
            final String name = text(required(n, "name"), "a node name");
            final YamlTree kindAt = required(n, "kind");
            final String kind = kindAt == null ? "" : kindAt.text;
            final NodeKind k = "host".equals(kind) ? NodeKind.HOST : "sidecar".equals(kind) ? NodeKind.SIDECAR
                : "switch".equals(kind) ? NodeKind.SWITCH : null;
            if (k == null)
            {
                if (kindAt != null)
                {
                    error(kindAt, "expected host, sidecar or switch, not '" + kind + "'");
                }
                continue;
            }
            int address = 0;
            if (n.get("address") != null)
            {
                final long a = IpText.parseIpv4(n.get("address").text);
                if (a == IpText.INVALID)
                {
                    error(n.get("address"), "expected an IPv4 address, not " + describe(n.get("address")));
                }
                address = (int)a;
            }
            else if (k == NodeKind.SWITCH)
            {
                address = switchAddress();
            }
            else
            {
                error(n, "a " + kind + " needs an address");
            }
            final long buffer = n.get("buffer") == null ? 0 : size(n.get("buffer"));
            try
            {
                topology.node(name, k, address, buffer);
            }
            catch (final IllegalArgumentException e)
            {
                error(n, e.getMessage());
            }
        }
    }

    List<YamlTree> items(final YamlTree list)
    {
        if (!list.isList())
        {
            error(list, "expected a list, not " + describe(list));
            return List.of();
        }
        final List<YamlTree> maps = new ArrayList<>();
        for (final YamlTree i : list.items)
        {
            if (i.isMap())
            {
                maps.add(i);
            }
            else
            {
                error(i, "expected a mapping, not " + describe(i));
            }
        }
        return maps;
    }

    private void links(final YamlTree list)
    {
        if (list == null)
        {
            return;
        }
        for (final YamlTree l : items(list))
        {
            final YamlTree between = required(l, "between");
            if (between == null || !between.isList() || between.items.size() != 2)
            {
                if (between != null)
                {
                    error(between, "expected two node names: [a, b]");
                }
                continue;
            }
            final LinkSpec spec = linkSpec(l);
            final int a = nodeId(between.items.get(0));
            final int b = nodeId(between.items.get(1));
            if (spec != null && a >= 0 && b >= 0)
            {
                try
                {
                    topology.link(a, b, spec);
                }
                catch (final IllegalArgumentException e)
                {
                    error(l, e.getMessage());
                }
            }
        }
    }

    private int nodeId(final YamlTree at)
    {
        try
        {
            return topology.id(at.text);
        }
        catch (final IllegalArgumentException e)
        {
            error(at, e.getMessage());
            return -1;
        }
    }

    private void flowList(final YamlTree list, final YamlTree defaults)
    {
        if (list == null)
        {
            return;
        }
        for (final YamlTree f : items(list))
        {
            checkKeys(f, FLOW_KEYS);
            flow(text(required(f, "name"), "a flow name"), text(required(f, "src"), "a host name"),
                text(required(f, "dst"), "a host name"), f, defaults);
        }
    }

    private void flow(final String name, final String src, final String dst, final YamlTree f, final YamlTree defaults)
    {
        final FlowFields v = new FlowFields(this, f, defaults, flows.size());
        try
        {
            flows.add(new FlowSpec(name, src, dst, v.pattern, v.packetBytes, v.interval, v.start, v.stop, v.srcPort,
                v.dstPort));
        }
        catch (final IllegalArgumentException e)
        {
            error(f == null ? defaults : f, e.getMessage());
        }
    }

    private void flowsFile(final YamlTree at, final YamlTree defaults)
    {
        if (at == null)
        {
            return;
        }
        final Path file = folder.resolve(at.text);
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            error(at, "cannot read flows file " + file + ": " + e.getMessage());
            return;
        }
        if (defaults == null)
        {
            error(at, "a flowsFile needs flowDefaults (rate or interval, packetSize, start, stop)");
            return;
        }
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty())
            {
                continue;
            }
            final String[] f = line.split("\\s+");
            if (f.length != 3)
            {
                problems.add(file + ":" + (i + 1) + ":1: expected 'NAME SRC DST', found " + f.length + " fields");
                continue;
            }
            flow(f[0], f[1], f[2], null, defaults);
        }
    }

    private void checkFlowEnds(final Topology topo)
    {
        for (final FlowSpec f : flows)
        {
            for (final String end : new String[] {f.src(), f.dst()})
            {
                final int id = topo.node(end);
                if (id < 0 || topo.kind(id) == NodeKind.SWITCH)
                {
                    problems.add("flow '" + f.name() + "': '" + end + "' is not a host of the topology");
                }
            }
        }
    }

    private void timeline(final YamlTree list)
    {
        if (list == null)
        {
            return;
        }
        for (final YamlTree t : items(list))
        {
            checkKeys(t, Set.of("at", "linkDown", "linkUp", "withdraw", "announce", "configSwap"));
            final long at = time(required(t, "at"), 0);
            if (t.get("linkDown") != null || t.get("linkUp") != null)
            {
                final boolean down = t.get("linkDown") != null;
                final YamlTree pair = t.get(down ? "linkDown" : "linkUp");
                if (!pair.isList() || pair.items.size() != 2)
                {
                    error(pair, "expected two node names: [a, b]");
                    continue;
                }
                timeline.add(new TimelineAction(at, down ? TimelineAction.Kind.LINK_DOWN : TimelineAction.Kind.LINK_UP,
                    pair.items.get(0).text, pair.items.get(1).text));
            }
            else if (t.get("withdraw") != null || t.get("announce") != null)
            {
                final boolean withdraw = t.get("withdraw") != null;
                final YamlTree r = t.get(withdraw ? "withdraw" : "announce");
                timeline.add(new TimelineAction(at, withdraw ? TimelineAction.Kind.ROUTE_WITHDRAW
                    : TimelineAction.Kind.ROUTE_ANNOUNCE, text(required(r, "switch"), "a switch name"),
                    text(required(r, "host"), "a host name")));
            }
            else if (t.get("configSwap") != null)
            {
                timeline.add(new TimelineAction(at, TimelineAction.Kind.CONFIG_SWAP, text(t.get("configSwap"),
                    "a config name"), null));
            }
            else
            {
                error(t, "expected one of linkDown, linkUp, withdraw, announce, configSwap");
            }
        }
    }

    /** @return the folder the scenario file is in (relative paths resolve against it). */
    Path folder()
    {
        return folder;
    }

    /**
     * The fields a flow may take, each from the flow or else from the defaults.
     */
    static final class FlowFields
    {
        final FlowSpec.Pattern pattern;
        final int packetBytes;
        final long interval;
        final long start;
        final long stop;
        final int srcPort;
        final int dstPort;

        FlowFields(final ScenarioLoader l, final YamlTree f, final YamlTree defaults, final int index)
        {
            final YamlTree p = pick(f, defaults, "pattern");
            pattern = p == null || "cbr".equals(p.text) ? FlowSpec.Pattern.CBR : "poisson".equals(p.text)
                ? FlowSpec.Pattern.POISSON : null;
            if (pattern == null)
            {
                l.error(p, "pattern: expected cbr or poisson, not '" + p.text + "'");
            }
            final YamlTree size = pick(f, defaults, "packetSize");
            packetBytes = size == null ? 1500 : (int)l.integer(size, 28, 65535);
            final YamlTree rate = pick(f, defaults, "rate");
            final YamlTree gap = pick(f, defaults, "interval");
            if (gap != null)
            {
                interval = l.time(gap, 1);
            }
            else if (rate != null)
            {
                interval = FlowSpec.intervalForRate(packetBytes, l.rate(rate));
            }
            else
            {
                l.error(f == null ? defaults : f, "a flow needs a rate or an interval");
                interval = 1;
            }
            start = l.time(pick(f, defaults, "start"), 0);
            stop = l.time(pick(f, defaults, "stop"), Long.MAX_VALUE);
            final YamlTree sp = pick(f, defaults, "srcPort");
            srcPort = sp == null ? 49152 + (index % 16384) : (int)l.integer(sp, 0, 65535);
            final YamlTree dp = pick(f, defaults, "dstPort");
            dstPort = dp == null ? 9 : (int)l.integer(dp, 0, 65535);
        }

        private static YamlTree pick(final YamlTree f, final YamlTree defaults, final String key)
        {
            final YamlTree v = f == null ? null : f.get(key);
            return v != null ? v : defaults == null ? null : defaults.get(key);
        }
    }
}
