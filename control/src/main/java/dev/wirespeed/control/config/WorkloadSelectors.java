package dev.wirespeed.control.config;

import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;

/**
 * A {@code WorkloadSelector} ({@code matchLabels}) as Istio's {@code validateWorkloadSelector} checks it: no empty key,
 * no {@code *} in a key or value (errors), and a selector without labels is a warning.
 */
final class WorkloadSelectors
{
    private WorkloadSelectors()
    {
    }

    /**
     * @param spec         the spec holding the selector.
     * @param field        the selector's field ({@code workloadSelector}, {@code selector}).
     * @param diags        where to report.
     * @param withoutLabels what a selector without labels means, for its warning.
     * @return its labels, empty when absent or written without labels.
     */
    static Map<String, String> matchLabels(final FieldReader spec, final String field, final Diagnostics diags,
            final String withoutLabels)
    {
        if (!spec.has(field))
        {
            return Map.of();
        }
        final FieldReader ws = FieldReader.of(spec.field(field), diags, ERROR, "matchLabels");
        final Map<String, String> labels = ws.stringMap("matchLabels");
        if (labels.isEmpty())
        {
            diags.warning(spec.field(field), "workload selector specified without labels: " + withoutLabels);
            return Map.of();
        }
        for (final Map.Entry<String, String> e : labels.entrySet())
        {
            if (e.getKey().isEmpty() || e.getKey().contains("*") || e.getValue().contains("*"))
            {
                diags.error(ws.field("matchLabels"), (e.getKey().isEmpty() ? "empty key" : "wildcard")
                        + " is not supported in selector: \"" + e.getKey() + "=" + e.getValue() + "\"");
            }
        }
        return Map.copyOf(labels);
    }
}
