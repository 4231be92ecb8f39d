package dev.wirespeed.control.config;

import dev.wirespeed.control.model.ClientProxies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;
import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/**
 * The ServiceEntry addresses Istio allocates (docs/routing.md §4 "Clusters", docs/config.md): its {@code ipallocate}
 * controller writes an IPv4 and an IPv6 address per host to {@code status.addresses} ({@code value}, {@code host}),
 * and {@code convertServices} reads them back into the host's {@code AutoAllocatedIPv4Address} and
 * {@code AutoAllocatedIPv6Address} when {@code ShouldV2AutoAllocateIPFromConfig} holds:
 * {@code PILOT_ENABLE_IP_AUTOALLOCATE} (on by default, not read here), a resolution other than {@code NONE}, no label
 * {@code networking.istio.io/enable-autoallocate-ip} equal to {@code false} (ignoring case), and no
 * {@code spec.addresses}. Of a host's entries the last IPv4 and the last IPv6 one count; a value that is no IP address
 * is skipped, as Istio skips it (a warning here).
 */
final class AutoAllocatedAddresses
{
    /** The opt-out label of a ServiceEntry. */
    static final String OPT_OUT_LABEL = "networking.istio.io/enable-autoallocate-ip";

    private final Diagnostics diags;
    /** Each host with {IPv4, IPv6} ({@code ""}: none), the first ServiceEntry's of the host. */
    private final Map<String, List<String>> hosts = new LinkedHashMap<>();

    AutoAllocatedAddresses(final Diagnostics diags)
    {
        this.diags = diags;
    }

    /**
     * Reads a ServiceEntry's {@code status.addresses}.
     *
     * @param status      its {@code status}, or {@code null}.
     * @param entryHosts  its hosts (lower-case).
     * @param resolution  its resolution.
     * @param addressed   whether it has {@code spec.addresses}.
     * @param labels      its labels.
     */
    void serviceEntry(final YamlNode status, final List<String> entryHosts, final String resolution,
            final boolean addressed, final Map<String, String> labels)
    {
        final Map<String, String[]> found = new LinkedHashMap<>();
        for (final YamlNode item : FieldReader.of(status, diags, IGNORE).list("addresses"))
        {
            final FieldReader a = FieldReader.of(item, diags, ERROR, "value", "host");
            final String value = a.requiredString("value");
            final String host = a.string("host");
            if (value == null)
            {
                continue;
            }
            final long[] k = ClientProxies.key(value);
            if (k == null)
            {
                diags.warning(a.field("value"), "status address \"" + value
                        + "\" is not an IP address: Istio skips it");
                continue;
            }
            final String[] pair = found.computeIfAbsent(host == null ? "" : host.toLowerCase(Locale.ROOT),
                    h -> new String[] {"", ""});
            pair[k[0] == 4 ? 0 : 1] = value; // Go's Is4: an IPv4-mapped IPv6 address is IPv6
        }
        if (resolution.equals("NONE") || addressed || "false".equalsIgnoreCase(labels.get(OPT_OUT_LABEL)))
        {
            return; // Istio neither allocates nor uses auto-allocated addresses for it
        }
        for (final String h : entryHosts)
        {
            final String[] pair = found.get(h);
            if (pair != null)
            {
                hosts.putIfAbsent(h, List.of(pair[0], pair[1]));
            }
        }
    }

    /**
     * @param defaultCapture whether the mesh default's proxy metadata turns DNS capture on.
     * @return the hosts' auto-allocated addresses.
     */
    ClientProxies.AutoAddresses resolve(final boolean defaultCapture)
    {
        return new ClientProxies.AutoAddresses(Map.copyOf(hosts), defaultCapture);
    }

    /** @return the hosts with auto-allocated addresses, in load order. */
    List<String> hosts()
    {
        return new ArrayList<>(hosts.keySet());
    }
}
