package dev.wirespeed.control.config;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.SourceRef;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;
import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/**
 * Binds Istio's mesh config — the {@code istio} ConfigMap as {@code kubectl get configmap istio -n
 * istio-system -o yaml} prints it, whose {@code data.mesh} value is itself YAML — and the
 * {@code networking.istio.io} Sidecar. The embedded YAML is parsed with its positions shifted into the
 * outer file (a literal block scalar {@code mesh: |} maps line for line), so its errors carry
 * {@code file:line:column} like every other finding.
 */
final class MeshConfigBinder
{
    private final Diagnostics diags;
    private final YamlDocumentReader reader;
    private final Function<String, List<String>> sourceLines;
    /** {@code defaultVirtualServiceExportTo} as written, or {@code null}. */
    List<String> defaultVirtualServiceExportTo;
    /** {@code defaultServiceExportTo} as written, or {@code null}. */
    List<String> defaultServiceExportTo;
    /** {@code serviceSettings} as written (only {@code settings.clusterLocal} is read; {@link ClusterRegistries}). */
    List<ClusterRegistries.ServiceSetting> serviceSettings = List.of();
    /** {@code defaultDestinationRuleExportTo} as written, or {@code null}. */
    List<String> defaultDestinationRuleExportTo;
    /** {@code defaultConfig.proxyMetadata} as written (empty for none): every proxy's metadata defaults. */
    Map<String, String> defaultProxyMetadata = Map.of();
    /** {@code trustDomain} as written, or {@code null}: the trust domain of the mesh's mTLS identities. */
    String trustDomain;

    /**
     * @param diags       where findings go.
     * @param reader      the YAML reader (for the embedded document).
     * @param sourceLines the lines of a loaded file by name (to find a block scalar's indentation), or an
     *                    empty list when unknown.
     */
    MeshConfigBinder(final Diagnostics diags, final YamlDocumentReader reader,
            final Function<String, List<String>> sourceLines)
    {
        this.diags = diags;
        this.reader = reader;
        this.sourceLines = sourceLines;
    }

    /**
     * @param data the ConfigMap's {@code data}.
     * @return the mesh config, or {@code null} when {@code data.mesh} is absent or not YAML (reported).
     */
    MeshConfig configMap(final FieldReader data)
    {
        final MeshNetworks networks = meshNetworks(data);
        final MeshConfig mesh = meshKey(data);
        return mesh == null ? networks == null ? null : MeshConfig.DEFAULT.withNetworks(networks)
                : networks == null ? mesh : mesh.withNetworks(networks);
    }

    /** {@code data.mesh}, or {@code null} when absent or not YAML (reported). */
    private MeshConfig meshKey(final FieldReader data)
    {
        if (!data.has("mesh"))
        {
            diags.warning(data.present() ? Diagnostics.ref(data.node()) : SourceRef.NONE,
                    "ConfigMap istio has no data.mesh: Istio's defaults apply");
            return null;
        }
        final List<YamlNode> docs = embedded(data.field("mesh"));
        if (docs == null)
        {
            return null;
        }
        if (docs.isEmpty())
        {
            return MeshConfig.DEFAULT;
        }
        final YamlNode root = docs.get(0);
        if (!root.isMap())
        {
            diags.error(root, "data.mesh must hold a YAML mapping (Istio's MeshConfig), got " + root.describe());
            return null;
        }
        final FieldReader mesh = FieldReader.of(root, diags, IGNORE);
        defaultVirtualServiceExportTo = exportToDefault(mesh, "defaultVirtualServiceExportTo");
        defaultDestinationRuleExportTo = exportToDefault(mesh, "defaultDestinationRuleExportTo");
        defaultServiceExportTo = exportToDefault(mesh, "defaultServiceExportTo");
        serviceSettings = serviceSettings(mesh);
        trustDomain = mesh.string("trustDomain");
        String rootNamespace = MeshConfig.ISTIO_SYSTEM;
        final String writtenRoot = mesh.string("rootNamespace");
        if (writtenRoot != null && !writtenRoot.isEmpty())
        {
            rootNamespace = writtenRoot;
        }
        // defaultConfig is Envoy's ProxyConfig: drain, tracing, concurrency, proxy metadata, headers Envoy adds.
        // Only its proxyMetadata changes which endpoints a request gets (REQUESTED_NETWORK_VIEW, ClientProxies).
        if (mesh.has("defaultConfig") && !mesh.field("defaultConfig").isMap())
        {
            diags.error(mesh.field("defaultConfig"), "expected a mapping (ProxyConfig), got "
                    + mesh.field("defaultConfig").describe());
        }
        else if (mesh.has("defaultConfig"))
        {
            defaultProxyMetadata = FieldReader.of(mesh.field("defaultConfig"), diags, IGNORE)
                    .stringMap("proxyMetadata");
        }
        // Istio applies the YAML over its defaults, so a policy without a mode keeps ALLOW_ANY.
        final MeshConfig policy = outbound(mesh, Diagnostics.ref(root), MeshConfig.OutboundPolicy.ALLOW_ANY);
        final MeshConfig out = (policy == null ? MeshConfig.DEFAULT : policy).withRootNamespace(rootNamespace);
        final DestinationRule.LocalitySetting locality = LocalityLbBinder.bind(mesh.field("localityLbSetting"), diags);
        // applied over Istio's default (enabled: true): a setting that does not write enabled keeps it on
        return locality == null ? out : out.withLocalityLbSetting(new DestinationRule.LocalitySetting(
                locality.enabled() == null ? Boolean.TRUE : locality.enabled(), locality.failover(),
                locality.distribute(), locality.failoverPriority()));
    }

    /**
     * The YAML documents a ConfigMap value holds, with positions in the outer file.
     *
     * @return them, {@code null} when the value is not a string (reported).
     */
    List<YamlNode> embedded(final YamlNode v)
    {
        final String text = FieldReader.asString(v, diags);
        if (text == null)
        {
            return null;
        }
        // A literal block (mesh: |) keeps lines: content line k is outer line (line of "|") + k, and its
        // columns are shifted by the block's indentation. Other styles point at the value itself.
        int lineOffset = v.line() - 1;
        int columnOffset = v.column() - 1;
        final List<String> lines = sourceLines.apply(v.file());
        if (v.line() >= 1 && v.line() <= lines.size())
        {
            final String at = lines.get(v.line() - 1);
            final int c = v.column() - 1;
            if (c >= 0 && c < at.length() && (at.charAt(c) == '|' || at.charAt(c) == '>'))
            {
                lineOffset = v.line();
                columnOffset = 0;
                for (int k = v.line(); k < lines.size(); k++)
                {
                    final String l = lines.get(k);
                    if (!l.isBlank())
                    {
                        int indent = 0;
                        while (indent < l.length() && l.charAt(indent) == ' ')
                        {
                            indent++;
                        }
                        columnOffset = indent;
                        break;
                    }
                }
            }
        }
        return reader.read(v.file(), new StringReader(text), diags, lineOffset, columnOffset, v.path());
    }

    /**
     * {@code data.meshNetworks} (Istio's {@code MeshNetworks}), checked as Istio's {@code ValidateMeshNetworks} checks
     * it: each endpoint entry names one of {@code fromCidr} (a CIDR) and {@code fromRegistry}, each gateway one of
     * {@code address} and {@code registryServiceName}, and a port.
     *
     * @return the networks (no gateways resolved yet), {@code null} when absent.
     */
    private MeshNetworks meshNetworks(final FieldReader data)
    {
        if (!data.has("meshNetworks"))
        {
            return null;
        }
        final List<YamlNode> docs = embedded(data.field("meshNetworks"));
        if (docs == null || docs.isEmpty() || docs.get(0).isNull())
        {
            return MeshNetworks.NONE;
        }
        final YamlNode root = docs.get(0);
        if (!root.isMap())
        {
            diags.error(root, "data.meshNetworks must hold a YAML mapping (Istio's MeshNetworks), got "
                    + root.describe());
            return MeshNetworks.NONE;
        }
        final FieldReader top = FieldReader.of(root, diags, ERROR, "networks");
        final YamlNode nets = top.field("networks");
        final List<MeshNetworks.Network> out = new ArrayList<>();
        if (nets == null || nets.isNull())
        {
            return MeshNetworks.NONE;
        }
        if (!nets.isMap())
        {
            diags.error(nets, "networks must be a mapping of network names to networks, got " + nets.describe());
            return MeshNetworks.NONE;
        }
        for (final Map.Entry<String, YamlNode> e : nets.fields().entrySet())
        {
            final FieldReader n = FieldReader.of(e.getValue(), diags, ERROR, "endpoints", "gateways");
            if (!n.present())
            {
                diags.error(e.getValue(), "network " + e.getKey() + ": expected a mapping with endpoints and gateways, "
                        + "got " + e.getValue().describe());
                continue;
            }
            final List<String> cidrs = new ArrayList<>();
            final List<String> registries = new ArrayList<>();
            if (n.list("endpoints").isEmpty())
            {
                diags.error(e.getValue(), "network " + e.getKey() + ": must have at least one endpoint");
            }
            for (final YamlNode ep : n.list("endpoints"))
            {
                final FieldReader er = FieldReader.of(ep, diags, ERROR, "fromCidr", "fromRegistry");
                if (er.has("fromCidr") == er.has("fromRegistry"))
                {
                    diags.error(ep, "network " + e.getKey() + ": an endpoint needs exactly one of fromCidr and "
                            + "fromRegistry");
                    continue;
                }
                final String cidr = er.string("fromCidr");
                if (cidr != null && (!cidr.contains("/") || !Names.isIpOrCidr(cidr)))
                {
                    diags.error(er.field("fromCidr"), "\"" + cidr + "\" is not a CIDR (expected address/prefix)");
                }
                else if (cidr != null)
                {
                    cidrs.add(cidr);
                }
                final String registry = er.string("fromRegistry");
                if (registry != null && !registry.isEmpty())
                {
                    registries.add(registry);
                }
            }
            final List<MeshNetworks.GatewayRef> gateways = new ArrayList<>();
            for (final YamlNode g : n.list("gateways"))
            {
                final FieldReader gr = FieldReader.of(g, diags, ERROR, "address", "registryServiceName", "port",
                        "locality");
                if (gr.has("address") == gr.has("registryServiceName"))
                {
                    diags.error(g, "network " + e.getKey() + ": a gateway needs exactly one of address and "
                            + "registryServiceName");
                    continue;
                }
                if (!gr.has("port"))
                {
                    gr.missing("port");
                    continue;
                }
                final int port = gr.integerIn("port", 1, 65535, 0);
                final String address = gr.string("address");
                final String service = gr.string("registryServiceName");
                if (port > 0 && (address != null && !address.isEmpty() || service != null && !service.isEmpty()))
                {
                    gateways.add(new MeshNetworks.GatewayRef(address, service == null ? null
                            : service.toLowerCase(java.util.Locale.ROOT), port));
                }
            }
            out.add(new MeshNetworks.Network(e.getKey(), List.copyOf(cidrs), List.copyOf(registries),
                    List.copyOf(gateways)));
        }
        return new MeshNetworks(List.copyOf(out), List.of(), "");
    }

    /** A {@code default*ExportTo} list, checked as a resource's {@code exportTo}; {@code null} when absent. */
    /** {@code serviceSettings}: each entry's {@code hosts} and {@code settings.clusterLocal}. */
    private List<ClusterRegistries.ServiceSetting> serviceSettings(final FieldReader mesh)
    {
        final List<ClusterRegistries.ServiceSetting> out = new java.util.ArrayList<>();
        for (final YamlNode entry : mesh.list("serviceSettings"))
        {
            final FieldReader e = FieldReader.of(entry, diags, FieldReader.Unknown.WARN, "hosts", "settings");
            final FieldReader settings = e.object("settings", FieldReader.Unknown.WARN, "clusterLocal");
            out.add(new ClusterRegistries.ServiceSetting(e.stringList("hosts"),
                    settings.present() && settings.bool("clusterLocal", false)));
        }
        return List.copyOf(out);
    }

    private List<String> exportToDefault(final FieldReader mesh, final String field)
    {
        if (!mesh.has(field))
        {
            return null;
        }
        final List<String> raw = mesh.stringList(field);
        if ((raw.contains("*") || raw.contains("~")) && raw.size() > 1)
        {
            diags.error(mesh.field(field), "\"*\" and \"~\" cannot be combined with other " + field + " entries");
        }
        return raw;
    }

    /**
     * @param owner  a mesh config or a Sidecar spec.
     * @param source where it was written.
     * @param dflt   the mode when {@code mode} is not written.
     * @return its {@code outboundTrafficPolicy}, or {@code null} when absent.
     */
    MeshConfig outbound(final FieldReader owner, final SourceRef source, final MeshConfig.OutboundPolicy dflt)
    {
        if (!owner.has("outboundTrafficPolicy"))
        {
            return null;
        }
        final FieldReader p = owner.object("outboundTrafficPolicy", ERROR, "mode", "egressProxy");
        MeshConfig.OutboundPolicy mode = dflt;
        final String m = p.string("mode");
        if (m == null)
        {
            mode = dflt;
        }
        else if (m.equals("REGISTRY_ONLY"))
        {
            mode = MeshConfig.OutboundPolicy.REGISTRY_ONLY;
        }
        else if (m.equals("ALLOW_ANY"))
        {
            mode = MeshConfig.OutboundPolicy.ALLOW_ANY;
        }
        else if (m.equals("ALLOW_ANY_DYNAMIC_DNS") && dflt == MeshConfig.OutboundPolicy.ALLOW_ANY)
        {
            mode = MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS; // the mesh config's (a Sidecar's default differs)
        }
        else if (m.equals("ALLOW_ANY_DYNAMIC_DNS"))
        {
            diags.error(p.field("mode"), "sidecar: ALLOW_ANY_DYNAMIC_DNS mode is only supported in the mesh config,"
                    + " not in a Sidecar (Istio's validation refuses it)");
        }
        else
        {
            diags.error(p.field("mode"), "outboundTrafficPolicy.mode must be ALLOW_ANY"
                    + (dflt == MeshConfig.OutboundPolicy.ALLOW_ANY ? ", REGISTRY_ONLY or ALLOW_ANY_DYNAMIC_DNS"
                    : " or REGISTRY_ONLY") + ", got \"" + m + "\"");
        }
        Destination egress = null;
        if (p.has("egressProxy"))
        {
            final FieldReader d = p.object("egressProxy", ERROR, "host", "subset", "port");
            final String host = d.requiredString("host");
            final FieldReader port = d.object("port", ERROR, "number");
            final int number = port.present() ? port.integerIn("number", 1, 65535, 0) : 0;
            if (host != null && !host.isEmpty())
            {
                egress = new Destination(host.toLowerCase(java.util.Locale.ROOT), d.string("subset"), number);
            }
            if (mode != MeshConfig.OutboundPolicy.ALLOW_ANY)
            {
                diags.error(p.field("egressProxy"), "egressProxy needs mode ALLOW_ANY");
            }
        }
        return new MeshConfig(mode, egress, source);
    }

    /**
     * @param spec   the Sidecar's {@code spec}.
     * @param ns     its namespace.
     * @param name   its name.
     * @param source where it was written.
     * @return the Sidecar.
     */
    SidecarSpec sidecar(final FieldReader spec, final String ns, final String name, final SourceRef source)
    {
        final FieldReader selector = spec.object("workloadSelector", ERROR, "labels");
        final Map<String, String> labels = selector.stringMap("labels");
        final List<SidecarSpec.EgressListener> egress = new ArrayList<>();
        boolean catchAll = false;
        for (final YamlNode e : spec.list("egress"))
        {
            final FieldReader l = FieldReader.of(e, diags, ERROR, "port", "bind", "captureMode", "hosts");
            final FieldReader port = l.object("port", ERROR, "number", "protocol", "name", "targetPort");
            final int number = port.present() ? port.integerIn("number", 1, 65535, 0) : 0;
            String protocol = number == 0 ? null : RegistryService.ServicePort.AUTO;
            final String written = port.present() ? port.string("protocol") : null;
            if (written != null && !written.isEmpty())
            {
                protocol = Names.istioProtocol(written);
                if (protocol == null)
                {
                    diags.error(port.field("protocol"), "sidecar: unsupported protocol \"" + written + "\" (expected "
                            + "HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, HTTP_PROXY, TLS, TCP, UDP, MONGO, REDIS or MYSQL)");
                    protocol = RegistryService.ServicePort.AUTO;
                }
                else if (number == 0)
                {
                    protocol = null;
                }
            }
            if (number == 0)
            {
                if (catchAll)
                {
                    diags.error(e, "sidecar: egress can have only one listener with empty port");
                }
                catchAll = true;
            }
            else if (catchAll)
            {
                diags.error(e, "sidecar: the egress listener with empty port should be the last listener in the list");
            }
            if (!l.has("hosts") || l.list("hosts").isEmpty())
            {
                diags.error(l.present() ? Diagnostics.ref(e) : source, "sidecar: egress listener must have hosts");
            }
            final List<String> hosts = new ArrayList<>();
            for (final YamlNode h : l.list("hosts"))
            {
                final String text = FieldReader.asString(h, diags);
                if (text == null)
                {
                    continue;
                }
                final int slash = text.indexOf('/');
                if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0)
                {
                    diags.error(h, "sidecar: egress host must be of the form namespace/dnsName, got \"" + text + "\"");
                    continue;
                }
                final String hostNs = text.substring(0, slash);
                final String host = text.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
                hosts.add((hostNs.equals(".") ? ns : hostNs) + "/" + host);
            }
            egress.add(new SidecarSpec.EgressListener(number, List.copyOf(hosts), protocol));
        }
        // A Sidecar's own policy replaces the mesh's; proto3 reads an absent mode as its zero value, REGISTRY_ONLY.
        final MeshConfig outbound = outbound(spec, source, MeshConfig.OutboundPolicy.REGISTRY_ONLY);
        return new SidecarSpec(ns, name, labels, List.copyOf(egress), outbound, source);
    }
}
