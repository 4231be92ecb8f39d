package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.VirtualService;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;
import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/**
 * Loads Kubernetes-style YAML (Istio {@code networking.istio.io} VirtualService, DestinationRule, Gateway,
 * ServiceEntry, WorkloadEntry; core {@code v1} Service, Pod, Namespace and Endpoints; {@code discovery.k8s.io/v1}
 * EndpointSlice; {@code gateway.networking.k8s.io} Gateway, ListenerSet, HTTPRoute, GRPCRoute, TCPRoute, TLSRoute
 * and ReferenceGrant, {@code gateway.networking.x-k8s.io/v1alpha1} XListenerSet (translated into the model by
 * {@link GatewayApiTranslator}); {@code wirespeed.dev/v1} RouteTable;
 * {@code kind: List} as {@code kubectl get -o yaml} prints it) into the resolved {@link RoutingModel},
 * collecting every error and warning with file, line, column and field path.
 *
 * <p>Not thread-safe; one instance per load is cheapest to reason about but an instance may be reused.
 * See {@code docs/config.md} for the kinds, fields and rules.
 */
public final class ConfigLoader
{
    /** Versions of {@code networking.istio.io} accepted. */
    public static final Set<String> ISTIO_VERSIONS = Set.of("v1", "v1beta1", "v1alpha3");

    static final String VIRTUAL_SERVICE = "VirtualService";
    static final String DESTINATION_RULE = "DestinationRule";
    static final String GATEWAY = "Gateway";
    static final String SERVICE_ENTRY = "ServiceEntry";
    static final String WORKLOAD_ENTRY = "WorkloadEntry";
    static final String AUTHORIZATION_POLICY = AuthorizationPolicyBinder.KIND;
    static final String SERVICE = "Service";
    static final String POD = "Pod";
    static final String ROUTE_TABLE = "RouteTable";
    static final String SIDECAR = "Sidecar";
    static final String CONFIG_MAP = "ConfigMap";
    /** The ConfigMap Istio reads its mesh config from. */
    static final String MESH_CONFIG_MAP = "istio";
    /** The Gateway API's Gateway, told apart from Istio's by its group. */
    static final String K8S_GATEWAY = "Gateway.gateway.networking.k8s.io";
    static final String HTTP_ROUTE = "HTTPRoute";
    static final String GRPC_ROUTE = "GRPCRoute";
    static final String TCP_ROUTE = "TCPRoute";
    static final String TLS_ROUTE = "TLSRoute";
    static final String REFERENCE_GRANT = "ReferenceGrant";
    static final String NAMESPACE = "Namespace";
    static final String ENDPOINT_SLICE = "EndpointSlice";
    static final String ENDPOINTS = "Endpoints";
    static final String NODE = "Node";

    /** Kinds in the order summaries print them ({@code ConfigMap} counts only the {@code istio} mesh config). */
    public static final List<String> KINDS = List.of(VIRTUAL_SERVICE, DESTINATION_RULE, GATEWAY, SERVICE_ENTRY,
            WORKLOAD_ENTRY, SIDECAR, SERVICE, POD, ROUTE_TABLE, CONFIG_MAP, K8S_GATEWAY, HTTP_ROUTE, GRPC_ROUTE,
            TCP_ROUTE, TLS_ROUTE, REFERENCE_GRANT, GatewayApiBinder.LISTENER_SET, NAMESPACE, ENDPOINT_SLICE, ENDPOINTS,
            NODE, PeerAuthenticationBinder.KIND, AuthorizationPolicyBinder.KIND, RequestAuthenticationBinder.KIND);

    private static final String[] OBJECT_META = {"name", "namespace", "labels", "annotations", "uid",
        "resourceVersion", "creationTimestamp", "generation", "managedFields", "generateName", "selfLink",
        "ownerReferences", "finalizers", "deletionTimestamp", "deletionGracePeriodSeconds"};
    private static final Map<String, String[]> SPEC_FIELDS = Map.of(
            VIRTUAL_SERVICE, new String[] {"hosts", "gateways", "http", "tls", "tcp", "exportTo"},
            DESTINATION_RULE, new String[] {"host", "trafficPolicy", "subsets", "exportTo", "workloadSelector"},
            GATEWAY, new String[] {"selector", "servers"},
            SERVICE_ENTRY, new String[] {"hosts", "addresses", "ports", "location", "resolution", "endpoints",
                "workloadSelector", "exportTo", "subjectAltNames"},
            WORKLOAD_ENTRY, new String[] {"address", "ports", "labels", "network", "locality", "weight",
                "serviceAccount"},
            SIDECAR, new String[] {"workloadSelector", "ingress", "egress", "outboundTrafficPolicy",
                "inboundConnectionPool"},
            ROUTE_TABLE, new String[] {"routes", "routesFile", "localAddresses"},
            PeerAuthenticationBinder.KIND, PeerAuthenticationBinder.SPEC_FIELDS,
            AuthorizationPolicyBinder.KIND, AuthorizationPolicyBinder.SPEC_FIELDS,
            RequestAuthenticationBinder.KIND, RequestAuthenticationBinder.SPEC_FIELDS);

    /** Largest YAML file read, bytes (64 MiB); bigger route tables belong in a {@code routesFile}. */
    public static final int MAX_FILE_BYTES = YamlDocumentReader.CODE_POINT_LIMIT;

    private final YamlDocumentReader reader = new YamlDocumentReader();

    /**
     * Loads files and directories (directories recursively: every {@code *.yaml} and {@code *.yml}, in
     * sorted path order), in the order given.
     *
     * @param paths files or directories.
     * @return the model and every diagnostic.
     */
    public LoadedConfig load(final List<Path> paths)
    {
        return load(paths, Map.of());
    }

    /** @return {@link #load(List, LoadOptions)} with each remote cluster's files (id to files), no DNS answers. */
    public LoadedConfig load(final List<Path> paths, final Map<String, List<Path>> clusters)
    {
        return load(paths, LoadOptions.NONE.withClusters(clusters));
    }

    /** @return the model and every diagnostic of the config cluster's files, then each remote cluster's
     *          ({@link ClusterRegistries}), with the DNS answers for gateway host names ({@link GatewayNameReader}). */
    public LoadedConfig load(final List<Path> paths, final LoadOptions options)
    {
        final Load load = new Load();
        load.remotes.names = load.registry.networks.names = GatewayNameReader.read(options, load.diags);
        load.requestAuthn.options(options);
        loadPaths(load, paths);
        options.clusters().forEach((id, p) -> load.remotes.reading(id, () -> loadPaths(load, p)));
        return load.finish();
    }

    private void loadPaths(final Load load, final List<Path> paths)
    {
        for (final Path p : paths)
        {
            if (Files.isDirectory(p))
            {
                loadDirectory(load, p);
            }
            else if (Files.isRegularFile(p))
            {
                loadFile(load, p);
            }
            else if (Files.exists(p))
            {
                load.diags.error(new SourceRef(p.toString(), 0, 0, ""),
                        "not a regular file (a FIFO, device or socket is never read as config)");
            }
            else if (Files.isSymbolicLink(p))
            {
                load.diags.error(new SourceRef(p.toString(), 0, 0, ""), brokenLink(p));
            }
            else
            {
                load.diags.error(new SourceRef(p.toString(), 0, 0, ""), "no such file or directory");
            }
        }
    }

    private void loadDirectory(final Load load, final Path dir)
    {
        final List<Path> files = new ArrayList<>();
        int yamlNamed = 0;
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path f : (Iterable<Path>)walk::iterator)
            {
                if (!isYaml(f) || Files.isDirectory(f))
                {
                    continue;
                }
                yamlNamed++;
                if (Files.isRegularFile(f))
                {
                    files.add(f);
                }
                else if (Files.isSymbolicLink(f) && !Files.exists(f))
                {
                    load.files.add(f.toString());
                    load.diags.error(new SourceRef(f.toString(), 0, 0, ""), brokenLink(f));
                }
                else
                {
                    load.files.add(f.toString());
                    load.diags.error(new SourceRef(f.toString(), 0, 0, ""),
                            "not a regular file (a FIFO, device or socket is never read as config)");
                }
            }
        }
        catch (final IOException | UncheckedIOException e)
        {
            load.diags.error(new SourceRef(dir.toString(), 0, 0, ""), "cannot read directory: " + e.getMessage());
        }
        files.sort(null);
        if (yamlNamed == 0)
        {
            load.diags.warning(new SourceRef(dir.toString(), 0, 0, ""), "no *.yaml or *.yml files here");
        }
        for (final Path f : files)
        {
            loadFile(load, f);
        }
    }

    /** @return why a symbolic link that leads nowhere cannot be read: dangling, or a loop. */
    private static String brokenLink(final Path link)
    {
        try
        {
            link.toRealPath();
            return "cannot read this symbolic link";
        }
        catch (final java.nio.file.FileSystemException e)
        {
            if (e.getReason() != null && e.getReason().toLowerCase(Locale.ROOT).contains("too many levels"))
            {
                return "symbolic link loop (it leads back to itself)";
            }
            String target;
            try
            {
                target = Files.readSymbolicLink(link).toString();
            }
            catch (final IOException ex)
            {
                target = "?";
            }
            return "dangling symbolic link: its target " + target + " does not exist";
        }
        catch (final IOException e)
        {
            return "cannot read this symbolic link: " + e.getMessage();
        }
    }

    /**
     * Loads in-memory YAML (tests, the embedding API). A {@code routesFile} in a RouteTable is resolved
     * against the working directory.
     * @param documents name (used in positions) to YAML text, loaded in the map's iteration order.
     * @return the model and every diagnostic.
     */
    public LoadedConfig loadStrings(final Map<String, String> documents)
    {
        return loadStrings(documents, Map.of());
    }

    /** @return {@link #loadStrings(Map)} of the config cluster, then of each remote cluster (id to documents). */
    public LoadedConfig loadStrings(final Map<String, String> documents,
            final Map<String, Map<String, String>> clusters)
    {
        final Load load = new Load();
        loadTexts(load, documents);
        clusters.forEach((id, d) -> load.remotes.reading(id, () -> loadTexts(load, d)));
        return load.finish();
    }

    private void loadTexts(final Load load, final Map<String, String> documents)
    {
        for (final Map.Entry<String, String> e : documents.entrySet())
        {
            load.files.add(e.getKey());
            load.texts.put(e.getKey(), e.getValue());
            loadText(load, e.getKey(), new StringReader(e.getValue()), null);
        }
    }

    /** @return {@link #loadStrings(Map)} of one text {@code yaml}, named {@code name} in positions. */
    public LoadedConfig loadString(final String name, final String yaml)
    {
        return loadStrings(Map.of(name, yaml));
    }

    private static boolean isYaml(final Path f)
    {
        final String n = f.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private void loadFile(final Load load, final Path file)
    {
        load.files.add(file.toString());
        load.paths.put(file.toString(), file);
        final byte[] bytes;
        try
        {
            bytes = readBounded(file, MAX_FILE_BYTES);
        }
        catch (final IOException e)
        {
            load.diags.error(new SourceRef(file.toString(), 0, 0, ""), "cannot read: " + e.getMessage());
            return;
        }
        if (bytes == null)
        {
            load.diags.error(new SourceRef(file.toString(), 1, 1, ""), "YAML file is larger than the limit of "
                    + MAX_FILE_BYTES + " bytes (put big route tables in a RouteTable routesFile)");
            return;
        }
        final String text = decodeUtf8(file.toString(), bytes, load.diags);
        if (text != null)
        {
            loadText(load, file.toString(), new StringReader(text), file.toAbsolutePath().getParent());
        }
    }

    /** Reads a whole file, refusing to read more than {@code limit} (it may grow): null when it is larger. */
    static byte[] readBounded(final Path file, final int limit) throws IOException
    {
        if (Files.size(file) > limit)
        {
            return null;
        }
        try (InputStream in = Files.newInputStream(file))
        {
            final byte[] bytes = in.readNBytes(limit);
            return in.read() < 0 ? bytes : null;
        }
    }

    /**
     * Decodes UTF-8 strictly: an invalid byte is one error at its line and column (YAML must be UTF-8), and the
     * file is not loaded. A leading byte-order mark is dropped.
     *
     * @return the text, or null when it is not UTF-8 (reported).
     */
    static String decodeUtf8(final String name, final byte[] bytes, final Diagnostics diags)
    {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate(bytes.length);
        final CoderResult result = decoder.decode(in, out, true);
        if (result.isError())
        {
            final int offset = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++)
            {
                if (bytes[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }
            final String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
            final int column = before.codePointCount(0, before.length()) + 1;
            diags.error(new SourceRef(name, line, column, ""), String.format(Locale.ROOT,
                    "not valid UTF-8 (byte 0x%02x at offset %d): YAML files must be UTF-8", bytes[offset] & 0xff,
                    offset));
            return null;
        }
        decoder.flush(out);
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == '\uFEFF')
        {
            out.position(1);
        }
        return out.toString();
    }

    private void loadText(final Load load, final String name, final Reader text, final Path folder)
    {
        for (final YamlNode doc : reader.read(name, text, load.diags))
        {
            load.document(doc, folder);
        }
    }

    /** The state of one load. */
    private final class Load
    {
        final Diagnostics diags = new Diagnostics();
        final Map<String, String> texts = new HashMap<>();
        final Map<String, Path> paths = new HashMap<>();
        final MeshConfigBinder meshBinder = new MeshConfigBinder(diags, reader, this::lines);
        final List<SidecarSpec> sidecars = new ArrayList<>();
        MeshConfig mesh;
        SourceRef meshSource;
        final References refs = new References();
        final IstioBinder istio = new IstioBinder(diags, refs);
        final RegistryBinder registry = new RegistryBinder(diags);
        final ClusterRegistries remotes = new ClusterRegistries(diags);
        final ClientProxyBinder proxies = new ClientProxyBinder(diags, meshBinder);
        final RouteTableBinder routeTables = new RouteTableBinder(diags);
        final GatewayApiBinder gatewayApi = new GatewayApiBinder(diags);
        final EndpointSliceBinder slices = new EndpointSliceBinder(diags);
        final BackendPolicyBinder backendPolicies = new BackendPolicyBinder(diags);
        final PeerAuthenticationBinder peerAuthn = new PeerAuthenticationBinder(diags);
        final RequestAuthenticationBinder requestAuthn = new RequestAuthenticationBinder(diags);
        final List<dev.wirespeed.control.model.PeerAuthentication> peerAuthentications = new ArrayList<>();
        final AuthorizationPolicyBinder authz = new AuthorizationPolicyBinder(diags);
        final List<VirtualService> virtualServices = new ArrayList<>();
        final List<DestinationRule> destinationRules = new ArrayList<>();
        /** Indexes of the VirtualServices and DestinationRules that write no exportTo (the mesh's default applies). */
        final java.util.Set<Integer> vsWithoutExportTo = new java.util.HashSet<>();
        final java.util.Set<Integer> drWithoutExportTo = new java.util.HashSet<>();
        final List<GatewaySpec> gateways = new ArrayList<>();
        final List<RouteTableSpec> tables = new ArrayList<>();
        final Map<String, SourceRef> names = new HashMap<>();
        final Map<String, Integer> counts = new LinkedHashMap<>();
        final List<String> files = new ArrayList<>();

        Load()
        {
            for (final String k : KINDS)
            {
                counts.put(k, 0);
            }
        }

        /** The lines of a loaded file (read again: only a mesh ConfigMap needs them). */
        List<String> lines(final String file)
        {
            final String text = texts.get(file);
            if (text != null)
            {
                return text.lines().toList();
            }
            final Path p = paths.get(file);
            try
            {
                return p == null ? List.of() : Files.readAllLines(p, StandardCharsets.UTF_8);
            }
            catch (final IOException | UncheckedIOException e)
            {
                return List.of();
            }
        }

        void document(final YamlNode root, final Path folder)
        {
            if (!root.isMap())
            {
                diags.error(root, "expected a Kubernetes object (a mapping with apiVersion and kind), got "
                        + root.describe());
                return;
            }
            final String kind = FieldReader.asString(root.get("kind"), diags);
            final String apiVersion = FieldReader.asString(root.get("apiVersion"), diags);
            if (kind == null || apiVersion == null)
            {
                diags.error(root, "missing " + (kind == null ? "\"kind\"" : "\"apiVersion\"")
                        + ": not a Kubernetes object");
                return;
            }
            if (kind.equals("List") && apiVersion.equals("v1"))
            {
                final FieldReader list = FieldReader.of(root, diags, ERROR, "apiVersion", "kind", "items", "metadata");
                for (final YamlNode item : list.list("items"))
                {
                    document(item, folder);
                }
                return;
            }
            final int slash = apiVersion.indexOf('/');
            final String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            final String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
            final boolean known;
            String kindKey = kind;
            switch (group)
            {
                case GatewayApi.GROUP: case GatewayApi.X_GROUP:
                    known = GatewayApiBinder.handles(group, kind);
                    if (known && !gatewayApiVersion(root, group, kind, version))
                    {
                        return;
                    }
                    kindKey = kind.equals(GATEWAY) ? K8S_GATEWAY : kind;
                    break;
                case "discovery.k8s.io":
                    known = kind.equals(ENDPOINT_SLICE) && version.equals("v1");
                    break;
                case "networking.istio.io":
                    known = kind.equals(VIRTUAL_SERVICE) || kind.equals(DESTINATION_RULE) || kind.equals(GATEWAY)
                            || kind.equals(SERVICE_ENTRY) || kind.equals(WORKLOAD_ENTRY) || kind.equals(SIDECAR);
                    if (known && !ISTIO_VERSIONS.contains(version))
                    {
                        diags.error(root.get("apiVersion"), "unsupported apiVersion \"" + apiVersion
                                + "\" for " + kind + " (expected networking.istio.io/v1, v1beta1 or v1alpha3)");
                        return;
                    }
                    break;
                case "":
                    known = version.equals("v1") && (kind.equals(SERVICE) || kind.equals(POD) || kind.equals(NAMESPACE)
                            || kind.equals(ENDPOINTS) || kind.equals(NODE)
                            || kind.equals(CONFIG_MAP) && isMeshConfigMap(root));
                    break;
                case PeerAuthenticationBinder.GROUP:
                    known = RequestAuthenticationBinder.handles(kind) || kind.equals(AuthorizationPolicyBinder.KIND);
                    if (known && !PeerAuthenticationBinder.VERSIONS.contains(version))
                    {
                        diags.error(root.get("apiVersion"), "unsupported apiVersion \"" + apiVersion
                                + "\" for " + kind + " (expected security.istio.io/v1 or v1beta1)");
                        return;
                    }
                    break;
                case "wirespeed.dev":
                    known = kind.equals(ROUTE_TABLE);
                    if (known && !version.equals("v1"))
                    {
                        diags.error(root.get("apiVersion"), "unsupported apiVersion \"" + apiVersion
                                + "\" for RouteTable (expected wirespeed.dev/v1)");
                        return;
                    }
                    break;
                default:
                    known = false;
                    break;
            }
            if (!known)
            {
                diags.warning(root, "skipping unsupported kind " + kind + " (apiVersion " + apiVersion + ")");
                return;
            }
            if (remotes.skips(root, kindKey, kind))
            {
                return;
            }
            bind(root, kindKey, folder);
        }

        /** @return whether a Gateway API kind's version is served (reported when not). */
        private boolean gatewayApiVersion(final YamlNode root, final String group, final String kind,
                final String version)
        {
            final String expected = GatewayApiBinder.expectedVersion(group, kind, version);
            if (expected != null)
            {
                diags.error(root.get("apiVersion"), "unsupported apiVersion \"" + group + "/" + version + "\" for "
                        + kind + " (expected " + expected + ")");
            }
            return expected == null;
        }

        private void meshConfig(final FieldReader envelope, final SourceRef src)
        {
            if (meshSource != null)
            {
                diags.error(src, "a second mesh config (ConfigMap istio; the first is at " + meshSource.location()
                        + ")");
                return;
            }
            meshSource = src;
            mesh = meshBinder.configMap(envelope.object("data", IGNORE));
        }

        private boolean isMeshConfigMap(final YamlNode root)
        {
            final YamlNode meta = root.get("metadata");
            final YamlNode name = meta == null || !meta.isMap() ? null : meta.get("name");
            return name != null && name.isScalar() && MESH_CONFIG_MAP.equals(name.text());
        }

        private void bind(final YamlNode root, final String kind, final Path folder)
        {
            final FieldReader envelope = kind.equals(CONFIG_MAP)
                    ? FieldReader.of(root, diags, ERROR, "apiVersion", "kind", "metadata", "data", "binaryData",
                            "immutable")
                    : FieldReader.of(root, diags, ERROR, EndpointSliceBinder.envelopeFields(kind));
            if (!envelope.has("metadata"))
            {
                envelope.missing("metadata");
            }
            final FieldReader meta = envelope.object("metadata", ERROR, OBJECT_META);
            final String name = meta.present() ? meta.requiredString("name") : null;
            String ns = meta.string("namespace");
            if (ns == null || ns.isEmpty())
            {
                ns = Names.DEFAULT_NAMESPACE;
            }
            final Map<String, String> labels = meta.stringMap("labels");
            final String created = meta.string("creationTimestamp");
            FieldReader.of(meta.field("annotations"), diags, IGNORE);
            if (noName(meta, name))
            {
                return;
            }
            final SourceRef src = Diagnostics.ref(root);
            final SourceRef first = names.putIfAbsent(kind + "/" + ns + "/" + name + remotes.inCluster(), src);
            if (first != null)
            {
                diags.error(meta.field("name"), "duplicate " + kind + " " + ns + "/" + name + remotes.inCluster()
                        + " (first defined at " + first.location() + ")");
                return;
            }
            final YamlNode specNode = envelope.field("spec");
            final String[] specFields = SPEC_FIELDS.get(kind);
            final FieldReader spec = specFields == null ? null : FieldReader.of(specNode, diags, ERROR, specFields);
            if (specNode == null && specRequired(kind, specFields))
            {
                envelope.missing("spec");
                return;
            }
            switch (kind)
            {
                case VIRTUAL_SERVICE:
                    noteMissingExportTo(spec, vsWithoutExportTo, virtualServices.size());
                    virtualServices.add(istio.virtualService(spec, ns, name, src));
                    break;
                case DESTINATION_RULE:
                    noteMissingExportTo(spec, drWithoutExportTo, destinationRules.size());
                    destinationRules.add(istio.destinationRule(spec, ns, name, src, created));
                    break;
                case GATEWAY:
                    gateways.add(istio.gateway(spec, ns, name, src));
                    break;
                case SERVICE_ENTRY:
                    registry.serviceEntry(spec, ns, name, src, istio, meta, envelope.field("status"), labels);
                    break;
                case WORKLOAD_ENTRY:
                    registry.workloadEntry(spec, ns, name);
                    break;
                case SERVICE:
                    remotes.registry(registry).service(specNode, envelope.field("status"), ns, name, src,
                            meta.field("annotations"), labels);
                    break;
                case POD: case NODE:
                    podOrNode(kind.equals(NODE), specNode, envelope.field("status"), meta, ns, name, labels);
                    break;
                case SIDECAR:
                    sidecars.add(meshBinder.sidecar(spec, ns, name, src));
                    break;
                case CONFIG_MAP:
                    meshConfig(envelope, src);
                    break;
                case K8S_GATEWAY:
                    k8sGateway(specNode, ns, name, labels, meta.stringMap("annotations"), src);
                    break;
                case HTTP_ROUTE: case GRPC_ROUTE: case TCP_ROUTE: case TLS_ROUTE:
                case GatewayApiBinder.LISTENER_SET: case GatewayApiBinder.X_LISTENER_SET:
                case BackendPolicyBinder.TLS_POLICY: case BackendPolicyBinder.X_TRAFFIC_POLICY:
                    gatewayApiDocument(kind, specNode, ns, name, created, meta.field("annotations"), src);
                    break;
                case REFERENCE_GRANT:
                    gatewayApi.referenceGrant(specNode, ns);
                    break;
                case NAMESPACE:
                    namespace(name, labels, meta.field("annotations"));
                    break;
                case ENDPOINT_SLICE:
                    remotes.slices(slices).endpointSlice(root, ns, name, labels);
                    break;
                case ENDPOINTS:
                    remotes.slices(slices).endpoints(root, ns, name);
                    break;
                case PeerAuthenticationBinder.KIND: case RequestAuthenticationBinder.KIND: case AUTHORIZATION_POLICY:
                    security(kind, spec, ns, name, created, meta.field("annotations"), src);
                    break;
                default:
                    tables.add(routeTables.bind(spec, ns, name, folder, src));
                    break;
            }
            counts.merge(kind, 1, Integer::sum);
        }

        /** A PeerAuthentication, RequestAuthentication or AuthorizationPolicy. */
        private void security(final String kind, final FieldReader spec, final String ns, final String name,
                final String created, final YamlNode annotations, final SourceRef src)
        {
            if (kind.equals(AuthorizationPolicyBinder.KIND))
            {
                authz.policy(spec, ns, name, annotations, src);
                return;
            }
            requestAuthn.bind(kind, spec, ns, name, created, src, peerAuthn, peerAuthentications);
        }

        /** A Gateway API route, ListenerSet or backend policy. */
        private void gatewayApiDocument(final String kind, final YamlNode specNode, final String ns, final String name,
                final String created, final YamlNode annotations, final SourceRef src)
        {
            if (kind.equals(BackendPolicyBinder.TLS_POLICY) || kind.equals(BackendPolicyBinder.X_TRAFFIC_POLICY))
            {
                backendPolicies.bind(kind, specNode, ns, name, created, annotations, src);
                return;
            }
            gatewayApi.routeOrListenerSet(kind, specNode, ns, name, created, src);
        }

        /** Whether a kind's document must have a {@code spec} (a Sidecar's or PeerAuthentication's may be empty). */
        private boolean specRequired(final String kind, final String[] specFields)
        {
            return (specFields != null || GatewayApiBinder.KINDS.contains(kind) || kind.equals(K8S_GATEWAY)
                    || kind.equals(GatewayApiBinder.X_LISTENER_SET))
                    && !kind.equals(ROUTE_TABLE) && !kind.equals(SIDECAR)
                    && !RequestAuthenticationBinder.handles(kind) && !kind.equals(AuthorizationPolicyBinder.KIND);
        }

        /** @return whether {@code metadata.name} is missing (reported by the reader) or empty (reported here). */
        /** A Pod (the registry's, and its proxy's view: {@link ClientProxyBinder}) or a Node. */
        private void podOrNode(final boolean node, final YamlNode specNode, final YamlNode statusNode,
                final FieldReader meta, final String ns, final String name, final Map<String, String> labels)
        {
            remotes.registry(registry).podOrNode(node, specNode, statusNode, ns, name, labels);
            if (!node)
            {
                proxies.pod(specNode, statusNode, meta.field("annotations"), ns, name, remotes.cluster());
                authz.pod(specNode, statusNode, ns, name, labels, remotes.remote());
            }
        }

        private boolean noName(final FieldReader meta, final String name)
        {
            if (name != null && name.isEmpty())
            {
                diags.error(meta.field("name"), "metadata.name must not be empty");
            }
            return name == null || name.isEmpty();
        }

        /** A Gateway API Gateway: a gateway of its own, and a network gateway when labelled with a network. */
        private void k8sGateway(final YamlNode specNode, final String ns, final String name,
                final Map<String, String> labels, final Map<String, String> annotations, final SourceRef src)
        {
            gatewayApi.gateway(specNode, ns, name, src);
            registry.networks.gatewayResource(specNode, ns, name, labels, annotations, src);
        }

        /**
         * A Namespace: its labels select Gateway API routes, the system namespace's names the network, and its
         * traffic-distribution annotation applies to its services without one.
         */
        private void namespace(final String name, final Map<String, String> labels, final YamlNode annotations)
        {
            remotes.inConfigCluster(() -> gatewayApi.namespace(name, labels)); // a remote's selects no route
            remotes.registry(registry).networks.namespace(name, labels);
            remotes.registry(registry).distributions.namespace(name, annotations);
        }

        private void noteMissingExportTo(final FieldReader spec, final java.util.Set<Integer> into, final int index)
        {
            if (!spec.has("exportTo"))
            {
                into.add(index);
            }
        }

        LoadedConfig finish()
        {
            ExportToDefaults.apply(meshBinder.defaultVirtualServiceExportTo, virtualServices, vsWithoutExportTo,
                    meshBinder.defaultDestinationRuleExportTo, destinationRules, drWithoutExportTo);
            registry.defaultExportTo = meshBinder.defaultServiceExportTo;
            final MeshConfig meshRead = mesh == null ? MeshConfig.DEFAULT : mesh;
            registry.networks.meshNetworks = meshRead.networks();
            final var remoteGateways = new ArrayList<dev.wirespeed.control.model.MeshNetworks.Gateway>();
            final Map<String, List<RegistryService.Endpoint>> clusterLocal = new LinkedHashMap<>();
            final List<RegistryService> services = remotes.merge(registry.resolve(slices), registry.serviceCount(),
                    meshRead.networks(),
                    meshBinder.defaultServiceExportTo, meshBinder.serviceSettings, remoteGateways, clusterLocal);
            destinationRules.addAll(backendPolicies.destinationRules(services, registry.serviceEntryHosts(),
                    meshBinder.defaultDestinationRuleExportTo));
            final MeshConfig meshModel = meshRead.withNetworks(proxies.resolve(registry.networks.resolve(
                    meshSource == null ? SourceRef.NONE : meshSource, remoteGateways), remotes::systemNetwork,
                    new ClientProxyBinder.Registry(services, clusterLocal, remotes.addresses(), registry.auto)));
            final GatewayApiTranslator gatewayApiModel = new GatewayApiTranslator(diags, gatewayApi, services,
                    registry.serviceEntryHosts());
            final List<VirtualService> allVirtualServices = new ArrayList<>(virtualServices);
            allVirtualServices.addAll(gatewayApiModel.virtualServices());
            final List<GatewaySpec> allGateways = new ArrayList<>(gateways);
            allGateways.addAll(gatewayApiModel.gateways(gateways));
            final List<GatewaySpec> apiGateways = allGateways.subList(gateways.size(), allGateways.size());
            final RoutingModel model = new RoutingModel(List.copyOf(allVirtualServices),
                    List.copyOf(destinationRules), services, List.copyOf(allGateways), List.copyOf(tables),
                    meshModel, List.copyOf(sidecars), List.copyOf(peerAuthentications),
                    authz.authorization(meshBinder.trustDomain, apiGateways), requestAuthn.model(apiGateways));
            new ReferenceChecker(diags, model).check(refs);
            // Report like a compiler: by file (load order), then line and column; stable otherwise.
            final Map<String, Integer> fileOrder = new HashMap<>();
            for (final String f : files)
            {
                fileOrder.putIfAbsent(f, fileOrder.size());
            }
            final List<Diagnostic> sorted = new ArrayList<>(diags.list());
            sorted.sort(Comparator
                    .comparingInt((Diagnostic d) -> fileOrder.getOrDefault(d.where().file(), -1))
                    .thenComparingInt(d -> d.where().line())
                    .thenComparingInt(d -> d.where().column()));
            return new LoadedConfig(model, List.copyOf(sorted), Collections.unmodifiableMap(counts),
                    List.copyOf(files));
        }
    }
}
