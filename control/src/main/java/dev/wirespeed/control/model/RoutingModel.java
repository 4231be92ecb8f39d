package dev.wirespeed.control.model;

import java.util.List;

/**
 * The resolved model: everything the compiler and the reference interpreter read. Lists are in load
 * order (files in the order given, directories in sorted path order, documents in file order), which is
 * the tie-break wherever Istio would use creation time.
 *
 * @param virtualServices  VirtualServices.
 * @param destinationRules DestinationRules.
 * @param services         registry services (Services and ServiceEntries with their endpoints).
 * @param gateways         Gateways.
 * @param routeTables      L3 route tables.
 */
public record RoutingModel(
        List<VirtualService> virtualServices,
        List<DestinationRule> destinationRules,
        List<RegistryService> services,
        List<GatewaySpec> gateways,
        List<RouteTableSpec> routeTables)
{
    public static final RoutingModel EMPTY = new RoutingModel(List.of(), List.of(), List.of(), List.of(), List.of());
}
