package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RequestAuthentications;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.jwt.JwtPolicies;
import dev.wirespeed.fib.jwt.JwtProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the RequestAuthentications into the image's side structure ({@link JwtPolicies}): the provider set each
 * gateway's proxy enforces, by the gateway name's string id, and the set each endpoint's sidecar enforces, by its
 * address's string id (the workload at an address: the first registry endpoint with it, in service and endpoint
 * order, that has a sidecar; its labels and its service's namespace).
 */
final class JwtCompiler
{
    private JwtCompiler()
    {
    }

    /**
     * @param model      the model.
     * @param ctx        the compile context (its pool interns the names).
     * @return the policies.
     */
    static JwtPolicies compile(final RoutingModel model, final CompileContext ctx)
    {
        final RequestAuthentications ra = model.requestAuthn();
        if (ra == null || ra.isEmpty())
        {
            return JwtPolicies.NONE;
        }
        final String root = model.mesh().rootNamespace();
        final Map<List<JwtProvider>, Integer> sets = new HashMap<>();
        final List<JwtProvider[]> setList = new ArrayList<>();
        final Map<Integer, Integer> byId = new HashMap<>();
        for (final GatewaySpec g : model.gateways())
        {
            final Object[] w = ra.gatewayWorkload(g);
            @SuppressWarnings("unchecked")
            final List<JwtProvider> ps = ra.providers(root, (String)w[0], (Map<String, String>)w[1]);
            if (!ps.isEmpty())
            {
                byId.putIfAbsent(ctx.s(g.qualifiedName()), set(ps, sets, setList));
            }
        }
        final Map<Integer, Integer> byAddress = new HashMap<>();
        final java.util.HashSet<String> seen = new java.util.HashSet<>();
        for (final RegistryService svc : model.services())
        {
            for (final RegistryService.Endpoint e : svc.endpoints())
            {
                if (e.address() == null || !e.istioMtls() || !seen.add(e.address()))
                {
                    continue;
                }
                final List<JwtProvider> ps = ra.providers(root, svc.namespace(), e.labels());
                if (!ps.isEmpty())
                {
                    byAddress.put(ctx.s(e.address()), set(ps, sets, setList));
                }
            }
        }
        return new JwtPolicies(setList.toArray(new JwtProvider[0][]), table(byId), table(byAddress), ra.now());
    }

    private static int set(final List<JwtProvider> ps, final Map<List<JwtProvider>, Integer> sets,
            final List<JwtProvider[]> setList)
    {
        final Integer known = sets.get(ps);
        if (known != null)
        {
            return known;
        }
        setList.add(ps.toArray(new JwtProvider[0]));
        sets.put(ps, setList.size() - 1);
        return setList.size() - 1;
    }

    private static int[] table(final Map<Integer, Integer> m)
    {
        int max = -1;
        for (final int k : m.keySet())
        {
            max = Math.max(max, k);
        }
        final int[] t = new int[max + 1];
        Arrays.fill(t, -1);
        m.forEach((k, v) -> t[k] = v);
        return t;
    }
}
