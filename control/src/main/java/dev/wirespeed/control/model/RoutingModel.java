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
 * @param mesh             the mesh config ({@link MeshConfig#DEFAULT} when none was loaded).
 * @param sidecars         Sidecars.
 * @param peerAuthentications PeerAuthentications (they decide whether mTLS reaches an endpoint, docs/routing.md §4).
 * @param authorization    AuthorizationPolicies and the workloads they read (docs/routing.md "Authorization").
 * @param requestAuthn     RequestAuthentications and their clock (docs/routing.md "Request authentication").
 */
public record RoutingModel(
        List<VirtualService> virtualServices,
        List<DestinationRule> destinationRules,
        List<RegistryService> services,
        List<GatewaySpec> gateways,
        List<RouteTableSpec> routeTables,
        MeshConfig mesh,
        List<SidecarSpec> sidecars,
        List<PeerAuthentication> peerAuthentications,
        Authorization authorization,
        RequestAuthentications requestAuthn)
{
    /**
     * A model without RequestAuthentication.
     *
     * @param virtualServices     VirtualServices.
     * @param destinationRules    DestinationRules.
     * @param services            registry services.
     * @param gateways            Gateways.
     * @param routeTables         L3 route tables.
     * @param mesh                the mesh config.
     * @param sidecars            Sidecars.
     * @param peerAuthentications PeerAuthentications.
     * @param authorization       AuthorizationPolicies and their workloads.
     */
    public RoutingModel(final List<VirtualService> virtualServices, final List<DestinationRule> destinationRules,
            final List<RegistryService> services, final List<GatewaySpec> gateways,
            final List<RouteTableSpec> routeTables, final MeshConfig mesh, final List<SidecarSpec> sidecars,
            final List<PeerAuthentication> peerAuthentications, final Authorization authorization)
    {
        this(virtualServices, destinationRules, services, gateways, routeTables, mesh, sidecars, peerAuthentications,
                authorization, RequestAuthentications.NONE);
    }

    /**
     * @param r RequestAuthentications.
     * @return this model with them.
     */
    public RoutingModel withRequestAuthn(final RequestAuthentications r)
    {
        return new RoutingModel(virtualServices, destinationRules, services, gateways, routeTables, mesh, sidecars,
                peerAuthentications, authorization, r);
    }

    public static final RoutingModel EMPTY = new RoutingModel(List.of(), List.of(), List.of(), List.of(), List.of());

    /**
     * A model with Istio's default mesh config and no Sidecar.
     *
     * @param virtualServices  VirtualServices.
     * @param destinationRules DestinationRules.
     * @param services         registry services.
     * @param gateways         Gateways.
     * @param routeTables      L3 route tables.
     */
    public RoutingModel(
            final List<VirtualService> virtualServices,
            final List<DestinationRule> destinationRules,
            final List<RegistryService> services,
            final List<GatewaySpec> gateways,
            final List<RouteTableSpec> routeTables)
    {
        this(virtualServices, destinationRules, services, gateways, routeTables, MeshConfig.DEFAULT, List.of());
    }

    /**
     * A model without PeerAuthentication.
     *
     * @param virtualServices  VirtualServices.
     * @param destinationRules DestinationRules.
     * @param services         registry services.
     * @param gateways         Gateways.
     * @param routeTables      L3 route tables.
     * @param mesh             the mesh config.
     * @param sidecars         Sidecars.
     */
    public RoutingModel(
            final List<VirtualService> virtualServices,
            final List<DestinationRule> destinationRules,
            final List<RegistryService> services,
            final List<GatewaySpec> gateways,
            final List<RouteTableSpec> routeTables,
            final MeshConfig mesh,
            final List<SidecarSpec> sidecars)
    {
        this(virtualServices, destinationRules, services, gateways, routeTables, mesh, sidecars, List.of());
    }

    /**
     * A model without AuthorizationPolicy.
     *
     * @param virtualServices     VirtualServices.
     * @param destinationRules    DestinationRules.
     * @param services            registry services.
     * @param gateways            Gateways.
     * @param routeTables         L3 route tables.
     * @param mesh                the mesh config.
     * @param sidecars            Sidecars.
     * @param peerAuthentications PeerAuthentications.
     */
    public RoutingModel(
            final List<VirtualService> virtualServices,
            final List<DestinationRule> destinationRules,
            final List<RegistryService> services,
            final List<GatewaySpec> gateways,
            final List<RouteTableSpec> routeTables,
            final MeshConfig mesh,
            final List<SidecarSpec> sidecars,
            final List<PeerAuthentication> peerAuthentications)
    {
        this(virtualServices, destinationRules, services, gateways, routeTables, mesh, sidecars, peerAuthentications,
                Authorization.NONE);
    }

    /**
     * @param a AuthorizationPolicies and their workloads.
     * @return this model with them.
     */
    public RoutingModel withAuthorization(final Authorization a)
    {
        return new RoutingModel(virtualServices, destinationRules, services, gateways, routeTables, mesh, sidecars,
                peerAuthentications, a, requestAuthn);
    }

    /** @return the PeerAuthentications composed under the mesh config's root namespace. */
    public PeerAuthentications peerAuthn()
    {
        return peerAuthentications.isEmpty() ? PeerAuthentications.NONE
                : new PeerAuthentications(peerAuthentications, mesh.rootNamespace());
    }

    /**
     * @param policies PeerAuthentications.
     * @return this model with them.
     */
    public RoutingModel withPeerAuthentications(final List<PeerAuthentication> policies)
    {
        return new RoutingModel(virtualServices, destinationRules, services, gateways, routeTables, mesh, sidecars,
                List.copyOf(policies), authorization, requestAuthn);
    }

    /**
     * @param m a mesh config.
     * @return this model with it.
     */
    public RoutingModel withMesh(final MeshConfig m)
    {
        return new RoutingModel(virtualServices, destinationRules, services, gateways, routeTables, m, sidecars,
                peerAuthentications, authorization, requestAuthn);
    }

    /**
     * @param list registry services.
     * @return this model with them.
     */
    public RoutingModel withServices(final List<RegistryService> list)
    {
        return new RoutingModel(virtualServices, destinationRules, List.copyOf(list), gateways, routeTables, mesh,
                sidecars, peerAuthentications, authorization, requestAuthn);
    }
}
