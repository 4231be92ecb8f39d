package dev.wirespeed.control.config;

import dev.wirespeed.control.model.RegistryService.TrafficDistribution;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/**
 * A service's traffic distribution as Istio's {@code GetTrafficDistribution} finds it (docs/routing.md §4): a
 * Service's {@code spec.trafficDistribution} when it is {@code PreferClose}, {@code PreferSameZone} or
 * {@code PreferSameNode} (exactly); else the {@code networking.istio.io/traffic-distribution} annotation of the
 * Service or ServiceEntry (any case), an unknown value meaning no preference; else that annotation of its Namespace,
 * likewise; else no preference. The Namespace may come after the service in the files: its annotation is applied
 * once every document is read.
 */
final class TrafficDistributionBinder
{
    /** The annotation Istio reads on a Service, a ServiceEntry and a Namespace. */
    static final String ANNOTATION = "networking.istio.io/traffic-distribution";

    private final Diagnostics diags;
    /** Each Namespace's annotation as decided (unknown values are {@link TrafficDistribution#ANY}). */
    private final Map<String, TrafficDistribution> namespaces = new HashMap<>();

    TrafficDistributionBinder(final Diagnostics diags)
    {
        this.diags = diags;
    }

    /**
     * @param spec        a Service's {@code spec.trafficDistribution}, or {@code null} (a ServiceEntry has none).
     * @param annotations the object's {@code metadata.annotations}, or {@code null}.
     * @return the distribution the object decides, {@code null} when its Namespace's decides.
     */
    TrafficDistribution own(final String spec, final YamlNode annotations)
    {
        if ("PreferClose".equals(spec) || "PreferSameZone".equals(spec))
        {
            return TrafficDistribution.PREFER_SAME_ZONE;
        }
        if ("PreferSameNode".equals(spec))
        {
            return TrafficDistribution.PREFER_SAME_NODE;
        }
        return annotated(annotations);
    }

    /** A Namespace's annotation (its Services and ServiceEntries without a preference of their own take it). */
    void namespace(final String name, final YamlNode annotations)
    {
        final TrafficDistribution d = annotated(annotations);
        if (d != null)
        {
            namespaces.put(name, d);
        }
    }

    /**
     * @param own the object's own distribution ({@link #own}), or {@code null}.
     * @param ns  its namespace.
     * @return the distribution that applies.
     */
    TrafficDistribution resolve(final TrafficDistribution own, final String ns)
    {
        return own != null ? own : namespaces.getOrDefault(ns, TrafficDistribution.ANY);
    }

    /** @return the annotation's distribution, {@code null} when absent or empty; a warning for an unknown value. */
    private TrafficDistribution annotated(final YamlNode annotations)
    {
        if (annotations == null || !annotations.isMap())
        {
            return null;
        }
        final FieldReader r = FieldReader.of(annotations, diags, IGNORE);
        final String written = r.string(ANNOTATION);
        final String a = written == null ? "" : written.toLowerCase(Locale.ROOT);
        switch (a)
        {
            case "":
                return null;
            case "preferclose": case "prefersamezone":
                return TrafficDistribution.PREFER_SAME_ZONE;
            case "prefersamenode":
                return TrafficDistribution.PREFER_SAME_NODE;
            default:
                diags.warning(r.field(ANNOTATION), "unknown traffic distribution \"" + written + "\" (expected "
                        + "PreferClose, PreferSameZone or PreferSameNode): no preference, as in Istio");
                return TrafficDistribution.ANY;
        }
    }
}
