package dev.wirespeed.control.model;

import dev.wirespeed.fib.jwt.JwtProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The mesh's RequestAuthentications (docs/routing.md "Request authentication") and the clock their tokens are checked
 * against: which {@code jwtRules} a workload's proxy enforces (Istio's {@code GetJwtPoliciesForWorkload} and
 * {@code WorkloadPolicyMatcher.ShouldAttachPolicy}, then {@code newPolicyApplier}'s sort by issuer).
 *
 * @param policies   the policies, in load order.
 * @param now        the request time, Unix seconds ({@code --now}).
 * @param gatewayApi {@code namespace/name} of the gateways translated from Gateway API Gateways (their workload is
 *                   labelled {@link #GATEWAY_NAME_LABEL}).
 */
public record RequestAuthentications(List<Policy> policies, long now, java.util.Set<String> gatewayApi)
{
    /** None. */
    public static final RequestAuthentications NONE = new RequestAuthentications(List.of(), 0);

    /**
     * Without Gateway API gateways.
     *
     * @param policies see the record.
     * @param now      see the record.
     */
    public RequestAuthentications(final List<Policy> policies, final long now)
    {
        this(policies, now, java.util.Set.of());
    }

    /**
     * @param g a Gateway.
     * @return its proxy's workload {namespace, labels} ({@link #gatewayWorkload(GatewaySpec, boolean)}).
     */
    public Object[] gatewayWorkload(final GatewaySpec g)
    {
        return gatewayWorkload(g, gatewayApi.contains(g.qualifiedName()));
    }
    /** The label Istio's Gateway API deployments carry. */
    public static final String GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

    /**
     * One RequestAuthentication.
     *
     * @param namespace  its namespace.
     * @param name       its name.
     * @param selector   {@code selector.matchLabels}, {@code null} when none.
     * @param targetRefs {@code targetRef(s)}: {group, kind, name, namespace}.
     * @param rules      its {@code jwtRules} as Envoy providers.
     * @param src        where it was read.
     */
    public record Policy(String namespace, String name, Map<String, String> selector, List<String[]> targetRefs,
            List<JwtProvider> rules, SourceRef src)
    {
    }

    /** @return whether there is none. */
    public boolean isEmpty()
    {
        return policies.isEmpty();
    }

    /**
     * The providers a workload's proxy enforces: the rules of the policies of its namespace, then of the root
     * namespace, that attach to it, stably sorted by issuer.
     *
     * @param rootNamespace the mesh config's root namespace.
     * @param namespace     the workload's namespace.
     * @param labels        its labels.
     * @return the providers (empty: no jwt_authn filter).
     */
    public List<JwtProvider> providers(final String rootNamespace, final String namespace,
            final Map<String, String> labels)
    {
        final List<JwtProvider> out = new ArrayList<>();
        final String gatewayName = labels.get(GATEWAY_NAME_LABEL);
        for (final String ns : new LinkedHashSet<>(List.of(namespace, rootNamespace)))
        {
            for (final Policy p : policies)
            {
                if (p.namespace().equals(ns) && attaches(p, namespace, labels, gatewayName))
                {
                    out.addAll(p.rules());
                }
            }
        }
        out.sort(Comparator.comparing(JwtProvider::issuer));
        return out;
    }

    private static boolean attaches(final Policy p, final String namespace, final Map<String, String> labels,
            final String gatewayName)
    {
        final boolean selected = p.selector() == null || labels.entrySet().containsAll(p.selector().entrySet());
        if (p.targetRefs().isEmpty())
        {
            return selected;
        }
        if (gatewayName == null || !p.namespace().equals(namespace))
        {
            return false;
        }
        for (final String[] t : p.targetRefs())
        {
            if ((t[3].isEmpty() || t[3].equals(namespace)) && t[1].equals("Gateway")
                    && t[0].equals("gateway.networking.k8s.io") && t[2].equals(gatewayName))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The workload of a gateway's proxy: a Gateway API gateway's namespace and {@link #GATEWAY_NAME_LABEL}; an Istio
     * Gateway's namespace and selector labels.
     *
     * @param gateway    the Gateway.
     * @param gatewayApi whether it was translated from a Gateway API Gateway.
     * @return {namespace, labels}.
     */
    public static Object[] gatewayWorkload(final GatewaySpec gateway, final boolean gatewayApi)
    {
        return new Object[] {gateway.namespace(), gatewayApi ? Map.of(GATEWAY_NAME_LABEL, gateway.name())
                : gateway.selector()};
    }
}
