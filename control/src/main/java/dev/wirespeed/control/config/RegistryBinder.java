package dev.wirespeed.control.config;

import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.TopologyLabels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;
import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;
import static dev.wirespeed.control.config.FieldReader.Unknown.WARN;

/**
 * Binds the registry kinds (core {@code Service} and {@code Pod}, Istio {@code ServiceEntry} and
 * {@code WorkloadEntry}) and, once every document is read, joins them into {@link RegistryService}s:
 * a Service's selector picks the Pods of its namespace, a ServiceEntry's {@code workloadSelector} the
 * WorkloadEntries of its namespace.
 *
 * <p>Core kinds are Kubernetes objects whose schema grows with every release: a field this loader does
 * not know there is a warning, not an error (Istio kinds are strict).
 */
final class RegistryBinder
{
    /** The annotation Istio reads as a Kubernetes Service's {@code exportTo} (comma-separated). */
    static final String EXPORT_TO_ANNOTATION = "networking.istio.io/exportTo";
    /** The mesh config's {@code defaultServiceExportTo} (the visibility of a service writing none), or null. */
    List<String> defaultExportTo;

    private static final String[] SERVICE_SPEC = {"ports", "selector", "clusterIP", "clusterIPs", "type",
        "externalName", "externalIPs", "sessionAffinity", "sessionAffinityConfig", "loadBalancerIP",
        "loadBalancerSourceRanges", "loadBalancerClass", "externalTrafficPolicy", "internalTrafficPolicy",
        "healthCheckNodePort", "publishNotReadyAddresses", "ipFamilies", "ipFamilyPolicy",
        "allocateLoadBalancerNodePorts", "trafficDistribution"};
    private static final String[] POD_SPEC = {"containers", "initContainers", "ephemeralContainers", "volumes",
        "restartPolicy", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "dnsConfig",
        "nodeSelector", "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName",
        "hostNetwork", "hostPID", "hostIPC", "hostUsers", "shareProcessNamespace", "securityContext",
        "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName", "tolerations", "hostAliases",
        "priorityClassName", "priority", "readinessGates", "runtimeClassName", "enableServiceLinks",
        "preemptionPolicy", "overhead", "topologySpreadConstraints", "setHostnameAsFQDN", "os", "schedulingGates",
        "resourceClaims", "resources", "hostnameOverride"};
    private static final String[] CONTAINER = {"name", "image", "command", "args", "workingDir", "ports", "envFrom",
        "env", "resources", "resizePolicy", "restartPolicy", "restartPolicyRules", "volumeMounts", "volumeDevices",
        "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
        "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty"};
    private static final String[] POD_STATUS = {"phase", "conditions", "message", "reason", "nominatedNodeName",
        "hostIP", "hostIPs", "podIP", "podIPs", "startTime", "initContainerStatuses", "containerStatuses",
        "qosClass", "ephemeralContainerStatuses", "resize", "resourceClaimStatuses", "observedGeneration"};
    private static final String[] WORKLOAD = {"address", "ports", "labels", "network", "locality", "weight",
        "serviceAccount"};

    /** A core Service before resolution. */
    private record Service(String ns, String name, Map<String, String> selector, List<String> addresses,
                           List<Port> ports, SourceRef src, List<String> exportTo, boolean externalName,
                           boolean headless, RegistryService.TrafficDistribution distribution)
    {
    }

    /** The networks and gateways being resolved (docs/routing.md §4, "Networks"). */
    final NetworkBinder networks;
    /** Traffic distributions: a Service's or ServiceEntry's own, else its Namespace's annotation. */
    final TrafficDistributionBinder distributions;

    /**
     * A service port; {@code targetName} set for a named targetPort; {@code targetWritten}: a ServiceEntry port that
     * writes its {@code targetPort}.
     */
    private record Port(String name, int number, int targetNumber, String targetName, String protocol,
                        boolean targetWritten)
    {
    }

    /** A Pod: labels, IP, health and named container ports. */
    private record Pod(String ns, String name, Map<String, String> labels, String ip, boolean healthy,
                       Map<String, Integer> namedPorts, String nodeName)
    {
    }

    /** A ServiceEntry before resolution. */
    private record Entry(String ns, String name, List<String> hosts, List<String> addresses, List<Port> ports,
                         String resolution, List<RegistryService.Endpoint> endpoints,
                         Map<String, String> workloadSelector, SourceRef src, List<String> exportTo,
                         boolean meshExternal, RegistryService.TrafficDistribution distribution)
    {
    }

    /** A WorkloadEntry. */
    private record Workload(String ns, String name, RegistryService.Endpoint endpoint)
    {
    }

    private final Diagnostics diags;
    private final List<Service> services = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    /** Node labels by node name. */
    private final Map<String, Map<String, String>> nodeLabels = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    final AutoAllocatedAddresses auto; // the ServiceEntry hosts' auto-allocated addresses (status.addresses)

    /** The id of the cluster whose registry this is ({@link MeshNetworks#CLUSTER_ID} for the config cluster's). */
    final String cluster;

    RegistryBinder(final Diagnostics diags)
    {
        this(diags, MeshNetworks.CLUSTER_ID);
    }

    /**
     * @param diags   where diagnostics go.
     * @param cluster the id of the cluster whose Services, Pods and Nodes this binds.
     */
    RegistryBinder(final Diagnostics diags, final String cluster)
    {
        this.diags = diags;
        this.cluster = cluster;
        this.networks = new NetworkBinder(diags, cluster);
        this.distributions = new TrafficDistributionBinder(diags);
        this.auto = new AutoAllocatedAddresses(diags);
    }

    void service(final YamlNode specNode, final String ns, final String name, final SourceRef src,
            final YamlNode annotations)
    {
        service(specNode, null, ns, name, src, annotations, Map.of());
    }

    /**
     * @param statusNode its {@code status} (a LoadBalancer's {@code loadBalancer.ingress} addresses), or null.
     * @param labels     its labels ({@code topology.istio.io/network} makes it a network gateway).
     */
    void service(final YamlNode specNode, final YamlNode statusNode, final String ns, final String name,
            final SourceRef src, final YamlNode annotations, final Map<String, String> labels)
    {
        final String export = annotations == null || !annotations.isMap() ? null
                : FieldReader.of(annotations, diags, IGNORE).string(EXPORT_TO_ANNOTATION);
        final FieldReader spec = FieldReader.of(specNode, diags, WARN, SERVICE_SPEC);
        final List<String> addresses = new ArrayList<>();
        final String clusterIp = spec.string("clusterIP");
        if (clusterIp != null && !clusterIp.isEmpty() && !clusterIp.equals("None"))
        {
            addresses.add(clusterIp);
        }
        for (final String ip : spec.stringList("clusterIPs"))
        {
            if (!ip.isEmpty() && !ip.equals("None") && !addresses.contains(ip))
            {
                addresses.add(ip);
            }
        }
        final List<Port> ports = new ArrayList<>();
        final Map<Integer, Integer> nodePorts = new HashMap<>();
        for (final YamlNode p : spec.list("ports"))
        {
            final FieldReader pr = FieldReader.of(p, diags, WARN, "name", "protocol", "port", "targetPort", "nodePort",
                    "appProtocol");
            if (!pr.present())
            {
                continue;
            }
            if (!pr.has("port"))
            {
                pr.missing("port");
                continue;
            }
            final int number = pr.integerIn("port", 1, 65535, 0);
            final String portName = pr.string("name");
            final String l4 = pr.string("protocol");
            int targetNumber = number;
            String targetName = null;
            final YamlNode target = pr.field("targetPort");
            if (target != null)
            {
                if (target.isScalar() && target.scalarType() == YamlNode.ScalarType.INT)
                {
                    targetNumber = pr.integerIn("targetPort", 1, 65535, number);
                }
                else if (target.isScalar() && !target.text().isEmpty())
                {
                    targetName = target.text();
                }
                else
                {
                    diags.error(target, "expected a port number or a port name, got " + target.describe());
                }
            }
            nodePorts.put(number, pr.integerIn("nodePort", 1, 65535, 0));
            if (number > 0)
            {
                ports.add(new Port(portName == null ? "" : portName, number, targetNumber, targetName,
                        Names.kubernetesPortProtocol(number, portName, l4, pr.string("appProtocol")), false));
            }
        }
        List<String> exportTo = null;
        if (export != null)
        {
            exportTo = new ArrayList<>();
            for (final String e : export.split(","))
            {
                if (!e.trim().isEmpty())
                {
                    exportTo.add(e.trim());
                }
            }
        }
        final List<String> external = NetworkBinder.externalAddresses(spec, statusNode, diags);
        networks.service(name + "." + ns + ".svc.cluster.local", ns, name, labels, external,
                ports.stream().map(Port::number).toList(), networks.nodePorts(spec.string("type"), annotations,
                nodePorts), src);
        services.add(new Service(ns, name, spec.stringMap("selector"), List.copyOf(addresses), List.copyOf(ports),
                src, exportTo, "ExternalName".equals(spec.string("type")), "None".equals(clusterIp),
                distributions.own(spec.string("trafficDistribution"), annotations)));
    }

    void pod(final YamlNode specNode, final YamlNode statusNode, final String ns, final String name,
             final Map<String, String> labels)
    {
        final FieldReader spec = FieldReader.of(specNode, diags, WARN, POD_SPEC);
        final Map<String, Integer> named = new HashMap<>();
        for (final YamlNode c : spec.list("containers"))
        {
            final FieldReader cr = FieldReader.of(c, diags, WARN, CONTAINER);
            for (final YamlNode p : cr.list("ports"))
            {
                final FieldReader pr = FieldReader.of(p, diags, WARN, "containerPort", "name", "protocol", "hostPort",
                        "hostIP");
                if (!pr.present())
                {
                    continue;
                }
                final int port = pr.integerIn("containerPort", 1, 65535, 0);
                final String portName = pr.string("name");
                if (portName != null && port > 0)
                {
                    named.putIfAbsent(portName, port);
                }
            }
        }
        final FieldReader status = FieldReader.of(statusNode, diags, WARN, POD_STATUS);
        String ip = status.string("podIP");
        if (ip == null || ip.isEmpty())
        {
            for (final YamlNode item : status.list("podIPs"))
            {
                final FieldReader ir = FieldReader.of(item, diags, WARN, "ip");
                if (ip == null || ip.isEmpty())
                {
                    ip = ir.string("ip");
                }
            }
        }
        final String phase = status.string("phase");
        boolean healthy = phase == null || phase.equals("Running");
        for (final YamlNode c : status.list("conditions"))
        {
            final FieldReader cr = FieldReader.of(c, diags, IGNORE);
            if ("Ready".equals(cr.string("type")))
            {
                healthy = healthy && "True".equalsIgnoreCase(cr.string("status"));
            }
        }
        pods.add(new Pod(ns, name, labels, ip == null || ip.isEmpty() ? null : ip, healthy, named,
                spec.string("nodeName")));
    }

    /**
     * A Pod, or a Node: a Node's labels give the locality of the Pods on it; its {@code status.addresses}
     * {@code ExternalIP} is a NodePort gateway's address (its spec is not read).
     *
     * @param node whether the object is a Node.
     */
    void podOrNode(final boolean node, final YamlNode specNode, final YamlNode statusNode, final String ns,
            final String name, final Map<String, String> labels)
    {
        if (node)
        {
            nodeLabels.put(name, labels);
            networks.node(name, labels, statusNode);
        }
        else
        {
            pod(specNode, statusNode, ns, name, labels);
        }
    }

    /**
     * A Pod's locality as Istio's {@code getPodLocality} finds it: its locality label, else its node's
     * {@code topology.kubernetes.io/region} and {@code zone} (or the older {@code failure-domain.beta} ones) and
     * {@code topology.istio.io/subzone}, as {@code region/zone/subzone}; {@code ""} when none is known.
     */
    private String podLocality(final Pod p)
    {
        final String label = labelLocality(p.labels());
        final Map<String, String> node = p.nodeName() == null ? null : nodeLabels.get(p.nodeName());
        if (!label.isEmpty() || node == null)
        {
            return label;
        }
        final String region = node.getOrDefault("topology.kubernetes.io/region",
                node.getOrDefault("failure-domain.beta.kubernetes.io/region", ""));
        final String zone = node.getOrDefault("topology.kubernetes.io/zone",
                node.getOrDefault("failure-domain.beta.kubernetes.io/zone", ""));
        final String subzone = node.getOrDefault("topology.istio.io/subzone", "");
        return region.isEmpty() && zone.isEmpty() && subzone.isEmpty() ? "" : region + "/" + zone + "/" + subzone;
    }

    /**
     * @param meta   its {@code metadata} ({@code annotations}: a traffic distribution).
     * @param status its {@code status} ({@code addresses}: auto-allocated ones, {@link AutoAllocatedAddresses}).
     */
    void serviceEntry(final FieldReader spec, final String ns, final String name, final SourceRef src,
            final IstioBinder istio, final FieldReader meta, final YamlNode status, final Map<String, String> labels)
    {
        final YamlNode annotations = meta.field("annotations");
        final List<String> hosts = serviceEntryHosts(spec, istio);
        final List<Port> ports = serviceEntryPorts(spec);
        final String resolution = enumValue(spec, "resolution", "NONE", "NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN");
        final boolean meshExternal = "MESH_EXTERNAL".equals(
                enumValue(spec, "location", "MESH_EXTERNAL", "MESH_EXTERNAL", "MESH_INTERNAL"));
        final List<RegistryService.Endpoint> endpoints = new ArrayList<>();
        for (final YamlNode e : spec.list("endpoints"))
        {
            final FieldReader er = FieldReader.of(e, diags, ERROR, WORKLOAD);
            final RegistryService.Endpoint ep = workloadSpec(er, null);
            if (ep != null && resolution.equals("STATIC") && !ep.address().isEmpty() && !Names.isIpLiteral(ep.address())
                    && !ep.address().startsWith("unix://"))
            {
                diags.error(er.field("address"), "endpoint address \"" + ep.address()
                        + "\" is not an IP address (resolution STATIC needs IP addresses)");
            }
            else if (ep != null)
            {
                endpoints.add(ep);
            }
        }
        final List<YamlNode> addressNodes = spec.list("addresses");
        for (final YamlNode a : addressNodes)
        {
            final String address = FieldReader.asString(a, diags);
            if (address != null && !Names.isIpOrCidr(address))
            {
                diags.error(a, "\"" + address + "\" is not an IP address or CIDR");
            }
        }
        final FieldReader ws = spec.object("workloadSelector", ERROR, "labels");
        if (ws.present() && spec.has("endpoints"))
        {
            diags.error(spec.field("workloadSelector"), "\"workloadSelector\" and \"endpoints\" cannot both be set");
        }
        spec.stringList("subjectAltNames");
        final List<String> exportTo = spec.has("exportTo") ? istio.checkedExportTo(spec) : null;
        final List<String> addresses = new ArrayList<>();
        for (final YamlNode a : addressNodes)
        {
            if (a.isScalar() && !a.isNull())
            {
                addresses.add(Names.serviceEntryAddress(a.text())); // a /32 or /128 is its address alone
            }
        }
        auto.serviceEntry(status, hosts, resolution, !addresses.isEmpty(), labels);
        entries.add(new Entry(ns, name, List.copyOf(hosts), List.copyOf(addresses), List.copyOf(ports),
                resolution, endpoints, ws.present() ? ws.stringMap("labels") : null, src, exportTo, meshExternal,
                distributions.own(null, annotations)));
    }

    /** The hosts of a ServiceEntry, lower-cased; reports a missing list, bad names and {@code *}. */
    private List<String> serviceEntryHosts(final FieldReader spec, final IstioBinder istio)
    {
        final List<String> hosts = new ArrayList<>();
        if (!spec.has("hosts") || spec.list("hosts").isEmpty())
        {
            diags.error(spec.refOf("hosts"), "ServiceEntry must have at least one host");
        }
        for (final YamlNode h : spec.list("hosts"))
        {
            final String host = FieldReader.asString(h, diags);
            if (host != null && istio.checkHost(h, host, true))
            {
                if (host.equals("*"))
                {
                    diags.error(h, "ServiceEntry host * is not allowed");
                    continue;
                }
                hosts.add(host.toLowerCase(Locale.ROOT));
            }
        }
        return hosts;
    }

    /** The ports of a ServiceEntry (number, name, protocol, target port); reports bad and duplicate ones. */
    private List<Port> serviceEntryPorts(final FieldReader spec)
    {
        final List<Port> ports = new ArrayList<>();
        final Map<String, YamlNode> portNames = new HashMap<>();
        for (final YamlNode p : spec.list("ports"))
        {
            final FieldReader pr = FieldReader.of(p, diags, ERROR, "number", "protocol", "name", "targetPort");
            if (!pr.present())
            {
                continue;
            }
            if (!pr.has("number"))
            {
                pr.missing("number");
            }
            final int number = pr.integerIn("number", 1, 65535, 0);
            final String portName = pr.string("name");
            String protocol = "AUTO"; // no protocol: Istio sniffs it (docs/routing.md §1 item 8)
            final String written = pr.string("protocol");
            if (written != null)
            {
                protocol = Names.istioProtocol(written);
                if (protocol == null)
                {
                    diags.error(pr.field("protocol"), "unknown protocol \"" + written + "\" (expected HTTP, HTTPS, "
                            + "HTTP2, GRPC, GRPC-WEB, TLS, TCP, UDP, MONGO, REDIS or MYSQL)");
                    protocol = "TCP";
                }
            }
            if (portName != null && portNames.putIfAbsent(portName, pr.field("name")) != null)
            {
                diags.error(pr.field("name"), "duplicate port name \"" + portName + "\"");
            }
            final int target = pr.integerIn("targetPort", 1, 65535, number);
            if (number > 0)
            {
                ports.add(new Port(portName == null ? "" : portName, number, target, null, protocol,
                        pr.has("targetPort")));
            }
        }
        return ports;
    }

    void workloadEntry(final FieldReader spec, final String ns, final String name)
    {
        final RegistryService.Endpoint ep = workloadSpec(spec, name);
        if (ep != null)
        {
            workloads.add(new Workload(ns, name, ep));
        }
    }

    private RegistryService.Endpoint workloadSpec(final FieldReader w, final String name)
    {
        if (!w.present())
        {
            return null;
        }
        final String address = w.string("address");
        final Map<String, Integer> ports = new LinkedHashMap<>();
        final YamlNode pn = w.field("ports");
        if (pn != null && !pn.isMap())
        {
            diags.error(pn, "expected a mapping of port names to numbers, got " + pn.describe());
        }
        else if (pn != null)
        {
            final FieldReader pr = FieldReader.of(pn, diags, IGNORE);
            for (final String k : pn.fields().keySet())
            {
                final int v = pr.integerIn(k, 1, 65535, 0);
                if (v > 0)
                {
                    ports.put(k, v);
                }
            }
        }
        final long weight = weight(w);
        final String network = w.string("network");
        final String locality = w.string("locality");
        final String serviceAccount = w.string("serviceAccount");
        final Map<String, String> labels = w.stringMap("labels");
        if (!WorkloadAddresses.addressOrNetwork(w, address, network, diags))
        {
            return null;
        }
        // Istio's getTLSModeFromWorkloadEntry: the label, else istio when a service account is named
        final String tlsMode = labels.getOrDefault(MeshNetworks.TLS_MODE_LABEL,
                serviceAccount != null && !serviceAccount.isEmpty() ? "istio" : "disabled");
        return new RegistryService.Endpoint(address == null ? "" : address, labels, Map.copyOf(ports), true,
                name == null ? (address == null ? "" : address) : name,
                weight, locality != null && !locality.isEmpty() ? locality : labelLocality(labels),
                network != null && !network.isEmpty() ? network : labels.getOrDefault(MeshNetworks.NETWORK_LABEL, ""),
                tlsMode);
    }

    /**
     * The locality label of a Pod or WorkloadEntry (Istio's {@code GetLocalityLabel}):
     * {@code topology.istio.io/locality}, else the older {@code istio-locality}; Kubernetes label values cannot hold
     * {@code /}, so they write {@code region.zone.subzone}.
     *
     * @return the locality it gives, {@code ""} without the label.
     */
    private static String labelLocality(final Map<String, String> labels)
    {
        final String l = labels.getOrDefault("topology.istio.io/locality", labels.get("istio-locality"));
        return l == null ? "" : l.replace('.', '/');
    }

    /**
     * An endpoint's {@code weight} (a uint32 in Istio's API): 0 or absent is 1, as Istio's
     * {@code IstioEndpoint.GetLoadBalancingWeight} passes it to Envoy.
     */
    private long weight(final FieldReader w)
    {
        final long weight = w.integer("weight", 0);
        if (weight < 0 || weight > 0xFFFF_FFFFL)
        {
            diags.error(w.field("weight"), "value " + weight + " out of range 0..4294967295");
            return 1;
        }
        return Math.max(1, weight);
    }

    private String enumValue(final FieldReader r, final String field, final String dflt, final String... allowed)
    {
        final String v = r.string(field);
        if (v == null)
        {
            return dflt;
        }
        for (final String a : allowed)
        {
            if (a.equals(v))
            {
                return v;
            }
        }
        diags.error(r.field(field), "expected one of " + String.join(", ", allowed) + ", got \"" + v + "\"");
        return dflt;
    }

    /** A Service whose selector picks no Pod has no endpoints: usually a typo in a label, so say so. */
    private void warnIfSelectsNothing(final Service s, final boolean noEndpoints)
    {
        if (noEndpoints && !s.selector().isEmpty())
        {
            diags.warning(s.src(), "Service " + s.ns() + "/" + s.name() + ": selector " + selectorText(s.selector())
                    + " matches no Pod with an IP in namespace " + s.ns() + " (the service has no endpoints)");
        }
    }

    private static String selectorText(final Map<String, String> selector)
    {
        final StringBuilder b = new StringBuilder();
        for (final Map.Entry<String, String> e : new TreeMap<>(selector).entrySet())
        {
            b.append(b.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    /** A service's {@code exportTo} as written, else the mesh's default, else {@code *}; resolved for its namespace. */
    private List<String> visibility(final List<String> written, final String ns)
    {
        final List<String> raw = written != null ? written : defaultExportTo;
        return raw == null ? List.of("*") : Names.resolveExportTo(raw, ns); // ~ alone: seen by none
    }

    /** @return {@link #resolve(EndpointSliceBinder)} with no EndpointSlices or Endpoints. */
    /** @return each ServiceEntry's hosts (lower-case) by {@code namespace/name}: Gateway API parents. */
    Map<String, List<String>> serviceEntryHosts()
    {
        final Map<String, List<String>> out = new java.util.HashMap<>();
        for (final Entry e : entries)
        {
            out.put(e.ns() + "/" + e.name(), e.hosts().stream().map(h -> h.toLowerCase(java.util.Locale.ROOT))
                    .toList());
        }
        return out;
    }

    List<RegistryService> resolve()
    {
        return resolve(new EndpointSliceBinder(diags));
    }

    /**
     * @param slices EndpointSlices and Endpoints: a Service that has them takes its endpoints from them.
     * @return the registry: Services (with their Pods or slice endpoints) then ServiceEntry hosts, in load order.
     */
    List<RegistryService> resolve(final EndpointSliceBinder slices)
    {
        final List<RegistryService> out = new ArrayList<>();
        for (final Service s : services)
        {
            final List<Pod> selected = new ArrayList<>();
            if (!s.selector().isEmpty())
            {
                for (final Pod p : pods)
                {
                    if (p.ns().equals(s.ns()) && p.ip() != null && p.labels().entrySet().containsAll(
                            s.selector().entrySet()))
                    {
                        selected.add(p);
                    }
                }
            }
            final List<RegistryService.ServicePort> ports = new ArrayList<>();
            for (final Port port : s.ports())
            {
                int target = port.targetNumber();
                if (port.targetName() != null)
                {
                    target = port.number();
                    for (final Pod p : selected)
                    {
                        final Integer named = p.namedPorts().get(port.targetName());
                        if (named != null)
                        {
                            target = named;
                            break;
                        }
                    }
                }
                ports.add(new RegistryService.ServicePort(port.name(), port.number(), target, port.protocol()));
            }
            final List<RegistryService.Endpoint> endpoints = new ArrayList<>();
            for (final Pod p : selected)
            {
                final Map<String, Integer> overrides = new LinkedHashMap<>();
                for (final Port port : s.ports())
                {
                    final Integer named = port.targetName() == null ? null : p.namedPorts().get(port.targetName());
                    if (named != null)
                    {
                        overrides.put(port.name(), named);
                    }
                    else if (port.targetName() != null)
                    {
                        // Kubernetes' FindPort fails: the Pod is in no EndpointSlice listing this port
                        overrides.put(port.name(), RegistryService.Endpoint.NOT_SERVED);
                    }
                }
                endpoints.add(new RegistryService.Endpoint(p.ip(), podLabels(p), Map.copyOf(overrides), p.healthy(),
                        p.name(), 1, podLocality(p)));
            }
            final List<EndpointSliceBinder.SliceEndpoint> sliced = slices.endpointsOf(s.ns(), s.name());
            warnIfSelectsNothing(s, sliced == null && selected.isEmpty());
            if (sliced != null)
            {
                endpoints.clear();
                for (final EndpointSliceBinder.SliceEndpoint e : sliced)
                {
                    endpoints.add(sliceEndpoint(s, e));
                }
            }
            placeAndSort(endpoints);
            out.add(new RegistryService(s.name() + "." + s.ns() + ".svc.cluster.local", s.ns(), s.addresses(),
                    List.copyOf(ports), List.copyOf(endpoints), s.src(), visibility(s.exportTo(), s.ns()),
                    s.externalName(), s.headless(), Map.of(), s.headless())
                    .withTrafficDistribution(distributions.resolve(s.distribution(), s.ns())));
        }
        resolveEntries(out);
        return out;
    }

    /** Adds each ServiceEntry host as a service, with its endpoints and the WorkloadEntries it selects. */
    private void resolveEntries(final List<RegistryService> out)
    {
        for (final Entry e : entries)
        {
            final List<RegistryService.ServicePort> ports = new ArrayList<>();
            for (final Port port : e.ports())
            {
                ports.add(new RegistryService.ServicePort(port.name(), port.number(), port.targetNumber(),
                        port.protocol()));
            }
            for (final String host : e.hosts())
            {
                final List<RegistryService.Endpoint> endpoints = new ArrayList<>(e.endpoints().stream()
                        .map(WorkloadAddresses::workloadLabels).toList());
                if (e.workloadSelector() != null)
                {
                    for (final Workload w : workloads)
                    {
                        if (w.ns().equals(e.ns()) && w.endpoint().labels().entrySet().containsAll(
                                e.workloadSelector().entrySet()))
                        {
                            endpoints.add(WorkloadAddresses.workloadLabels(w.endpoint()));
                        }
                    }
                }
                placeAndSort(endpoints);
                if (endpoints.isEmpty() && e.resolution().startsWith("DNS") && !host.startsWith("*"))
                {
                    // the host as its one endpoint: Istio gives it no labels and no network
                    endpoints.add(new RegistryService.Endpoint(host, Map.of(), Map.of(), true, host));
                }
                out.add(new RegistryService(host, e.ns(), e.addresses(), List.copyOf(ports), List.copyOf(endpoints),
                        e.src(), visibility(e.exportTo(), e.ns()), e.meshExternal(), e.resolution().equals("NONE"),
                        passthroughTargetPorts(e), e.workloadSelector() != null)
                        .withTrafficDistribution(distributions.resolve(e.distribution(), e.ns())));
            }
        }
    }

    /**
     * Istio's {@code PassthroughTargetPorts} ({@code convertServices}): with {@code resolution: NONE}, each port
     * that writes a {@code targetPort}, by number.
     */
    private static Map<Integer, Integer> passthroughTargetPorts(final Entry e)
    {
        final Map<Integer, Integer> out = new HashMap<>();
        if (e.resolution().equals("NONE"))
        {
            for (final Port port : e.ports())
            {
                if (port.targetWritten())
                {
                    out.put(port.number(), port.targetNumber());
                }
            }
        }
        return Map.copyOf(out);
    }

    /**
     * A slice endpoint of a Service: the labels of its Pod, the slice's port for each service port, and not an endpoint
     * on a service port its slice does not list.
     */
    private RegistryService.Endpoint sliceEndpoint(final Service s, final EndpointSliceBinder.SliceEndpoint e)
    {
        // without its Pod, the cluster's label only (Istio's NewEndpointBuilder(nil))
        Map<String, String> labels = TopologyLabels.augment(Map.of(), cluster, "", "", "");
        String locality = "";
        for (final Pod p : pods)
        {
            if (p.ns().equals(s.ns()) && p.name().equals(e.pod()))
            {
                labels = podLabels(p);
                locality = podLocality(p);
            }
        }
        final Map<String, Integer> overrides = new LinkedHashMap<>();
        for (final Port port : s.ports())
        {
            final Integer n = e.ports().get(port.name());
            // a port its slice (or subset) does not list: not an endpoint there (Istio reads the slice's ports)
            overrides.put(port.name(), n != null ? n : RegistryService.Endpoint.NOT_SERVED);
        }
        return new RegistryService.Endpoint(e.address(), labels, Map.copyOf(overrides), e.ready(),
                e.pod() == null ? e.address() : e.pod(), 1, locality);
    }

    /**
     * A Pod's labels as its endpoints (and its proxy) have them (Istio's {@code AugmentLabels} in
     * {@code NewEndpointBuilder}): its own, with its locality, the cluster id and its node ({@code spec.nodeName})
     * written over theirs; its network is added once placed ({@link NetworkBinder#place}).
     */
    private Map<String, String> podLabels(final Pod p)
    {
        return TopologyLabels.augment(p.labels(), cluster, podLocality(p), p.nodeName(), "");
    }

    /** @return how many Kubernetes Services were read: the first services {@link #resolve} gives. */
    int serviceCount()
    {
        return services.size();
    }

    /** Puts each endpoint on its network (docs/routing.md §4, "Networks"), then in {@link #ENDPOINT_ORDER}. */
    private void placeAndSort(final List<RegistryService.Endpoint> endpoints)
    {
        endpoints.replaceAll(networks::place);
        endpoints.sort(ENDPOINT_ORDER);
    }

    /** Endpoints by address (IPv4 numerically, then IPv6, then names), then by name. */
    static final Comparator<RegistryService.Endpoint> ENDPOINT_ORDER = Comparator
            .comparing((RegistryService.Endpoint e) -> addressKey(e.address()))
            .thenComparing(e -> e.name() == null ? "" : e.name());

    private static String addressKey(final String address)
    {
        final String[] parts = address.split("\\.", -1);
        if (parts.length == 4)
        {
            final StringBuilder sb = new StringBuilder("4");
            for (final String p : parts)
            {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit))
                {
                    return "9" + address;
                }
                sb.append(String.format("%03d", Integer.parseInt(p)));
            }
            return sb.toString();
        }
        return (address.indexOf(':') >= 0 ? "6" : "9") + address;
    }
}
