package dev.wirespeed.control.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.WARN;

/**
 * Binds the endpoint kinds of Kubernetes as {@code kubectl get endpointslices -o yaml} and
 * {@code kubectl get endpoints -o yaml} print them: {@code discovery.k8s.io/v1} EndpointSlice (the service
 * it belongs to in the {@code kubernetes.io/service-name} label) and the older core {@code v1} Endpoints
 * (named like its Service). When a Service has EndpointSlices, they are its endpoints (as in Istio); else
 * its Endpoints object; else the Pods its selector picks. An endpoint takes the labels of the Pod its
 * {@code targetRef} names, when that Pod is loaded (subsets select on them).
 */
final class EndpointSliceBinder
{
    /** The label of an EndpointSlice that names its Service. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private static final String[] ENVELOPE = {"apiVersion", "kind", "metadata", "spec", "status"};
    private static final String[] SLICE_ENVELOPE = {"apiVersion", "kind", "metadata", "addressType", "endpoints",
        "ports"};
    private static final String[] ENDPOINTS_ENVELOPE = {"apiVersion", "kind", "metadata", "subsets"};

    /**
     * One endpoint address of a Service.
     *
     * @param address the IP address (or FQDN for an FQDN slice).
     * @param pod     the Pod its {@code targetRef} names, or {@code null}.
     * @param ready   whether it takes traffic ({@code conditions.ready}, unknown counts as ready; an
     *                Endpoints address under {@code notReadyAddresses} is not ready).
     * @param ports   port name to port number.
     */
    record SliceEndpoint(String address, String pod, boolean ready, Map<String, Integer> ports)
    {
    }

    private final Diagnostics diags;
    private final Map<String, List<SliceEndpoint>> bySlices = new LinkedHashMap<>();
    private final Map<String, List<SliceEndpoint>> byEndpoints = new LinkedHashMap<>();

    EndpointSliceBinder(final Diagnostics diags)
    {
        this.diags = diags;
    }

    /**
     * @param kind a kind being bound.
     * @return the top-level fields its documents may have (EndpointSlice and Endpoints have no spec).
     */
    static String[] envelopeFields(final String kind)
    {
        if (kind.equals(ConfigLoader.ENDPOINT_SLICE))
        {
            return SLICE_ENVELOPE;
        }
        return kind.equals(ConfigLoader.ENDPOINTS) ? ENDPOINTS_ENVELOPE : ENVELOPE;
    }

    /**
     * @param ns      a Service's namespace.
     * @param service its name.
     * @return its endpoints from EndpointSlices, else from Endpoints, else {@code null}.
     */
    List<SliceEndpoint> endpointsOf(final String ns, final String service)
    {
        final List<SliceEndpoint> s = bySlices.get(ns + "/" + service);
        return s != null ? s : byEndpoints.get(ns + "/" + service);
    }

    void endpointSlice(final YamlNode root, final String ns, final String name, final Map<String, String> labels)
    {
        final FieldReader r = FieldReader.of(root, diags, WARN, SLICE_ENVELOPE);
        final String service = labels.get(SERVICE_NAME_LABEL);
        if (service == null)
        {
            diags.warning(root, "EndpointSlice " + ns + "/" + name + " has no " + SERVICE_NAME_LABEL
                    + " label; it belongs to no Service and is ignored");
        }
        final String type = r.requiredString("addressType");
        if (type != null && !List.of("IPv4", "IPv6", "FQDN").contains(type))
        {
            diags.error(r.field("addressType"), "expected IPv4, IPv6 or FQDN, got \"" + type + "\"");
        }
        final Map<String, Integer> ports = ports(r.list("ports"));
        final List<SliceEndpoint> out = bySlices.computeIfAbsent(ns + "/" + (service == null ? "" : service),
                k -> new ArrayList<>());
        for (final YamlNode e : r.list("endpoints"))
        {
            final FieldReader er = FieldReader.of(e, diags, WARN, "addresses", "conditions", "hostname", "nodeName",
                    "targetRef", "zone", "hints", "deprecatedTopology");
            if (!er.present())
            {
                continue;
            }
            final FieldReader c = er.object("conditions", WARN, "ready", "serving", "terminating");
            final boolean ready = c.bool("ready", true);
            c.bool("serving", true);
            c.bool("terminating", false);
            final String pod = pod(er.object("targetRef", WARN, "kind", "name", "namespace", "uid", "apiVersion",
                    "resourceVersion", "fieldPath"));
            final List<YamlNode> addresses = er.list("addresses");
            if (addresses.isEmpty())
            {
                diags.error(er.refOf("addresses"), "an endpoint must have at least one address");
            }
            for (final YamlNode a : addresses)
            {
                final String address = FieldReader.asString(a, diags);
                if (address != null && !"FQDN".equals(type) && !Names.isIpLiteral(address))
                {
                    diags.error(a, "\"" + address + "\" is not an IP address (addressType " + type + ")");
                }
                else if (address != null)
                {
                    out.add(new SliceEndpoint(address, pod, ready, ports));
                }
                // Kubernetes uses the first address only (the others are for a future use).
                break;
            }
        }
    }

    void endpoints(final YamlNode root, final String ns, final String name)
    {
        final FieldReader r = FieldReader.of(root, diags, WARN, ENDPOINTS_ENVELOPE);
        final List<SliceEndpoint> out = byEndpoints.computeIfAbsent(ns + "/" + name, k -> new ArrayList<>());
        for (final YamlNode s : r.list("subsets"))
        {
            final FieldReader sr = FieldReader.of(s, diags, WARN, "addresses", "notReadyAddresses", "ports");
            final Map<String, Integer> ports = ports(sr.list("ports"));
            for (final String field : new String[] {"addresses", "notReadyAddresses"})
            {
                for (final YamlNode a : sr.list(field))
                {
                    final FieldReader ar = FieldReader.of(a, diags, WARN, "ip", "hostname", "nodeName", "targetRef");
                    final String ip = ar.requiredString("ip");
                    if (ip != null && !Names.isIpLiteral(ip))
                    {
                        diags.error(ar.field("ip"), "\"" + ip + "\" is not an IP address");
                    }
                    else if (ip != null)
                    {
                        final String pod = pod(ar.object("targetRef", WARN, "kind", "name", "namespace", "uid",
                                "apiVersion", "resourceVersion", "fieldPath"));
                        out.add(new SliceEndpoint(ip, pod, field.equals("addresses"), ports));
                    }
                }
            }
        }
    }

    private Map<String, Integer> ports(final List<YamlNode> nodes)
    {
        final Map<String, Integer> out = new LinkedHashMap<>();
        for (final YamlNode p : nodes)
        {
            final FieldReader pr = FieldReader.of(p, diags, WARN, "name", "port", "protocol", "appProtocol");
            final int port = pr.integerIn("port", 1, 65535, 0);
            final String name = pr.string("name");
            pr.string("protocol");
            pr.string("appProtocol");
            if (port > 0)
            {
                out.put(name == null ? "" : name, port);
            }
        }
        return Map.copyOf(out);
    }

    private static String pod(final FieldReader ref)
    {
        return ref.present() && "Pod".equals(ref.string("kind")) ? ref.string("name") : null;
    }
}
