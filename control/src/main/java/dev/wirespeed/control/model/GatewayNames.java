package dev.wirespeed.control.model;

import dev.wirespeed.fib.l3.IpText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DNS answers for the host names of network gateways (docs/routing.md §4 "Networks"): Istio's
 * {@code NetworkManager.resolveHostnameGateways} asks its DNS for the A and AAAA records of a gateway whose address is
 * a host name and makes one gateway per address, with the same network, cluster and ports; a name without answer
 * gives no gateway. Forwarding here never asks this machine's resolver: the answers are given ({@code --resolve},
 * {@code --hosts-file}, docs/config.md "Gateway host names").
 *
 * @param answers each name (lower case, no trailing dot) to its addresses, as Go's {@code net.IP.String} writes
 *                them (an IPv4-mapped IPv6 address as IPv4), in the order given, each once.
 */
public record GatewayNames(Map<String, List<String>> answers)
{
    /** No answers: every host-name gateway is left out. */
    public static final GatewayNames NONE = new GatewayNames(Map.of());

    /** A copy of the answers, kept in order. */
    public GatewayNames
    {
        final Map<String, List<String>> copy = new LinkedHashMap<>();
        answers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        answers = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @param more answers to add (each name's addresses after those already known, each once).
     * @return a copy with them.
     */
    public GatewayNames with(final Map<String, List<String>> more)
    {
        final Map<String, List<String>> out = new LinkedHashMap<>(answers);
        more.forEach((name, addresses) ->
        {
            final List<String> all = new ArrayList<>(out.getOrDefault(key(name), List.of()));
            for (final String a : addresses)
            {
                final String c = canonical(a);
                if (c == null)
                {
                    throw new IllegalArgumentException("not an IP address: \"" + a + "\" (for " + name + ")");
                }
                if (!all.contains(c))
                {
                    all.add(c);
                }
            }
            out.put(key(name), all);
        });
        return new GatewayNames(out);
    }

    /**
     * @param name a host name (any case, with or without a trailing dot, as DNS reads it).
     * @return its addresses, {@code null} when no answer is given for it.
     */
    public List<String> addresses(final String name)
    {
        return answers.get(key(name));
    }

    /**
     * Istio's {@code resolveHostnameGateways} for one gateway: one gateway per answer, with its network, cluster and
     * ports.
     *
     * @param g a gateway whose address is a host name.
     * @return its gateways, empty when the name has no answer.
     */
    public List<MeshNetworks.Gateway> expand(final MeshNetworks.Gateway g)
    {
        final List<String> addresses = addresses(g.address());
        final List<MeshNetworks.Gateway> out = new ArrayList<>();
        for (final String a : addresses == null ? List.<String>of() : addresses)
        {
            out.add(g.at(a, g.port()));
        }
        return out;
    }

    /** @return the name as DNS compares it: lower case, without the trailing dot of a fully qualified name. */
    public static String key(final String name)
    {
        final String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /**
     * An address as Istio's resolver writes an A or AAAA answer (Go's {@code net.IP.String}): dotted IPv4, RFC 5952
     * IPv6, an IPv4-mapped IPv6 address as its IPv4 address.
     *
     * @param address an IP literal.
     * @return its text, {@code null} when it is not an IP literal.
     */
    public static String canonical(final String address)
    {
        final long[] k = ClientProxies.key(address);
        if (k == null)
        {
            return null;
        }
        if (k[0] == 4)
        {
            return IpText.formatIpv4((int)k[2]);
        }
        if (k[1] == 0 && (k[2] >>> 32) == 0xffffL)
        {
            return IpText.formatIpv4((int)k[2]);
        }
        return IpText.formatIpv6(k[1], k[2]);
    }
}
