package dev.wirespeed.control.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The AuthorizationPolicies of a mesh and the workloads they are read for (docs/routing.md "Authorization"): which
 * policies apply to a workload (Istio's {@code AuthorizationPolicies.ListAuthorizationPolicies} and
 * {@code WorkloadPolicyMatcher.ShouldAttachPolicy}), a gateway's workload, and a client's mTLS identity.
 *
 * @param policies     the policies, in load order.
 * @param workloads    the config cluster's Pods (namespace, labels, addresses, service account), in load order.
 * @param trustDomain  the mesh config's {@code trustDomain} ({@code cluster.local} by default).
 * @param gatewayApi   the {@code namespace/name} of the Gateways translated from Gateway API Gateways.
 */
public record Authorization(List<AuthorizationPolicy> policies, List<Workload> workloads, String trustDomain,
        Set<String> gatewayApi)
{
    /** Istio's default trust domain. */
    public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";
    /** The label Istio's Gateway API deployments carry. */
    public static final String GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
    /** No policy. */
    public static final Authorization NONE = new Authorization(List.of(), List.of(), DEFAULT_TRUST_DOMAIN, Set.of());

    /**
     * A Pod.
     *
     * @param namespace      its namespace.
     * @param name           its name.
     * @param labels         its labels.
     * @param addresses      {@code status.podIP} and {@code status.podIPs}.
     * @param serviceAccount {@code spec.serviceAccountName} (else {@code serviceAccount}, else {@code default}).
     */
    public record Workload(String namespace, String name, Map<String, String> labels, List<String> addresses,
            String serviceAccount)
    {
    }

    /** @return whether no policy is loaded (then nothing is evaluated). */
    public boolean isEmpty()
    {
        return policies.isEmpty();
    }

    /**
     * The policies that apply to a workload, in load order (dry-run and CUSTOM ones included: the evaluators skip
     * them). Those of the root namespace and of the workload's namespace; for a Gateway API gateway's workload (label
     * {@link #GATEWAY_NAME_LABEL}) a policy whose {@code targetRef(s)} names that {@code Gateway} (group
     * {@code gateway.networking.k8s.io}) in its own namespace, or one without targetRefs whose selector holds
     * (Istio's {@code ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY}, on by default); for any other workload, one
     * without targetRefs whose selector (none: all) the labels hold.
     *
     * @param rootNamespace the mesh config's {@code rootNamespace}.
     * @param namespace     the workload's namespace.
     * @param labels        its labels.
     * @return the policies.
     */
    public List<AuthorizationPolicy> applicable(final String rootNamespace, final String namespace,
            final Map<String, String> labels)
    {
        final List<AuthorizationPolicy> out = new ArrayList<>();
        final String gatewayName = labels.get(GATEWAY_NAME_LABEL);
        for (final String ns : new LinkedHashSet<>(List.of(rootNamespace, namespace)))
        {
            for (final AuthorizationPolicy p : policies)
            {
                if (p.namespace().equals(ns) && attaches(p, namespace, labels, gatewayName))
                {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static boolean attaches(final AuthorizationPolicy p, final String namespace,
            final Map<String, String> labels, final String gatewayName)
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
        for (final AuthorizationPolicy.TargetRef t : p.targetRefs())
        {
            if ((t.namespace().isEmpty() || t.namespace().equals(namespace)) && t.kind().equals("Gateway")
                    && t.group().equals("gateway.networking.k8s.io") && t.name().equals(gatewayName))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The workload of a gateway's proxy: for a Gateway API gateway, its namespace and the labels of the first Pod
     * there labelled {@link #GATEWAY_NAME_LABEL} with its name (that label alone without one); for an Istio Gateway,
     * the first Pod (load order, any namespace) whose labels hold its non-empty selector, else its own namespace and
     * its selector's labels.
     *
     * @param gateway the Gateway.
     * @return {namespace, labels}.
     */
    public Workload gatewayWorkload(final GatewaySpec gateway)
    {
        final boolean k8s = gatewayApi.contains(gateway.namespace() + "/" + gateway.name());
        final Map<String, String> selector = k8s ? Map.of(GATEWAY_NAME_LABEL, gateway.name()) : gateway.selector();
        for (final Workload w : workloads)
        {
            if ((!k8s || w.namespace().equals(gateway.namespace())) && !selector.isEmpty()
                    && w.labels().entrySet().containsAll(selector.entrySet()))
            {
                return w;
            }
        }
        return new Workload(gateway.namespace(), "", new TreeMap<>(selector), List.of(), "");
    }

    /**
     * @param address a client's source address.
     * @return the first Pod (load order) with that address, or {@code null}.
     */
    public Workload podAt(final String address)
    {
        for (final Workload w : workloads)
        {
            if (w.addresses().contains(address))
            {
                return w;
            }
        }
        return null;
    }

    /**
     * @param w a Pod.
     * @return the URI SAN of its mTLS certificate: {@code spiffe://TRUST_DOMAIN/ns/NS/sa/SA}.
     */
    public String principal(final Workload w)
    {
        return "spiffe://" + trustDomain + "/ns/" + w.namespace() + "/sa/" + w.serviceAccount();
    }
}
