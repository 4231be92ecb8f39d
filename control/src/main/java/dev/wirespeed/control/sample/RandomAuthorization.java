package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.Authorization;
import dev.wirespeed.control.model.AuthorizationPolicy;
import dev.wirespeed.control.model.AuthorizationPolicy.Field;
import dev.wirespeed.control.model.AuthorizationPolicy.Test;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.SourceRef;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Random AuthorizationPolicies and the Pods they read (docs/routing.md "Authorization"): the services' endpoints as
 * Pods (most with a sidecar) and the random requests' client addresses as Pods of random namespaces and service
 * accounts; ALLOW, DENY, AUDIT and dry-run policies in the root namespace, the services' and the gateways'
 * namespaces, with and without selectors, whose rules test principals, namespaces, service accounts, addresses,
 * methods, paths (prefix, suffix and template forms), hosts, ports and headers. Drawn from a stream of their own,
 * seeded from the services, so the rest of a model stays as it was.
 */
final class RandomAuthorization
{
    private static final String[] SERVICE_ACCOUNTS = {"default", "sa-a", "sa-b"};
    private static final String[] CLIENTS = {"10.200.0.0", "10.200.0.1", "10.200.0.2", "10.200.0.3", "2001:db8::1"};

    private final SplittableRandom rnd;
    private final List<RegistryService> services;
    private final List<GatewaySpec> gateways;

    private RandomAuthorization(final SplittableRandom rnd, final List<RegistryService> services,
            final List<GatewaySpec> gateways)
    {
        this.rnd = rnd;
        this.services = services;
        this.gateways = gateways;
    }

    /**
     * @param services      the model's services.
     * @param gateways      its gateways.
     * @param rootNamespace the mesh config's root namespace.
     * @return none (about a third of models), or one to four policies and the Pods.
     */
    static Authorization draw(final List<RegistryService> services, final List<GatewaySpec> gateways,
            final String rootNamespace)
    {
        long seed = services.size() * 7919L + 11;
        for (final RegistryService s : services)
        {
            seed = seed * 37 + s.host().hashCode() + s.endpoints().size() * 13L;
        }
        final RandomAuthorization dice = new RandomAuthorization(
                new SplittableRandom(dev.wirespeed.fib.l7.RequestHash.mix64(seed ^ 0x5A5A_1234L)), services, gateways);
        if (services.isEmpty() || dice.rnd.nextInt(3) == 0)
        {
            return Authorization.NONE;
        }
        final List<Authorization.Workload> pods = dice.pods();
        final List<AuthorizationPolicy> policies = new ArrayList<>();
        final int n = 1 + dice.rnd.nextInt(4);
        for (int i = 0; i < n; i++)
        {
            policies.add(dice.policy(i, rootNamespace));
        }
        return new Authorization(List.copyOf(policies), List.copyOf(pods), Authorization.DEFAULT_TRUST_DOMAIN,
                Set.of());
    }

    private List<Authorization.Workload> pods()
    {
        final List<Authorization.Workload> out = new ArrayList<>();
        for (final String client : CLIENTS)
        {
            if (rnd.nextInt(5) > 0)
            {
                final Map<String, String> labels = new TreeMap<>();
                labels.put("app", "client");
                if (rnd.nextInt(4) > 0)
                {
                    labels.put(MeshNetworks.TLS_MODE_LABEL, "istio");
                }
                out.add(new Authorization.Workload(RandomRoutingModels.NAMESPACES[rnd.nextInt(3)], "client-" + client,
                        Map.copyOf(labels), List.of(client), SERVICE_ACCOUNTS[rnd.nextInt(3)]));
            }
        }
        for (final RegistryService s : services)
        {
            for (final RegistryService.Endpoint e : s.endpoints())
            {
                if (e.address().isEmpty() || rnd.nextInt(6) == 0)
                {
                    continue;
                }
                final Map<String, String> labels = new TreeMap<>(e.labels());
                if (rnd.nextInt(4) > 0)
                {
                    labels.put(MeshNetworks.TLS_MODE_LABEL, "istio");
                }
                else
                {
                    labels.remove(MeshNetworks.TLS_MODE_LABEL);
                }
                out.add(new Authorization.Workload(s.namespace(), e.name(), Map.copyOf(labels), List.of(e.address()),
                        SERVICE_ACCOUNTS[rnd.nextInt(3)]));
            }
        }
        return out;
    }

    private AuthorizationPolicy policy(final int i, final String rootNamespace)
    {
        final int where = rnd.nextInt(10);
        final String ns = where < 3 ? rootNamespace : where < 8 || gateways.isEmpty()
                ? services.get(rnd.nextInt(services.size())).namespace()
                : gateways.get(rnd.nextInt(gateways.size())).namespace();
        final Map<String, String> selector = rnd.nextInt(5) < 2 ? null : rnd.nextInt(4) == 0 ? Map.of("zone", "a")
                : Map.of("version", RandomRoutingModels.VERSIONS[rnd.nextInt(3)]);
        final int a = rnd.nextInt(20);
        final AuthorizationPolicy.Action action = a < 9 ? AuthorizationPolicy.Action.ALLOW
                : a < 17 ? AuthorizationPolicy.Action.DENY : AuthorizationPolicy.Action.AUDIT;
        final List<AuthorizationPolicy.Rule> rules = new ArrayList<>();
        final int ruleCount = action == AuthorizationPolicy.Action.ALLOW && rnd.nextInt(8) == 0 ? 0
                : 1 + rnd.nextInt(2);
        for (int r = 0; r < ruleCount; r++)
        {
            rules.add(rule());
        }
        return new AuthorizationPolicy(ns, "authz" + i, selector, List.of(), action, null, rnd.nextInt(10) == 0,
                List.copyOf(rules), SourceRef.NONE);
    }

    private AuthorizationPolicy.Rule rule()
    {
        final List<List<Test>> from = new ArrayList<>();
        final List<List<Test>> to = new ArrayList<>();
        final List<Test> when = new ArrayList<>();
        for (int k = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0; k > 0; k--)
        {
            from.add(List.of(source()));
        }
        for (int k = rnd.nextInt(2) == 0 ? 1 + rnd.nextInt(2) : 0; k > 0; k--)
        {
            to.add(rnd.nextInt(3) == 0 ? List.of(operation(), operation()) : List.of(operation()));
        }
        if (rnd.nextInt(4) == 0)
        {
            when.add(rnd.nextInt(3) == 0 ? new Test(Field.IP, null, values("10.200.0.0/31", "10.200.0.3",
                    "2001:db8::/120", "10.0.0.0/8"), List.of())
                    : new Test(Field.HEADER, "end-user", values("jason", "j*", "*", "*son"), List.of()));
        }
        return new AuthorizationPolicy.Rule(List.copyOf(from), List.copyOf(to), List.copyOf(when));
    }

    private Test source()
    {
        final boolean not = rnd.nextInt(4) == 0;
        switch (rnd.nextInt(5))
        {
            case 0:
                return test(Field.PRINCIPAL, not, values("*", "cluster.local/ns/default/sa/sa-a", "*/sa/sa-b",
                        "cluster.local/ns/ns1/*"));
            case 1:
                return test(Field.NAMESPACE, not, values("default", "ns1", "ns*", "*2"));
            case 2:
                return test(Field.SERVICE_ACCOUNT, not, values("default/sa-a", "ns1/default", "ns2/sa-b"));
            case 3:
                return test(Field.TRUST_DOMAIN, not, values("cluster.local", "*", "other.domain"));
            default:
                return test(rnd.nextInt(2) == 0 ? Field.IP : Field.REMOTE_IP, not, values("10.200.0.0/31",
                        "10.200.0.2", "2001:db8::/126", "0.0.0.0/0"));
        }
    }

    private Test operation()
    {
        final boolean not = rnd.nextInt(4) == 0;
        switch (rnd.nextInt(4))
        {
            case 0:
                return test(Field.METHOD, not, values("GET", "POST", "DEL*", "*T"));
            case 1:
                return test(Field.PATH, not, values("/api*", "*.css", "/api/{*}/users", "/static/{**}", "/", "*",
                        "/api/v1"));
            case 2:
                return test(Field.HOST, not, values("*.example.com", "SVC0*", "*", "svc1.ns1.svc.cluster.local"));
            default:
                return test(Field.PORT, not, values("80", "8080", "9080", "443", "18080"));
        }
    }

    private static Test test(final Field f, final boolean not, final List<String> v)
    {
        return not ? new Test(f, null, List.of(), v) : new Test(f, null, v, List.of());
    }

    private List<String> values(final String... choices)
    {
        final Set<String> out = new LinkedHashSet<>();
        for (int k = 1 + rnd.nextInt(2); k > 0; k--)
        {
            out.add(choices[rnd.nextInt(choices.length)]);
        }
        return List.copyOf(out);
    }
}
