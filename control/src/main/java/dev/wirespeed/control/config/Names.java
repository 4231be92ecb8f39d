package dev.wirespeed.control.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How names resolve, Istio-style: hosts, gateways, {@code exportTo}, port protocols, durations. */
public final class Names
{
    /** The namespace a document without {@code metadata.namespace} belongs to. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** The implicit gateway of sidecars. */
    public static final String MESH = "mesh";

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|us|µs|ns|h|m|s)");

    private Names()
    {
    }

    /**
     * @param host      a host as written in a VirtualService, DestinationRule or destination.
     * @param namespace the document's namespace.
     * @return lower-case; a name without a dot becomes {@code name.namespace.svc.cluster.local};
     *         wildcards and names with dots are kept.
     */
    public static String resolveHost(final String host, final String namespace)
    {
        final String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("*") || h.startsWith("*.") || h.indexOf('.') >= 0 || h.indexOf(':') >= 0)
        {
            return h;
        }
        return h + "." + namespace + ".svc.cluster.local";
    }

    /**
     * @param gateway   a gateway reference: {@code mesh}, {@code ns/name}, a bare {@code name} (the
     *                  document's namespace) or the older {@code name.ns.svc.cluster.local} form.
     * @param namespace the document's namespace.
     * @return {@code mesh} or {@code ns/name}.
     */
    public static String resolveGateway(final String gateway, final String namespace)
    {
        if (gateway.equals(MESH))
        {
            return MESH;
        }
        final int slash = gateway.indexOf('/');
        if (slash >= 0)
        {
            final String ns = gateway.substring(0, slash);
            return (ns.equals(".") ? namespace : ns) + gateway.substring(slash);
        }
        final int dot = gateway.indexOf('.');
        if (dot >= 0)
        {
            final String rest = gateway.substring(dot + 1);
            final int dot2 = rest.indexOf('.');
            return (dot2 < 0 ? rest : rest.substring(0, dot2)) + "/" + gateway.substring(0, dot);
        }
        return namespace + "/" + gateway;
    }

    /**
     * @param exportTo  the list as written (may be empty).
     * @param namespace the document's namespace.
     * @return {@code [*]} when empty; {@code .} replaced by the namespace; {@code ~} (exported nowhere)
     *         becomes an empty list.
     */
    public static List<String> resolveExportTo(final List<String> exportTo, final String namespace)
    {
        if (exportTo.isEmpty())
        {
            return List.of("*");
        }
        final List<String> out = new ArrayList<>();
        for (final String e : exportTo)
        {
            if (e.equals("~"))
            {
                continue;
            }
            final String v = e.equals(".") ? namespace : e;
            if (!out.contains(v))
            {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Istio's protocol of a Kubernetes service port (its {@code ConvertProtocol}): a {@code UDP} or
     * {@code SCTP} port is that; else the {@code appProtocol} when set, otherwise the port name, is read as
     * {@code <protocol>[-<suffix>]} ({@code grpc-web...} is GRPC-WEB; {@code kubernetes.io/h2c} HTTP2,
     * {@code kubernetes.io/ws} HTTP, {@code kubernetes.io/wss} HTTPS); anything Istio does not know is left to
     * protocol sniffing ({@code AUTO}), but on the well-known ports 25, 53, 3306 and 27017, where it is TCP.
     *
     * @param number      the service port.
     * @param name        the port name, may be {@code null}.
     * @param l4          the Kubernetes {@code protocol} (TCP, UDP, SCTP), may be {@code null}.
     * @param appProtocol the {@code appProtocol}, may be {@code null}.
     * @return the upper-case protocol.
     */
    public static String kubernetesPortProtocol(final int number, final String name, final String l4,
            final String appProtocol)
    {
        if (l4 != null && (l4.equalsIgnoreCase("UDP") || l4.equalsIgnoreCase("SCTP")))
        {
            return l4.toUpperCase(Locale.ROOT);
        }
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (appProtocol != null && !appProtocol.isEmpty())
        {
            n = appProtocol.toLowerCase(Locale.ROOT);
            if (n.equals("kubernetes.io/h2c"))
            {
                return "HTTP2";
            }
            if (n.equals("kubernetes.io/ws"))
            {
                return "HTTP";
            }
            if (n.equals("kubernetes.io/wss"))
            {
                return "HTTPS";
            }
        }
        if (n.startsWith("grpc-web"))
        {
            return "GRPC-WEB";
        }
        final int dash = n.indexOf('-');
        final String p = istioProtocol(dash < 0 ? n : n.substring(0, dash));
        if (p != null)
        {
            return p;
        }
        return number == 25 || number == 53 || number == 3306 || number == 27017 ? "TCP" : "AUTO";
    }

    /**
     * @param s a protocol name, any case.
     * @return Istio's protocol name (upper-case), or {@code null} when Istio does not know it.
     */
    public static String istioProtocol(final String s)
    {
        switch (s.toLowerCase(Locale.ROOT))
        {
            case "http":
                return "HTTP";
            case "http2":
                return "HTTP2";
            case "grpc":
                return "GRPC";
            case "grpc-web":
                return "GRPC-WEB";
            case "https":
                return "HTTPS";
            case "tls":
                return "TLS";
            case "tcp":
                return "TCP";
            case "udp":
                return "UDP";
            case "mongo":
                return "MONGO";
            case "redis":
                return "REDIS";
            case "mysql":
                return "MYSQL";
            case "http_proxy":
                return "HTTP_PROXY";
            default:
                return null;
        }
    }

    /** What {@link #parseDurationNanos} returns for a duration longer than {@link #MAX_DURATION_NANOS}. */
    public static final long DURATION_OUT_OF_RANGE = -2;
    /**
     * The longest duration: Go's {@code time.Duration} (int64 nanoseconds, about 292 years), which Istio
     * converts every duration to before validating it; a longer one cannot be represented there.
     */
    public static final long MAX_DURATION_NANOS = Long.MAX_VALUE;
    /** {@link #MAX_DURATION_NANOS} as Go prints it. */
    public static final String MAX_DURATION_TEXT = "2562047h47m16.854775807s";

    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(MAX_DURATION_NANOS);

    /**
     * Parses a duration exactly (decimal arithmetic: no rounding, no silent clamping).
     *
     * @param text a Go-style duration ({@code 7s}, {@code 1.5s}, {@code 100ms}, {@code 1m30s}).
     * @return the duration in nanoseconds (fractions of a nanosecond dropped), -1 when {@code text} is not a
     *     duration, {@link #DURATION_OUT_OF_RANGE} when it is longer than {@link #MAX_DURATION_NANOS}.
     */
    public static long parseDurationNanos(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return -1;
        }
        final Matcher m = DURATION_PART.matcher(text);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < text.length())
        {
            if (!m.find(pos) || m.start() != pos)
            {
                return -1;
            }
            final BigDecimal v = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
            final long unit;
            switch (m.group(2))
            {
                case "h":
                    unit = 3_600_000_000_000L;
                    break;
                case "m":
                    unit = 60_000_000_000L;
                    break;
                case "s":
                    unit = 1_000_000_000L;
                    break;
                case "ms":
                    unit = 1_000_000L;
                    break;
                case "us":
                case "µs":
                    unit = 1_000L;
                    break;
                default:
                    unit = 1L;
                    break;
            }
            nanos = nanos.add(v.multiply(BigDecimal.valueOf(unit)));
            if (nanos.compareTo(MAX_NANOS) > 0)
            {
                return DURATION_OUT_OF_RANGE;
            }
            pos = m.end();
        }
        return nanos.longValue();
    }

    /**
     * @param s text.
     * @return whether it is an IPv4 or IPv6 address literal (no name lookup is ever made).
     */
    public static boolean isIpLiteral(final String s)
    {
        if (s.indexOf(':') >= 0)
        {
            for (int i = 0; i < s.length(); i++)
            {
                final char c = s.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.'))
                {
                    return false;
                }
            }
            try
            {
                // Only hex digits, ':' and '.': InetAddress parses it as a literal, without DNS.
                return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
            }
            catch (final java.net.UnknownHostException e)
            {
                return false;
            }
        }
        final String[] parts = s.split("\\.", -1);
        if (parts.length != 4)
        {
            return false;
        }
        for (final String p : parts)
        {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > 255)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Istio's ServiceEntry conversion of an address: a prefix of full length ({@code /32}, {@code /128}) is the
     * address alone, written as Go's {@code netip.Addr.String} writes it (IPv6 in RFC 5952 form, an IPv4-mapped one
     * kept as such); anything else as written.
     *
     * @param s a ServiceEntry address (an IP literal or a CIDR, {@link #isIpOrCidr}).
     * @return the service address it is.
     */
    public static String serviceEntryAddress(final String s)
    {
        final int slash = s.indexOf('/');
        if (slash < 0 || !isIpOrCidr(s))
        {
            return s;
        }
        final String ip = s.substring(0, slash);
        final long[] k = dev.wirespeed.control.model.ClientProxies.key(ip);
        if (k == null || Integer.parseInt(s.substring(slash + 1)) != (k[0] == 4 ? 32 : 128))
        {
            return s;
        }
        if (k[0] == 4)
        {
            return dev.wirespeed.fib.l3.IpText.formatIpv4((int)k[2]);
        }
        final boolean mapped = k[1] == 0 && (k[2] >>> 32) == 0xffffL;
        return mapped ? "::ffff:" + dev.wirespeed.fib.l3.IpText.formatIpv4((int)k[2])
                : dev.wirespeed.fib.l3.IpText.formatIpv6(k[1], k[2]);
    }

    /**
     * @param s text.
     * @return whether it is an IP literal or a CIDR ({@code 10.0.0.0/8}, {@code 2001:db8::/32}).
     */
    public static boolean isIpOrCidr(final String s)
    {
        final int slash = s.indexOf('/');
        if (slash < 0)
        {
            return isIpLiteral(s);
        }
        final String ip = s.substring(0, slash);
        final String len = s.substring(slash + 1);
        if (!isIpLiteral(ip) || len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            return false;
        }
        return Integer.parseInt(len) <= (ip.indexOf(':') >= 0 ? 128 : 32);
    }
}
