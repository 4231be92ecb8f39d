package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.VirtualService;

import java.util.List;
import java.util.Set;

/** The mesh config's {@code defaultVirtualServiceExportTo}/{@code defaultDestinationRuleExportTo}, applied. */
final class ExportToDefaults
{
    private ExportToDefaults()
    {
    }

    /**
     * Gives the VirtualServices and DestinationRules that write no {@code exportTo} the mesh's default.
     *
     * @param vsDefault         {@code defaultVirtualServiceExportTo}, {@code null} when not written.
     * @param virtualServices   the VirtualServices (replaced in place).
     * @param vsWithoutExportTo the indexes of those that write none.
     * @param drDefault         {@code defaultDestinationRuleExportTo}, {@code null} when not written.
     * @param destinationRules  the DestinationRules (replaced in place).
     * @param drWithoutExportTo the indexes of those that write none.
     */
    static void apply(final List<String> vsDefault, final List<VirtualService> virtualServices,
            final Set<Integer> vsWithoutExportTo, final List<String> drDefault,
            final List<DestinationRule> destinationRules, final Set<Integer> drWithoutExportTo)
    {
        for (final int i : vsDefault == null ? Set.<Integer>of() : vsWithoutExportTo)
        {
            final VirtualService v = virtualServices.get(i);
            virtualServices.set(i, new VirtualService(v.namespace(), v.name(), v.hosts(), v.gateways(),
                    Names.resolveExportTo(vsDefault, v.namespace()), v.http(), v.tcp(), v.tls(), v.source()));
        }
        for (final int i : drDefault == null ? Set.<Integer>of() : drWithoutExportTo)
        {
            final DestinationRule r = destinationRules.get(i);
            destinationRules.set(i, new DestinationRule(r.namespace(), r.name(), r.host(), r.trafficPolicy(),
                    r.subsets(), Names.resolveExportTo(drDefault, r.namespace()), r.workloadSelector(),
                    r.source(), r.exportToWritten(), r.created(), r.backendPolicies()));
        }
    }
}
