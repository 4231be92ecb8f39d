package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;
import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/** Binds and validates the {@code spec} of VirtualService, DestinationRule and Gateway documents. */
final class IstioBinder
{
    /** Istio's {@code ServerTLSSettings.TLSmode} values. */
    private static final List<String> TLS_MODES = List.of("PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH",
            "ISTIO_MUTUAL", "OPTIONAL_MUTUAL");

    private final Diagnostics diags;
    private final References refs;

    IstioBinder(final Diagnostics diags, final References refs)
    {
        this.diags = diags;
        this.refs = refs;
    }

    VirtualService virtualService(final FieldReader spec, final String ns, final String name, final SourceRef src)
    {
        final List<String> hosts = new ArrayList<>();
        // No hosts: a delegate VirtualService, only reachable through a root's http[].delegate
        final boolean delegate = !spec.has("hosts")
                || spec.field("hosts").isSeq() && spec.field("hosts").items().isEmpty();
        if (delegate)
        {
            for (final String notInDelegate : new String[] {"gateways", "tcp", "tls"})
            {
                if (spec.has(notInDelegate))
                {
                    diags.error(spec.field(notInDelegate), "delegate virtual service (no hosts) must have no "
                            + notInDelegate + " specified");
                }
            }
        }
        final List<String> gateways = new ArrayList<>();
        for (final String g : spec.stringList("gateways"))
        {
            gateways.add(Names.resolveGateway(g, ns));
        }
        refs.gateways(gateways, spec.field("gateways"));
        if (gateways.isEmpty())
        {
            gateways.add(Names.MESH);
        }
        final List<YamlNode> hostNodes = spec.list("hosts");
        final List<String> writtenHosts = new ArrayList<>();
        for (final YamlNode h : hostNodes)
        {
            final String host = FieldReader.asString(h, diags);
            if (host == null)
            {
                continue;
            }
            writtenHosts.add(host);
            if (checkHost(h, host, true) && host.equals("*") && gateways.contains(Names.MESH))
            {
                diags.error(h, "wildcard host * is not allowed for virtual services bound to the mesh gateway");
            }
            hosts.add(Names.resolveHost(host, ns));
        }
        final HttpRouteBinder routes = new HttpRouteBinder(diags, ns, refs, delegate);
        final List<HttpRoute> http = new ArrayList<>();
        for (final YamlNode r : spec.list("http"))
        {
            final HttpRoute route = routes.bind(r);
            if (route != null)
            {
                http.add(route);
            }
        }
        final List<TcpRoute> tcp = new ArrayList<>();
        for (final YamlNode r : spec.list("tcp"))
        {
            final TcpRoute route = tcpRoute(r, routes, ns);
            if (route != null)
            {
                tcp.add(route);
            }
        }
        final List<TlsRoute> tls = new ArrayList<>();
        for (final YamlNode r : spec.list("tls"))
        {
            final TlsRoute route = tlsRoute(r, routes, ns, writtenHosts);
            if (route != null)
            {
                tls.add(route);
            }
        }
        if (spec.present() && !spec.has("http") && !spec.has("tcp") && !spec.has("tls"))
        {
            diags.error(spec.node(), "VirtualService must have \"http\", \"tcp\" or \"tls\" routes");
        }
        return new VirtualService(ns, name, List.copyOf(hosts), List.copyOf(gateways), exportTo(spec, ns),
                List.copyOf(http), List.copyOf(tcp), List.copyOf(tls), src);
    }

    /** A {@code TLSRoute}, checked as Istio's {@code validateTLSRoute} checks it. */
    private TlsRoute tlsRoute(final YamlNode node, final HttpRouteBinder routes, final String ns,
            final List<String> writtenHosts)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "match", "route");
        if (!r.present())
        {
            return null;
        }
        if (r.list("match").isEmpty())
        {
            diags.error(r.has("match") ? r.field("match") : r.node(),
                    "TLS route must have at least one match condition");
        }
        final List<TlsRoute.TlsMatch> matches = new ArrayList<>();
        for (final YamlNode m : r.list("match"))
        {
            final FieldReader mr = FieldReader.of(m, diags, ERROR, "sniHosts", "destinationSubnets", "port",
                    "sourceLabels", "gateways", "sourceNamespace");
            if (!mr.present())
            {
                continue;
            }
            final List<String> sni = new ArrayList<>();
            for (final YamlNode h : mr.list("sniHosts"))
            {
                final String written = FieldReader.asString(h, diags);
                if (written == null)
                {
                    continue;
                }
                final String host = written.toLowerCase(java.util.Locale.ROOT);
                if (checkHost(h, host, true) && !sniWithinHosts(host, writtenHosts))
                {
                    diags.error(h, "SNI host \"" + written + "\" is not a compatible subset of any of the virtual "
                            + "service hosts: [" + String.join(", ", writtenHosts) + "]");
                }
                sni.add(host);
            }
            if (sni.isEmpty())
            {
                diags.error(mr.has("sniHosts") ? mr.field("sniHosts") : mr.node(),
                        "TLS match must have at least one SNI host");
            }
            final List<String> subnets = mr.stringList("destinationSubnets");
            for (int k = 0; k < subnets.size(); k++)
            {
                if (!Names.isIpOrCidr(subnets.get(k)))
                {
                    diags.error(mr.list("destinationSubnets").get(k), "invalid destinationSubnets entry \""
                            + subnets.get(k) + "\" (expected an IP address or CIDR)");
                }
            }
            final List<String> gateways = new ArrayList<>();
            for (final String g : mr.stringList("gateways"))
            {
                gateways.add(Names.resolveGateway(g, ns));
            }
            refs.gateways(gateways, mr.field("gateways"));
            matches.add(new TlsRoute.TlsMatch(List.copyOf(sni), subnets, mr.integerIn("port", 1, 65535, 0),
                    mr.stringMap("sourceLabels"), mr.string("sourceNamespace"), List.copyOf(gateways)));
        }
        if (!r.has("route"))
        {
            diags.error(r.refOf("route"), "TLS route is required: \"route\" with at least one destination");
        }
        final List<RouteDestination> dests = routes.destinations(r, "route", false);
        return new TlsRoute(List.copyOf(matches), dests, Diagnostics.ref(node));
    }

    /** Istio's {@code host.Name(sni).SubsetOf(host)} against the hosts as written: equal, or under a wildcard. */
    static boolean sniWithinHosts(final String sni, final List<String> writtenHosts)
    {
        for (final String written : writtenHosts)
        {
            final String h = written.toLowerCase(java.util.Locale.ROOT);
            if (h.equals("*") || h.equals(sni)
                    || h.startsWith("*.") && sni.endsWith(h.substring(1)) && sni.length() > h.length() - 1)
            {
                return true;
            }
        }
        return false;
    }

    private TcpRoute tcpRoute(final YamlNode node, final HttpRouteBinder routes, final String ns)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "match", "route");
        if (!r.present())
        {
            return null;
        }
        final List<TcpRoute.L4Match> matches = new ArrayList<>();
        for (final YamlNode m : r.list("match"))
        {
            final FieldReader mr = FieldReader.of(m, diags, ERROR, "destinationSubnets", "port", "sourceLabels",
                    "gateways", "sourceNamespace", "sourceSubnet");
            if (!mr.present())
            {
                continue;
            }
            if (mr.has("sourceSubnet"))
            {
                // in Istio's API (hidden from its docs) but read by no part of pilot: no filter chain matches on it
                mr.string("sourceSubnet");
                diags.warning(mr.field("sourceSubnet"), "sourceSubnet is ignored, as Istio ignores it: the match "
                        + "holds whatever the connection's source address");
            }
            final List<String> gateways = new ArrayList<>();
            for (final String g : mr.stringList("gateways"))
            {
                gateways.add(Names.resolveGateway(g, ns));
            }
            refs.gateways(gateways, mr.field("gateways"));
            matches.add(new TcpRoute.L4Match(mr.stringList("destinationSubnets"), mr.integerIn("port", 1, 65535, 0),
                    mr.stringMap("sourceLabels"), mr.string("sourceNamespace"), List.copyOf(gateways)));
        }
        if (!r.has("route"))
        {
            diags.error(r.refOf("route"), "TCP route must have \"route\" with at least one destination");
        }
        final List<RouteDestination> dests = routes.destinations(r, "route", false);
        return new TcpRoute(List.copyOf(matches), dests, Diagnostics.ref(node));
    }

    /**
     * @param spec a spec with {@code exportTo}.
     * @return it as written, checked ({@code *} and {@code ~} alone).
     */
    List<String> checkedExportTo(final FieldReader spec)
    {
        final List<String> raw = spec.stringList("exportTo");
        if (raw.contains("*") && raw.size() > 1)
        {
            diags.error(spec.field("exportTo"), "\"*\" cannot be combined with other exportTo entries");
        }
        if (raw.contains("~") && raw.size() > 1)
        {
            diags.error(spec.field("exportTo"), "\"~\" cannot be combined with other exportTo entries");
        }
        return raw;
    }

    private List<String> exportTo(final FieldReader spec, final String ns)
    {
        final List<String> raw = spec.stringList("exportTo");
        if (raw.contains("*") && raw.size() > 1)
        {
            diags.error(spec.field("exportTo"), "\"*\" cannot be combined with other exportTo entries");
        }
        if (raw.contains("~") && raw.size() > 1)
        {
            diags.error(spec.field("exportTo"), "\"~\" cannot be combined with other exportTo entries");
        }
        return Names.resolveExportTo(raw, ns);
    }

    /**
     * Host syntax: labels of letters, digits and {@code -}, an optional leading {@code *.} wildcard or
     * {@code *} alone.
     */
    boolean checkHost(final YamlNode at, final String host, final boolean allowWildcard)
    {
        final String h = host.startsWith("*.") && allowWildcard ? host.substring(2) : host;
        if (host.isEmpty())
        {
            diags.error(at, "host must not be empty");
            return false;
        }
        if (host.equals("*"))
        {
            if (!allowWildcard)
            {
                diags.error(at, "wildcard host * is not allowed here");
                return false;
            }
            return true;
        }
        for (int i = 0; i < h.length(); i++)
        {
            final char c = h.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == ':'))
            {
                diags.error(at, "invalid host \"" + host + "\": only a leading \"*.\" wildcard and the letters, "
                        + "digits, '-' and '.' of a DNS name are allowed");
                return false;
            }
        }
        return true;
    }

    DestinationRule destinationRule(final FieldReader spec, final String ns, final String name, final SourceRef src,
            final String created)
    {
        final String host = spec.requiredString("host");
        if (host != null)
        {
            checkHost(spec.field("host"), host, true);
        }
        final Map<String, String> selector = workloadSelector(spec, ns);
        final DestinationRule.TrafficPolicy policy = trafficPolicy(spec.field("trafficPolicy"));
        final List<DestinationRule.Subset> subsets = new ArrayList<>();
        final Map<String, YamlNode> seen = new HashMap<>();
        for (final YamlNode s : spec.list("subsets"))
        {
            final FieldReader sr = FieldReader.of(s, diags, ERROR, "name", "labels", "trafficPolicy");
            if (!sr.present())
            {
                continue;
            }
            final String subsetName = sr.requiredString("name");
            final Map<String, String> labels = sr.stringMap("labels");
            final DestinationRule.TrafficPolicy sp = trafficPolicy(sr.field("trafficPolicy"));
            if (subsetName == null)
            {
                continue;
            }
            if (subsetName.isEmpty())
            {
                diags.error(sr.field("name"), "subset name must not be empty");
                continue;
            }
            final YamlNode first = seen.putIfAbsent(subsetName, sr.field("name"));
            if (first != null)
            {
                diags.error(sr.field("name"), "duplicate subset name \"" + subsetName + "\" (first at line "
                        + first.line() + ", column " + first.column() + ")");
                continue;
            }
            subsets.add(new DestinationRule.Subset(subsetName, labels, sp));
        }
        return new DestinationRule(ns, name, host == null ? "" : Names.resolveHost(host, ns), policy,
                List.copyOf(subsets), exportTo(spec, ns), selector, src,
                List.copyOf(new java.util.LinkedHashSet<>(spec.stringList("exportTo"))),
                created == null ? "" : created);
    }

    /**
     * {@code workloadSelector.matchLabels}, checked as Istio does: no empty key, no {@code *}; without labels a
     * warning (and the rule applies to every client); {@code exportTo} beyond the rule's namespace an error.
     */
    private Map<String, String> workloadSelector(final FieldReader spec, final String ns)
    {
        final Map<String, String> labels = WorkloadSelectors.matchLabels(spec, "workloadSelector", diags,
                "the rule applies to every client");
        if (labels.isEmpty())
        {
            return Map.of();
        }
        final List<String> raw = spec.stringList("exportTo");
        final List<String> exportTo = Names.resolveExportTo(raw, ns);
        if (!raw.isEmpty() && !exportTo.contains(ns))
        {
            diags.error(spec.field("exportTo"),
                    "destination rule with workload selector cannot have exportTo beyond current namespace");
        }
        else if (exportTo.size() > 1)
        {
            diags.error(spec.field("exportTo"),
                    "destination rule with workload selector cannot have multiple entries in exportTo");
        }
        return labels;
    }

    private DestinationRule.TrafficPolicy trafficPolicy(final YamlNode node)
    {
        final FieldReader t = FieldReader.of(node, diags, ERROR, "loadBalancer", "connectionPool", "outlierDetection",
                "tls", "portLevelSettings", "tunnel", "proxyProtocol", "retryBudget");
        if (!t.present())
        {
            return null;
        }
        for (final String ignored : new String[] {"connectionPool", "outlierDetection", "tunnel",
                "proxyProtocol", "retryBudget"})
        {
            FieldReader.of(t.field(ignored), diags, IGNORE);
        }
        final String tlsMode = clientTlsMode(t);
        final List<DestinationRule.PortPolicy> ports = new ArrayList<>();
        for (final YamlNode pls : t.list("portLevelSettings"))
        {
            final FieldReader p = FieldReader.of(pls, diags, ERROR, "port", "loadBalancer", "connectionPool",
                    "outlierDetection", "tls");
            if (!p.present())
            {
                continue;
            }
            for (final String ignored : new String[] {"connectionPool", "outlierDetection"})
            {
                FieldReader.of(p.field(ignored), diags, IGNORE);
            }
            final String portTls = clientTlsMode(p);
            final FieldReader port = p.object("port", ERROR, "number");
            int number = 0;
            if (!port.present())
            {
                diags.error(pls, "portTrafficPolicy must have valid port");
            }
            else if (!port.has("number"))
            {
                port.missing("number");
            }
            else
            {
                number = port.integerIn("number", 1, 65535, 0);
            }
            if (!p.has("loadBalancer") && !p.has("connectionPool") && !p.has("outlierDetection") && !p.has("tls"))
            {
                diags.error(pls, "port traffic policy must have at least one field");
            }
            final DestinationRule.LoadBalancer lb = loadBalancer(p.field("loadBalancer"));
            if (number > 0)
            {
                ports.add(new DestinationRule.PortPolicy(number, lb, p.has("outlierDetection"), portTls));
            }
        }
        return new DestinationRule.TrafficPolicy(loadBalancer(t.field("loadBalancer")), List.copyOf(ports),
                t.has("outlierDetection"), tlsMode);
    }

    /**
     * A traffic policy's {@code tls.mode} ({@code ClientTLSSettings}); only the mode changes a decision (multi-network
     * endpoints need {@code ISTIO_MUTUAL}, docs/routing.md §4), the other fields are read for their shape.
     *
     * @return the mode ({@code DISABLE}, the proto's zero, when {@code tls} writes none), {@code null} without tls.
     */
    private String clientTlsMode(final FieldReader policy)
    {
        if (!policy.has("tls"))
        {
            return null;
        }
        final FieldReader tls = FieldReader.of(policy.field("tls"), diags, ERROR, "mode", "clientCertificate",
                "privateKey", "caCertificates", "credentialName", "subjectAltNames", "sni", "insecureSkipVerify",
                "caCrl");
        final String mode = tls.present() ? tls.string("mode") : null;
        if (mode == null)
        {
            return "DISABLE";
        }
        if (!List.of("DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL").contains(mode))
        {
            diags.error(tls.field("mode"), "unknown tls.mode \"" + mode
                    + "\" (expected DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL)");
            return null;
        }
        return mode;
    }

    /**
     * {@code consistentHash.httpCookie}: the cookie's name is the key. {@code path}, {@code ttl} and
     * {@code attributes} only shape the cookie Envoy sets when the request has none (not part of a decision).
     */
    private DestinationRule.ConsistentHash httpCookie(final FieldReader c)
    {
        final String cookie = c.string("name");
        if (cookie == null || cookie.isEmpty())
        {
            diags.error(c.present() && c.has("name") ? c.field("name") : c.node(), "name required for HttpCookie");
        }
        c.string("path");
        final String ttl = c.string("ttl");
        final boolean hasTtl = ttl != null && Names.parseDurationNanos(ttl) >= 0;
        if (ttl != null && !hasTtl)
        {
            diags.error(c.field("ttl"), "expected a duration such as 0s, 3600s or 1h, got \"" + ttl + "\"");
        }
        final Set<String> names = new HashSet<>();
        for (final YamlNode a : c.list("attributes"))
        {
            final FieldReader attr = FieldReader.of(a, diags, ERROR, "name", "value");
            final String n = attr.string("name");
            if (n == null || n.isEmpty())
            {
                diags.error(attr.present() && attr.has("name") ? attr.field("name") : a,
                        "cookie attribute name cannot be empty");
            }
            else if (!names.add(n))
            {
                diags.error(attr.field("name"), "duplicate cookie attribute name: " + n);
            }
            attr.string("value");
        }
        return cookie == null || cookie.isEmpty() ? null
                : new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_COOKIE, cookie, hasTtl);
    }

    private DestinationRule.LoadBalancer loadBalancer(final YamlNode node)
    {
        final FieldReader lb = FieldReader.of(node, diags, ERROR, "simple", "consistentHash", "localityLbSetting",
                "warmupDurationSecs", "warmup");
        if (!lb.present())
        {
            return null;
        }
        if (lb.has("simple") && lb.has("consistentHash"))
        {
            diags.error(lb.field("consistentHash"), "\"simple\" and \"consistentHash\" cannot both be set");
        }
        DestinationRule.Simple simple = null;
        final String s = lb.string("simple");
        if (s != null)
        {
            switch (s.toUpperCase(Locale.ROOT))
            {
                case "UNSPECIFIED":
                    simple = DestinationRule.Simple.UNSPECIFIED;
                    break;
                case "ROUND_ROBIN":
                    simple = DestinationRule.Simple.ROUND_ROBIN;
                    break;
                case "RANDOM":
                    simple = DestinationRule.Simple.RANDOM;
                    break;
                case "LEAST_REQUEST":
                case "LEAST_CONN":
                    simple = DestinationRule.Simple.LEAST_REQUEST;
                    break;
                case "PASSTHROUGH":
                    simple = DestinationRule.Simple.PASSTHROUGH;
                    break;
                default:
                    diags.error(lb.field("simple"), "expected one of UNSPECIFIED, ROUND_ROBIN, RANDOM, LEAST_REQUEST, "
                            + "LEAST_CONN, PASSTHROUGH, got \"" + s + "\"");
                    break;
            }
        }
        DestinationRule.ConsistentHash hash = null;
        final FieldReader ch = lb.object("consistentHash", ERROR, "httpHeaderName", "httpCookie", "useSourceIp",
                "httpQueryParameterName", "ringHash", "maglev", "minimumRingSize");
        if (ch.present())
        {
            int keys = 0;
            if (ch.has("httpHeaderName"))
            {
                keys++;
                final String h = ch.string("httpHeaderName");
                hash = h == null ? null : new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_HEADER,
                        h.toLowerCase(Locale.ROOT));
            }
            if (ch.has("useSourceIp"))
            {
                keys++;
                if (ch.bool("useSourceIp", false))
                {
                    hash = new DestinationRule.ConsistentHash(DestinationRule.HashKey.USE_SOURCE_IP, null);
                }
                else
                {
                    keys--;
                }
            }
            if (ch.has("httpQueryParameterName"))
            {
                keys++;
                final String q = ch.string("httpQueryParameterName");
                hash = q == null ? null
                        : new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_QUERY_PARAMETER, q);
            }
            if (ch.has("httpCookie"))
            {
                keys++;
                hash = httpCookie(ch.object("httpCookie", ERROR, "name", "path", "ttl", "attributes"));
            }
            if (keys == 0)
            {
                diags.error(ch.node(), "consistentHash must set one of httpHeaderName, httpCookie, useSourceIp, "
                        + "httpQueryParameterName");
            }
            else if (keys > 1)
            {
                diags.error(ch.node(), "consistentHash sets " + keys + " hash keys; exactly one is allowed");
                hash = null;
            }
            hash = hash == null ? null : hashTable(ch, hash);
        }
        final DestinationRule.LocalitySetting locality = LocalityLbBinder.bind(lb.field("localityLbSetting"), diags);
        FieldReader.of(lb.field("warmup"), diags, IGNORE);
        return new DestinationRule.LoadBalancer(simple, hash, locality);
    }

    /**
     * The table a consistent hash goes into, as Istio's {@code ApplyRingHashLoadBalancer} configures Envoy, checked as
     * Istio's validation and Envoy check it: {@code maglev} ({@code tableSize} set, prime, below 5000011), else
     * {@code ringHash.minimumRingSize}, else the deprecated {@code minimumRingSize} (not with either), 0 meaning 1024,
     * at most Envoy's maximum ring size.
     */
    private DestinationRule.ConsistentHash hashTable(final FieldReader ch, final DestinationRule.ConsistentHash hash)
    {
        if (ch.has("ringHash") && ch.has("maglev"))
        {
            diags.error(ch.field("maglev"), "\"ringHash\" and \"maglev\" cannot both be set");
        }
        final FieldReader ring = FieldReader.of(ch.field("ringHash"), diags, ERROR, "minimumRingSize");
        final FieldReader maglev = FieldReader.of(ch.field("maglev"), diags, ERROR, "tableSize");
        final long deprecated = ch.integer("minimumRingSize", 0);
        if (deprecated != 0)
        {
            if (ch.has("ringHash") || ch.has("maglev"))
            {
                diags.error(ch.field("minimumRingSize"),
                        "only one of minimumRingSize or maglev/ringHash can be specified");
            }
            else
            {
                diags.warning(ch.field("minimumRingSize"),
                        "minimumRingSize is deprecated, use ringHash.minimumRingSize instead");
            }
        }
        if (ch.has("maglev"))
        {
            final long size = maglev.integer("tableSize", 0);
            final YamlNode at = maglev.has("tableSize") ? maglev.field("tableSize") : ch.field("maglev");
            if (size <= 0)
            {
                diags.error(at, "tableSize must be set for maglev");
            }
            else if (size >= 5000011)
            {
                diags.error(at, "tableSize must be less than 5000011 for maglev, got " + size);
            }
            else if (!java.math.BigInteger.valueOf(size).isProbablePrime(64))
            {
                diags.error(at, "tableSize must be a prime number for maglev, got " + size);
            }
            return hash.withTable(true, size);
        }
        final long minimum = ch.has("ringHash") ? ring.integer("minimumRingSize", 0) : deprecated;
        if (minimum < 0 || minimum > DestinationRule.ConsistentHash.MAX_RING_SIZE)
        {
            diags.error(ch.has("ringHash") ? ring.field("minimumRingSize") : ch.field("minimumRingSize"),
                    "minimumRingSize must be between 0 and " + DestinationRule.ConsistentHash.MAX_RING_SIZE
                    + " (Envoy's maximum ring size), got " + minimum);
        }
        return hash.withTable(false, minimum == 0 ? DestinationRule.ConsistentHash.DEFAULT_MIN_RING_SIZE : minimum);
    }

    GatewaySpec gateway(final FieldReader spec, final String ns, final String name, final SourceRef src)
    {
        final List<GatewaySpec.Server> servers = new ArrayList<>();
        if (spec.present() && spec.list("servers").isEmpty())
        {
            diags.error(spec.refOf("servers"), "Gateway must have at least one server");
        }
        for (final YamlNode s : spec.list("servers"))
        {
            final FieldReader sr = FieldReader.of(s, diags, ERROR, "port", "bind", "hosts", "tls", "defaultEndpoint",
                    "name");
            if (!sr.present())
            {
                continue;
            }
            if (!sr.has("port"))
            {
                sr.missing("port");
            }
            final FieldReader port = sr.object("port", ERROR, "number", "protocol", "name", "targetPort");
            int number = 0;
            String protocol = null;
            if (port.present())
            {
                if (!port.has("number"))
                {
                    port.missing("number");
                }
                number = port.integerIn("number", 1, 65535, 0);
                final String p = port.requiredString("protocol");
                if (p != null)
                {
                    protocol = Names.istioProtocol(p);
                    if (protocol == null)
                    {
                        diags.error(port.field("protocol"), "unknown protocol \"" + p
                                + "\" (expected HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP or TLS)");
                    }
                }
                port.string("name");
                port.integerIn("targetPort", 1, 65535, 0);
            }
            final List<String> hosts = sr.stringList("hosts");
            if (!sr.has("hosts") || hosts.isEmpty())
            {
                diags.error(sr.refOf("hosts"), "server must have at least one host");
            }
            final FieldReader tls = FieldReader.of(sr.field("tls"), diags, IGNORE);
            final String mode = tls.present() ? tls.string("mode") : null;
            if (mode != null && !TLS_MODES.contains(mode))
            {
                diags.error(tls.field("mode"), "unknown tls.mode \"" + mode + "\" (expected one of " + TLS_MODES + ")");
            }
            servers.add(new GatewaySpec.Server(number, protocol == null ? "" : protocol, List.copyOf(hosts),
                    mode == null && tls.present() ? "PASSTHROUGH" : mode)); // the proto's default (0)
        }
        return new GatewaySpec(ns, name, spec.stringMap("selector"), List.copyOf(servers), src);
    }
}
