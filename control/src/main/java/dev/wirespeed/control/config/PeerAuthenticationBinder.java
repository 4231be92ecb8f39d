package dev.wirespeed.control.config;

import dev.wirespeed.control.model.PeerAuthentication;
import dev.wirespeed.control.model.SourceRef;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;

/**
 * Binds a {@code security.istio.io} {@code PeerAuthentication} (docs/config.md), checked as Istio's CRD schema and
 * {@code ValidatePeerAuthentication} check it: a known {@code mtls.mode}, {@code portLevelMtls} keys that are ports
 * 1..65535, at least one entry when written, and only with selector labels; selector labels without an empty key or
 * {@code *}.
 */
final class PeerAuthenticationBinder
{
    /** The kind. */
    static final String KIND = "PeerAuthentication";
    /** Its API group. */
    static final String GROUP = "security.istio.io";
    /** The versions of {@link #GROUP} read. */
    static final Set<String> VERSIONS = Set.of("v1", "v1beta1");
    /** Its spec's fields. */
    static final String[] SPEC_FIELDS = {"selector", "mtls", "portLevelMtls"};

    private final Diagnostics diags;

    PeerAuthenticationBinder(final Diagnostics diags)
    {
        this.diags = diags;
    }

    PeerAuthentication bind(final FieldReader spec, final String ns, final String name, final String created,
            final SourceRef src)
    {
        final Map<String, String> selector = WorkloadSelectors.matchLabels(spec, "selector", diags,
                "the policy is namespace-wide");
        final PeerAuthentication.Mode mode = mode(spec.field("mtls"));
        final Map<Integer, PeerAuthentication.Mode> ports = new LinkedHashMap<>();
        final YamlNode portLevel = spec.field("portLevelMtls");
        if (portLevel != null)
        {
            if (!portLevel.isMap())
            {
                diags.error(portLevel, "portLevelMtls: expected a mapping of port numbers to {mode}, got "
                        + portLevel.describe());
            }
            else if (portLevel.fields().isEmpty())
            {
                diags.error(portLevel, "port level mTLS, if defined, must have at least one element");
            }
            else if (selector.isEmpty())
            {
                diags.error(portLevel, "mesh/namespace peer authentication cannot have port level mTLS "
                        + "(portLevelMtls requires a selector with matchLabels)");
            }
            for (final Map.Entry<String, YamlNode> e : portLevel.isMap() ? portLevel.fields().entrySet()
                    : Map.<String, YamlNode>of().entrySet())
            {
                final YamlNode key = portLevel.key(e.getKey());
                final Integer port = port(e.getKey(), key != null ? key : e.getValue());
                final PeerAuthentication.Mode m = mode(e.getValue());
                if (port != null)
                {
                    ports.put(port, m);
                }
            }
        }
        return new PeerAuthentication(ns, name, selector, mode, Map.copyOf(ports), created == null ? "" : created,
                src);
    }

    private Integer port(final String key, final YamlNode at)
    {
        final long port;
        try
        {
            port = Long.parseLong(key.strip());
        }
        catch (final NumberFormatException ex)
        {
            diags.error(at, "portLevelMtls: \"" + key + "\" is not a port number");
            return null;
        }
        if (port < 1 || port > 65535)
        {
            diags.error(at, "portLevelMtls: port must be in range 1..65535, got " + port);
            return null;
        }
        return (int)port;
    }

    /** {@code {mode: ...}}: absent or {@code mode} not written is {@code UNSET}. */
    private PeerAuthentication.Mode mode(final YamlNode node)
    {
        final FieldReader mtls = FieldReader.of(node, diags, ERROR, "mode");
        final String written = mtls.string("mode");
        if (written == null || written.isEmpty())
        {
            return PeerAuthentication.Mode.UNSET;
        }
        for (final PeerAuthentication.Mode m : PeerAuthentication.Mode.values())
        {
            if (m.name().equals(written))
            {
                return m;
            }
        }
        diags.error(mtls.field("mode"), "unsupported mtls mode \"" + written
                + "\" (expected UNSET, DISABLE, PERMISSIVE or STRICT)");
        return PeerAuthentication.Mode.UNSET;
    }
}
