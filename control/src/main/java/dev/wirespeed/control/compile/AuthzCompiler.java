package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.Authorization;
import dev.wirespeed.control.model.AuthorizationPolicy;
import dev.wirespeed.control.model.AuthorizationPolicy.Test;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.PeerAuthentication;
import dev.wirespeed.control.model.PeerAuthentications;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.wirespeed.fib.l7.AuthzLayout.*;

/**
 * Compiles AuthorizationPolicies into the {@code AUTHZ} section ({@link dev.wirespeed.fib.l7.AuthzLayout};
 * docs/routing.md "Authorization", docs/fib.md "AUTHZ"): per workload (a gateway's proxy) the DENY rules in Envoy's
 * order of policy names and the ALLOW rules, each a tree of clauses, tests and matchers. The mTLS identity tests
 * (principals, namespaces, service accounts, trust domains) are decided here for every identity the mesh has (the
 * config cluster's Pods' principals): a matcher is the set of identities it takes.
 */
final class AuthzCompiler
{
    /** The section. */
    final IndexedTableWriter table = new IndexedTableWriter();
    private final CompileContext ctx;
    private final RoutingModel model;
    private final Authorization authz;
    private final List<String> identities = new ArrayList<>();
    private final Map<List<AuthorizationPolicy>, Integer> sets = new HashMap<>();

    AuthzCompiler(final CompileContext ctx)
    {
        this.ctx = ctx;
        this.model = ctx.model;
        this.authz = model.authorization();
    }

    void compile()
    {
        final int header = table.reserveInts(AZ_HEADER_SIZE);
        table.setInt(header + AZ_ANY, authz.isEmpty() ? 0 : 1);
        if (authz.isEmpty())
        {
            return;
        }
        for (final Authorization.Workload w : authz.workloads())
        {
            identities.add(authz.principal(w));
        }
        table.setInt(header + AZ_IDENTITY_COUNT, identities.size());
        for (final GatewaySpec g : model.gateways())
        {
            final Authorization.Workload w = authz.gatewayWorkload(g);
            final int set = set(authz.applicable(model.mesh().rootNamespace(), w.namespace(), w.labels()));
            final int gatewayId = ctx.s(g.namespace() + "/" + g.name());
            final long key = key(AZ_KEY_GATEWAY, gatewayId);
            if (set >= 0 && table.get(key) < 0)
            {
                table.put(key, set);
            }
            gatewayClient(gatewayId, w);
        }
        servers();
    }

    /** A gateway's Pod as the client of an endpoint's sidecar: its identity and address. */
    private void gatewayClient(final int gatewayId, final Authorization.Workload w)
    {
        final long key = key(AZ_KEY_GATEWAY_CLIENT, gatewayId);
        if (table.get(key) >= 0 || w.addresses().isEmpty())
        {
            return;
        }
        final byte[] a = dev.wirespeed.control.reference.IpLiterals.parse(w.addresses().get(0));
        final int rec = table.addInt(podIndex(w));
        table.addInt(a == null ? 0 : a.length == 4 ? 4 : 6);
        for (final int word : a == null ? new int[4] : CompileContext.words(a))
        {
            table.addInt(word);
        }
        table.put(key, rec);
    }

    private int podIndex(final Authorization.Workload w)
    {
        for (int i = 0; i < authz.workloads().size(); i++)
        {
            if (authz.workloads().get(i) == w)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The sidecars of the Pods (the first Pod at an address, with a sidecar): their policies and where mTLS reaches
     * them, by address; and each such Pod's identity as a client, by address.
     */
    private void servers()
    {
        final List<Authorization.Workload> pods = authz.workloads();
        for (int i = 0; i < pods.size(); i++)
        {
            final Authorization.Workload w = pods.get(i);
            for (final String address : w.addresses())
            {
                if (authz.podAt(address) != w || !"istio".equals(w.labels().get(MeshNetworks.TLS_MODE_LABEL)))
                {
                    continue;
                }
                final int addressId = ctx.s(address);
                table.put(key(AZ_KEY_IDENTITY, addressId), i);
                final int set = set(authz.applicable(model.mesh().rootNamespace(), w.namespace(), w.labels()));
                if (set < 0)
                {
                    continue;
                }
                final RegistryService.Endpoint e = new RegistryService.Endpoint(address, w.labels(), Map.of(), true,
                        w.name());
                final PeerAuthentications pa = model.peerAuthn();
                final PeerAuthentication workload = pa.levels(w.namespace(), w.labels())[2];
                final Map<Integer, PeerAuthentication.Mode> ports = workload == null ? Map.of() : workload.portLevel();
                final int rec = table.addInt(set);
                table.addInt(pa.mtlsReaches(e, w.namespace(), 0, null) ? 1 : 0);
                table.addInt(ports.size());
                for (final int port : ports.keySet())
                {
                    table.addInt(port);
                    table.addInt(pa.mtlsReaches(e, w.namespace(), port, null) ? 1 : 0);
                }
                table.put(key(AZ_KEY_ENDPOINT, addressId), rec);
            }
        }
    }

    /** @return the set record of a workload's policies, -1 when none decides anything. */
    private int set(final List<AuthorizationPolicy> policies)
    {
        final Integer known = sets.get(policies);
        if (known != null)
        {
            return known;
        }
        record Deny(String name, int authzId, int rule)
        {
        }
        final List<Deny> denies = new ArrayList<>();
        final List<Integer> allows = new ArrayList<>();
        boolean anyAllow = false;
        for (final AuthorizationPolicy p : policies)
        {
            if (p.dryRun() || p.action() != AuthorizationPolicy.Action.ALLOW
                    && p.action() != AuthorizationPolicy.Action.DENY)
            {
                continue; // AUDIT logs, CUSTOM asks its provider, a dry run only counts
            }
            anyAllow |= p.action() == AuthorizationPolicy.Action.ALLOW;
            for (int i = 0; i < p.rules().size(); i++)
            {
                final int r = rule(p.rules().get(i));
                if (p.action() == AuthorizationPolicy.Action.DENY)
                {
                    denies.add(new Deny(p.rbacName(i), ctx.s("deny:" + p.qualifiedName()), r));
                }
                else
                {
                    allows.add(r);
                }
            }
        }
        int set = -1;
        if (!denies.isEmpty() || anyAllow)
        {
            denies.sort(Comparator.comparing(Deny::name)); // Envoy's RBAC engine keeps its policies in a map by name
            set = table.addInt(denies.size());
            table.addInt(anyAllow ? 1 + ctx.s("allow-none-matched") : 0);
            table.addInt(allows.size());
            for (final Deny d : denies)
            {
                table.addInt(d.authzId());
                table.addInt(d.rule());
            }
            for (final int r : allows)
            {
                table.addInt(r);
            }
        }
        sets.put(policies, set);
        return set;
    }

    private int rule(final AuthorizationPolicy.Rule r)
    {
        final int when = clause(r.when());
        final int[] clauses = new int[r.from().size() + r.to().size()];
        int k = 0;
        for (final List<Test> c : r.from())
        {
            clauses[k++] = clause(c);
        }
        for (final List<Test> c : r.to())
        {
            clauses[k++] = clause(c);
        }
        final int rec = table.addInt(when);
        table.addInt(r.from().size());
        table.addInt(r.to().size());
        for (final int c : clauses)
        {
            table.addInt(c);
        }
        return rec;
    }

    private int clause(final List<Test> tests)
    {
        final int[] refs = new int[tests.size()];
        for (int i = 0; i < refs.length; i++)
        {
            refs[i] = test(tests.get(i));
        }
        final int rec = table.addInt(refs.length);
        for (final int t : refs)
        {
            table.addInt(t);
        }
        return rec;
    }

    private int test(final Test t)
    {
        final int field = field(t.field());
        final int[][] matchers = new int[t.values().size() + t.notValues().size()][];
        int k = 0;
        for (final String v : t.values())
        {
            matchers[k++] = matcher(t.field(), v);
        }
        for (final String v : t.notValues())
        {
            matchers[k++] = matcher(t.field(), v);
        }
        int name = t.key() == null ? -1 : ctx.s(t.key());
        if (t.field() == AuthorizationPolicy.Field.REQUEST_CLAIM)
        {
            final String[] path = t.key().split("\0", -1);
            final int[] ids = new int[path.length];
            for (int i = 0; i < ids.length; i++)
            {
                ids[i] = ctx.s(path[i]);
            }
            name = table.addInt(ids.length);
            for (final int id : ids)
            {
                table.addInt(id);
            }
        }
        final int rec = table.addInt(field);
        table.addInt(name);
        table.addInt(t.values().size());
        table.addInt(t.notValues().size());
        for (final int[] m : matchers)
        {
            for (final int x : m)
            {
                table.addInt(x);
            }
        }
        return rec;
    }

    private static int field(final AuthorizationPolicy.Field f)
    {
        switch (f)
        {
            case HOST:
                return AF_HOST;
            case METHOD:
                return AF_METHOD;
            case HEADER:
                return AF_HEADER;
            case PATH:
                return AF_PATH;
            case PORT:
                return AF_PORT;
            case IP: case REMOTE_IP:
                return AF_SOURCE_IP;
            case DEST_IP:
                return AF_DEST_IP;
            case PRINCIPAL: case NAMESPACE: case SERVICE_ACCOUNT: case TRUST_DOMAIN:
                return AF_IDENTITY;
            case REQUEST_PRINCIPAL:
                return AF_JWT_PRINCIPAL;
            case REQUEST_CLAIM:
                return AF_JWT_CLAIM;
            default:
                return AF_NONE;
        }
    }

    private int[] matcher(final AuthorizationPolicy.Field f, final String v)
    {
        switch (f)
        {
            case HOST:
                return string(v.toLowerCase(Locale.ROOT));
            case METHOD: case HEADER: case REQUEST_CLAIM:
                return string(v); // a claim's "*" is the regex .+: AuthzStage takes AM_PRESENT as not empty
            case REQUEST_PRINCIPAL:
                return requestPrincipal(v);
            case PATH:
                return v.contains("{*}") || v.contains("{**}") ? new int[] {AM_TEMPLATE, ctx.s(v), 0, 0, 0, 0}
                        : string(v);
            case PORT:
                return new int[] {AM_PORT, Integer.parseInt(v), 0, 0, 0, 0};
            case IP: case REMOTE_IP: case DEST_IP:
                return cidr(v);
            case PRINCIPAL: case NAMESPACE: case SERVICE_ACCOUNT: case TRUST_DOMAIN:
                return new int[] {AM_IDENTITIES, identitySet(f, v), 0, 0, 0, 0};
            default:
                return new int[] {AM_NEVER, 0, 0, 0, 0, 0};
        }
    }

    /**
     * Istio's {@code requestPrincipalGenerator}: the value split at its last {@code /} into an issuer and a subject
     * matcher ({@code *} is the regex {@code .+}: {@link dev.wirespeed.fib.l7.AuthzLayout#AM_PRESENT}, not empty).
     */
    private int[] requestPrincipal(final String v)
    {
        final int idx = v.lastIndexOf('/');
        final String iss = idx >= 0 ? v.substring(0, idx) : v;
        final String sub = idx >= 0 ? v.substring(idx + 1) : "";
        final int[] any = {AM_PRESENT, -1};
        final int[] i;
        final int[] s;
        if (v.equals("*"))
        {
            i = any;
            s = any;
        }
        else if (v.startsWith("*"))
        {
            i = idx < 0 || iss.equals("*") ? any : new int[] {AM_SUFFIX, ctx.s(iss.substring(1))};
            s = idx < 0 ? new int[] {AM_SUFFIX, ctx.s(v.substring(1))} : new int[] {AM_EXACT, ctx.s(sub)};
        }
        else if (v.endsWith("*"))
        {
            i = idx < 0 ? new int[] {AM_PREFIX, ctx.s(v.substring(0, v.length() - 1))}
                    : new int[] {AM_EXACT, ctx.s(iss)};
            s = idx < 0 || sub.equals("*") ? any : new int[] {AM_PREFIX, ctx.s(sub.substring(0, sub.length() - 1))};
        }
        else
        {
            i = new int[] {AM_EXACT, ctx.s(iss)};
            s = new int[] {AM_EXACT, ctx.s(sub)};
        }
        return new int[] {AM_JWT_PRINCIPAL, i[0], i[1], s[0], s[1], 0};
    }

    /** {@code *} presence, {@code *x} suffix, {@code x*} prefix, else exact. */
    private int[] string(final String v)
    {
        if (v.equals("*"))
        {
            return new int[] {AM_PRESENT, -1, 0, 0, 0, 0};
        }
        if (v.startsWith("*"))
        {
            return new int[] {AM_SUFFIX, ctx.s(v.substring(1)), 0, 0, 0, 0};
        }
        if (v.endsWith("*"))
        {
            return new int[] {AM_PREFIX, ctx.s(v.substring(0, v.length() - 1)), 0, 0, 0, 0};
        }
        return new int[] {AM_EXACT, ctx.s(v), 0, 0, 0, 0};
    }

    private static int[] cidr(final String v)
    {
        final int slash = v.indexOf('/');
        final String a = slash < 0 ? v : v.substring(0, slash);
        final long v4 = IpText.parseIpv4(a);
        if (v4 != IpText.INVALID)
        {
            return new int[] {AM_CIDR4, (int)v4, slash < 0 ? 32 : Integer.parseInt(v.substring(slash + 1)), 0, 0, 0};
        }
        final long[] w = new long[2];
        if (!IpText.parseIpv6(a, w))
        {
            return new int[] {AM_NEVER, 0, 0, 0, 0, 0};
        }
        return new int[] {AM_CIDR6, (int)(w[0] >>> 32), (int)w[0], (int)(w[1] >>> 32), (int)w[1],
            slash < 0 ? 128 : Integer.parseInt(v.substring(slash + 1))};
    }

    /** @return the int index of {wordCount, words} holding the identities a principal-side value takes. */
    private int identitySet(final AuthorizationPolicy.Field f, final String v)
    {
        final int words = (identities.size() + 31) >>> 5;
        final int[] bits = new int[words];
        final Pattern pattern = identityPattern(f, v);
        for (int i = 0; i < identities.size(); i++)
        {
            if (pattern.matcher(identities.get(i)).matches())
            {
                bits[i >>> 5] |= 1 << (i & 31);
            }
        }
        final int rec = table.addInt(words);
        for (final int b : bits)
        {
            table.addInt(b);
        }
        return rec;
    }

    /** The Envoy string matcher Istio's generators build for a principal-side value, as one regex. */
    private static Pattern identityPattern(final AuthorizationPolicy.Field f, final String v)
    {
        switch (f)
        {
            case PRINCIPAL:
                return v.equals("*") ? Pattern.compile(".+") : v.startsWith("*")
                        ? Pattern.compile("spiffe://.*" + Pattern.quote(v.substring(1)))
                        : v.endsWith("*") ? Pattern.compile(Pattern.quote("spiffe://" + v.substring(0, v.length() - 1))
                        + ".*") : Pattern.compile(Pattern.quote("spiffe://" + v));
            case NAMESPACE:
                return Pattern.compile(".*/ns/" + globRegex(v) + "/.*");
            case SERVICE_ACCOUNT:
            {
                final int slash = v.indexOf('/');
                return Pattern.compile("spiffe://.+/ns/" + Pattern.quote(v.substring(0, slash)) + "/(.+/|)sa/"
                        + Pattern.quote(v.substring(slash + 1)) + "(/.+)?");
            }
            default:
                if (v.equals("*"))
                {
                    return Pattern.compile("spiffe://.*");
                }
                if (!v.contains("*"))
                {
                    return Pattern.compile(Pattern.quote("spiffe://" + v + "/") + ".*");
                }
                final int star = v.indexOf('*');
                return Pattern.compile("spiffe://" + Pattern.quote(v.substring(0, star)) + "[^/]*"
                        + Pattern.quote(v.substring(star + 1)) + "/.*");
        }
    }

    /** {@code *} as {@code .*}, the rest literal. */
    private static String globRegex(final String v)
    {
        final StringBuilder out = new StringBuilder();
        int from = 0;
        for (int star = v.indexOf('*'); star >= 0; star = v.indexOf('*', from))
        {
            if (star > from)
            {
                out.append(Pattern.quote(v.substring(from, star)));
            }
            out.append(".*");
            from = star + 1;
        }
        if (from < v.length())
        {
            out.append(Pattern.quote(v.substring(from)));
        }
        return out.toString();
    }
}
