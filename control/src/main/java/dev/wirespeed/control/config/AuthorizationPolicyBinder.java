package dev.wirespeed.control.config;

import dev.wirespeed.control.model.Authorization;
import dev.wirespeed.control.model.AuthorizationPolicy;
import dev.wirespeed.control.model.AuthorizationPolicy.Field;
import dev.wirespeed.control.model.AuthorizationPolicy.Test;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.SourceRef;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;
import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/**
 * Binds a {@code security.istio.io} {@code AuthorizationPolicy} (docs/config.md), checked as Istio's CRD schema and
 * {@code ValidateAuthorizationPolicy} check it (errors: a policy Istio's webhook rejects), and normalised into the
 * rule shape of {@link AuthorizationPolicy} as Istio's {@code authz/model.New} builds it.
 */
final class AuthorizationPolicyBinder
{
    /** The kind. */
    static final String KIND = "AuthorizationPolicy";
    /** Its spec's fields. */
    static final String[] SPEC_FIELDS = {"selector", "targetRef", "targetRefs", "action", "provider", "rules"};
    /** The annotation that makes a policy a dry run. */
    static final String DRY_RUN = "istio.io/dry-run";

    private static final String[] SOURCE = {"principals", "notPrincipals", "requestPrincipals", "notRequestPrincipals",
        "namespaces", "notNamespaces", "ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks",
        "serviceAccounts", "notServiceAccounts", "trustDomains", "notTrustDomains"};
    private static final String[] OPERATION = {"hosts", "notHosts", "ports", "notPorts", "methods", "notMethods",
        "paths", "notPaths"};
    private static final Pattern VALID_LITERAL = Pattern.compile("^[a-zA-Z0-9-._~%!$&'()+,;:@=]+$");
    private static final Set<String> PRINCIPAL_KEYS = Set.of("source.namespace", "source.serviceAccount",
            "source.trustDomain", "source.principal");

    private final Diagnostics diags;
    private final List<AuthorizationPolicy> policies = new ArrayList<>();
    /** The config cluster's Pods: the policies' workloads and the clients' mTLS identities. */
    private final List<Authorization.Workload> pods = new ArrayList<>();

    AuthorizationPolicyBinder(final Diagnostics diags)
    {
        this.diags = diags;
    }

    void policy(final FieldReader spec, final String ns, final String name, final YamlNode annotations,
            final SourceRef src)
    {
        policies.add(bind(spec, ns, name, annotations, src));
    }

    /** A Pod of the config cluster (a remote cluster's, {@code remote}, is left out). */
    void pod(final YamlNode specNode, final YamlNode statusNode, final String ns, final String name,
            final Map<String, String> labels, final boolean remote)
    {
        if (!remote)
        {
            pods.add(workload(specNode, statusNode, ns, name, labels));
        }
    }

    /**
     * @param trustDomain the mesh config's {@code trustDomain}, {@code null} when not written.
     * @param gatewayApi  the Gateways translated from Gateway API Gateways.
     * @return the policies and their workloads.
     */
    Authorization authorization(final String trustDomain, final List<GatewaySpec> gatewayApi)
    {
        final Set<String> names = new java.util.HashSet<>();
        for (final GatewaySpec g : gatewayApi)
        {
            names.add(g.namespace() + "/" + g.name());
        }
        return new Authorization(List.copyOf(policies), List.copyOf(pods), trustDomain == null || trustDomain.isEmpty()
                ? Authorization.DEFAULT_TRUST_DOMAIN : trustDomain, Set.copyOf(names));
    }

    AuthorizationPolicy bind(final FieldReader spec, final String ns, final String name, final YamlNode annotations,
            final SourceRef src)
    {
        final Map<String, String> labels = WorkloadSelectors.matchLabels(spec, "selector", diags,
                "the policy applies to every workload of its namespace");
        final Map<String, String> selector = spec.has("selector") ? labels : null;
        final List<AuthorizationPolicy.TargetRef> targets = new ArrayList<>();
        if (spec.has("targetRef"))
        {
            targets.add(targetRef(spec.field("targetRef")));
        }
        for (final YamlNode t : spec.list("targetRefs"))
        {
            targets.add(targetRef(t));
        }
        if (spec.has("selector") && !targets.isEmpty() || spec.has("targetRef") && spec.has("targetRefs"))
        {
            diags.error(spec.node(), "only one of targetRefs or workloadSelector can be set");
        }
        final AuthorizationPolicy.Action action = action(spec);
        final FieldReader provider = spec.object("provider", ERROR, "name");
        final String providerName = provider.string("name");
        if (action == AuthorizationPolicy.Action.CUSTOM && spec.has("rules")
                && (providerName == null || providerName.isEmpty()))
        {
            diags.error(spec.has("provider") ? spec.field("provider") : spec.node(),
                    "`provider.name` must not be empty");
        }
        if (spec.has("provider") && action != AuthorizationPolicy.Action.CUSTOM)
        {
            diags.error(spec.field("provider"), "`provider` must not be with non CUSTOM action, found " + action);
        }
        if ((action == AuthorizationPolicy.Action.DENY || action == AuthorizationPolicy.Action.CUSTOM)
                && !spec.has("rules"))
        {
            diags.error(spec.node(), action + " action without `rules` is meaningless as it will never be triggered,"
                    + " add an empty rule `{}` if you want it be triggered for every request");
        }
        final List<AuthorizationPolicy.Rule> rules = new ArrayList<>();
        final List<YamlNode> items = spec.list("rules");
        for (int i = 0; i < items.size(); i++)
        {
            rules.add(rule(items.get(i), i, ns, action));
        }
        final String dryRun = FieldReader.of(annotations, diags, IGNORE).string(DRY_RUN);
        boolean dry = false;
        if (dryRun != null)
        {
            dry = dryRun.equalsIgnoreCase("true") || dryRun.equals("1") || dryRun.equals("t");
            if (!dry && !(dryRun.equalsIgnoreCase("false") || dryRun.equals("0") || dryRun.equals("f")))
            {
                diags.warning(src, "metadata.annotations." + DRY_RUN + ": \"" + dryRun
                        + "\" is no boolean; Istio reads it as false");
            }
        }
        if (action == AuthorizationPolicy.Action.CUSTOM)
        {
            diags.warning(src, "CUSTOM AuthorizationPolicy " + ns + "/" + name + ": its provider's answer is not"
                    + " modelled; requests are decided as if it allowed them");
        }
        return new AuthorizationPolicy(ns, name, selector, List.copyOf(targets), action,
                providerName == null || providerName.isEmpty() ? null : providerName, dry, List.copyOf(rules), src);
    }

    private AuthorizationPolicy.TargetRef targetRef(final YamlNode node)
    {
        final FieldReader t = FieldReader.of(node, diags, ERROR, "group", "kind", "name", "namespace");
        final String kind = t.requiredString("kind");
        final String name = t.requiredString("name");
        final String group = t.string("group");
        final String namespace = t.string("namespace");
        return new AuthorizationPolicy.TargetRef(group == null ? "" : group, kind == null ? "" : kind,
                name == null ? "" : name, namespace == null ? "" : namespace);
    }

    private AuthorizationPolicy.Action action(final FieldReader spec)
    {
        final String a = spec.string("action");
        if (a == null || a.isEmpty())
        {
            return AuthorizationPolicy.Action.ALLOW;
        }
        for (final AuthorizationPolicy.Action v : AuthorizationPolicy.Action.values())
        {
            if (v.name().equals(a))
            {
                return v;
            }
        }
        diags.error(spec.field("action"), "unsupported action \"" + a + "\" (expected ALLOW, DENY, AUDIT or CUSTOM)");
        return AuthorizationPolicy.Action.ALLOW;
    }

    private AuthorizationPolicy.Rule rule(final YamlNode node, final int i, final String ns,
            final AuthorizationPolicy.Action action)
    {
        final FieldReader r = FieldReader.of(node, diags, ERROR, "from", "to", "when");
        final List<List<Test>> from = new ArrayList<>();
        if (r.has("from") && r.list("from").isEmpty())
        {
            diags.error(r.field("from"), "`from` must not be empty, found at rule " + i);
        }
        for (final YamlNode f : r.list("from"))
        {
            final FieldReader fr = FieldReader.of(f, diags, ERROR, "source");
            if (!fr.has("source"))
            {
                diags.error(f, "`from.source` must not be nil, found at rule " + i);
                continue;
            }
            from.add(source(fr.object("source", ERROR, SOURCE), i, ns, action));
        }
        final List<List<Test>> to = new ArrayList<>();
        if (r.has("to") && r.list("to").isEmpty())
        {
            diags.error(r.field("to"), "`to` must not be empty, found at rule " + i);
        }
        for (final YamlNode t : r.list("to"))
        {
            final FieldReader tr = FieldReader.of(t, diags, ERROR, "operation");
            if (!tr.has("operation"))
            {
                diags.error(t, "`to.operation` must not be nil, found at rule " + i);
                continue;
            }
            to.add(operation(tr.object("operation", ERROR, OPERATION), i, action));
        }
        final List<Test> when = new ArrayList<>();
        for (final YamlNode w : r.list("when"))
        {
            final Test c = condition(FieldReader.of(w, diags, ERROR, "key", "values", "notValues"), ns, action);
            if (c != null)
            {
                when.add(c);
            }
        }
        return new AuthorizationPolicy.Rule(List.copyOf(from), List.copyOf(to), List.copyOf(when));
    }

    private List<Test> source(final FieldReader s, final int i, final String ns,
            final AuthorizationPolicy.Action action)
    {
        final List<Test> out = new ArrayList<>();
        boolean any = false;
        for (final String f : SOURCE)
        {
            any |= s.has(f);
            if (s.stringList(f).contains(""))
            {
                diags.error(s.field(f), "empty value not allowed, found in " + Character.toUpperCase(f.charAt(0))
                        + f.substring(1));
            }
        }
        if (!any)
        {
            diags.error(s.node(), "`from.source` must not be empty, found at rule " + i);
        }
        if ((s.has("principals") || s.has("notPrincipals") || s.has("namespaces") || s.has("notNamespaces"))
                && (s.has("serviceAccounts") || s.has("notServiceAccounts")))
        {
            diags.error(s.node(), "cannot set serviceAccounts with namespaces or principals, found at rule " + i);
        }
        if (action == AuthorizationPolicy.Action.CUSTOM)
        {
            for (final String f : List.of("namespaces", "notNamespaces", "serviceAccounts", "notServiceAccounts",
                    "trustDomains", "notTrustDomains", "principals", "notPrincipals", "requestPrincipals",
                    "notRequestPrincipals"))
            {
                if (s.has(f))
                {
                    diags.error(s.field(f), "From." + Character.toUpperCase(f.charAt(0)) + f.substring(1)
                            + " is currently not supported with CUSTOM action");
                }
            }
        }
        // Istio's insertFront order: principals first ... ipBlocks last; the order does not change the result
        add(out, s, Field.PRINCIPAL, "principals", "notPrincipals");
        add(out, s, Field.REQUEST_PRINCIPAL, "requestPrincipals", "notRequestPrincipals");
        serviceAccounts(out, s, ns);
        add(out, s, Field.TRUST_DOMAIN, "trustDomains", "notTrustDomains");
        add(out, s, Field.NAMESPACE, "namespaces", "notNamespaces");
        ips(out, s, Field.REMOTE_IP, "remoteIpBlocks", "notRemoteIpBlocks");
        ips(out, s, Field.IP, "ipBlocks", "notIpBlocks");
        return List.copyOf(out);
    }

    private void serviceAccounts(final List<Test> out, final FieldReader s, final String ns)
    {
        final List<String> values = new ArrayList<>();
        final List<String> notValues = new ArrayList<>();
        for (final String f : List.of("serviceAccounts", "notServiceAccounts"))
        {
            for (final YamlNode v : s.list(f))
            {
                final String sa = FieldReader.asString(v, diags);
                if (sa == null || sa.isEmpty())
                {
                    continue;
                }
                final String error = checkServiceAccount(sa);
                if (error != null)
                {
                    diags.error(v, error + ", found in " + Character.toUpperCase(f.charAt(0)) + f.substring(1));
                }
                (f.startsWith("not") ? notValues : values).add(sa.contains("/") ? sa : ns + "/" + sa);
            }
        }
        if (!values.isEmpty() || !notValues.isEmpty())
        {
            out.add(new Test(Field.SERVICE_ACCOUNT, null, List.copyOf(values), List.copyOf(notValues)));
        }
    }

    private static String checkServiceAccount(final String value)
    {
        if (value.contains("*"))
        {
            return "wildcard not allowed";
        }
        final int slash = value.indexOf('/');
        if (slash != value.lastIndexOf('/') || slash == 0 || slash == value.length() - 1)
        {
            return "expected format 'serviceAccount' or 'namespace/serviceAccount', found \"" + value + "\"";
        }
        return value.length() > 320 ? "value cannot exceed 320 characters" : null;
    }

    private void add(final List<Test> out, final FieldReader s, final Field field, final String values,
            final String notValues)
    {
        final List<String> v = s.stringList(values);
        final List<String> n = s.stringList(notValues);
        if (!v.isEmpty() || !n.isEmpty())
        {
            out.add(new Test(field, null, List.copyOf(v), List.copyOf(n)));
        }
    }

    private void ips(final List<Test> out, final FieldReader s, final Field field, final String values,
            final String notValues)
    {
        for (final String f : List.of(values, notValues))
        {
            for (final YamlNode v : s.list(f))
            {
                checkIp(v, FieldReader.asString(v, diags));
            }
        }
        add(out, s, field, values, notValues);
    }

    /** Istio's {@code ValidateIPs}: an address, or a prefix Go's {@code netip.ParsePrefix} reads. */
    private void checkIp(final YamlNode at, final String v)
    {
        if (v == null || v.isEmpty())
        {
            return;
        }
        final int slash = v.indexOf('/');
        final String addr = slash < 0 ? v : v.substring(0, slash);
        final int bits = IpBlocks.family(addr);
        if (bits == 0)
        {
            diags.error(at, slash < 0 ? "bad IP address (" + v + ")" : "bad CIDR range (" + v + "): invalid address");
            return;
        }
        if (slash >= 0)
        {
            final String len = v.substring(slash + 1);
            final int n = len.matches("0|[1-9][0-9]{0,2}") ? Integer.parseInt(len) : -1;
            if (n < 0 || n > bits)
            {
                diags.error(at, "bad CIDR range (" + v + "): bad bits after slash: \"" + len + "\"");
            }
        }
    }

    private List<Test> operation(final FieldReader o, final int i, final AuthorizationPolicy.Action action)
    {
        boolean any = false;
        for (final String f : OPERATION)
        {
            any |= o.has(f);
            if (o.stringList(f).contains(""))
            {
                diags.error(o.field(f), "empty value not allowed, found in " + Character.toUpperCase(f.charAt(0))
                        + f.substring(1));
            }
        }
        if (!any)
        {
            diags.error(o.node(), "`to.operation` must not be empty, found at rule " + i);
        }
        for (final String f : List.of("ports", "notPorts"))
        {
            for (final YamlNode v : o.list(f))
            {
                checkPort(v, FieldReader.asString(v, diags));
            }
        }
        for (final String f : List.of("paths", "notPaths"))
        {
            for (final YamlNode v : o.list(f))
            {
                checkPathTemplate(v, FieldReader.asString(v, diags), Character.toUpperCase(f.charAt(0))
                        + f.substring(1));
            }
        }
        final List<Test> out = new ArrayList<>();
        add(out, o, Field.PORT, "ports", "notPorts");
        add(out, o, Field.PATH, "paths", "notPaths");
        add(out, o, Field.METHOD, "methods", "notMethods");
        add(out, o, Field.HOST, "hosts", "notHosts");
        return List.copyOf(out);
    }

    private void checkPort(final YamlNode at, final String v)
    {
        if (v != null && !(v.matches("[0-9]{1,5}") && Integer.parseInt(v) <= 65535))
        {
            diags.error(at, "bad port (" + v + ")");
        }
    }

    /** Istio's {@code CheckValidPathTemplate}. */
    private void checkPathTemplate(final YamlNode at, final String path, final String key)
    {
        if (path == null)
        {
            return;
        }
        final boolean template = path.contains("{*}") || path.contains("{**}");
        boolean any = false;
        final String trimmed = trimSlashes(path);
        for (final String glob : trimmed.split("/", -1))
        {
            if (glob.equals("{*}") && !any)
            {
                continue;
            }
            if (glob.equals("{**}") && !any)
            {
                any = true;
                continue;
            }
            if (glob.equals("{**}") || glob.equals("{*}"))
            {
                diags.error(at, "invalid or unsupported path " + trimmed + ", found in " + key
                        + ". {**} is not the last operator");
                return;
            }
            if (glob.contains("{") || glob.contains("}"))
            {
                diags.error(at, "invalid or unsupported path " + trimmed + ", found in " + key
                        + ". Contains '{' or '}' beyond a supported path template");
                return;
            }
            if (template && !VALID_LITERAL.matcher(glob).matches())
            {
                diags.error(at, "invalid or unsupported path " + trimmed + ", found in " + key
                        + ". Contains segment " + glob + " with invalid string literal");
                return;
            }
        }
    }

    private static String trimSlashes(final String s)
    {
        int b = 0;
        int e = s.length();
        while (b < e && s.charAt(b) == '/')
        {
            b++;
        }
        while (e > b && s.charAt(e - 1) == '/')
        {
            e--;
        }
        return s.substring(b, e);
    }

    /** A {@code when} condition, or {@code null} when it is wrong (reported). */
    private Test condition(final FieldReader w, final String ns, final AuthorizationPolicy.Action action)
    {
        final String key = w.string("key");
        final List<String> values = w.stringList("values");
        final List<String> notValues = w.stringList("notValues");
        if (key == null || key.isEmpty())
        {
            diags.error(w.present() ? w.node() : null, "`key` must not be empty");
            return null;
        }
        if (values.isEmpty() && notValues.isEmpty())
        {
            diags.error(w.field("key"), "at least one of `values` or `notValues` must be set for key " + key);
            return null;
        }
        if (values.contains("") || notValues.contains(""))
        {
            diags.error(w.field(values.contains("") ? "values" : "notValues"), "invalid `"
                    + (values.contains("") ? "value" : "notValue") + "` for `key` " + key
                    + ": empty value not allowed, found in " + key);
            return null;
        }
        if (action == AuthorizationPolicy.Action.CUSTOM && (PRINCIPAL_KEYS.contains(key)
                || key.startsWith("request.auth.")))
        {
            diags.error(w.field("key"), key + " is currently not supported with CUSTOM action");
        }
        final Field field = whenField(w, key);
        if (field == null)
        {
            return null;
        }
        if (field == Field.IP || field == Field.REMOTE_IP || field == Field.DEST_IP)
        {
            for (final String f : List.of("values", "notValues"))
            {
                for (final YamlNode v : w.list(f))
                {
                    checkIp(v, FieldReader.asString(v, diags));
                }
            }
        }
        if (field == Field.PORT)
        {
            for (final String f : List.of("values", "notValues"))
            {
                for (final YamlNode v : w.list(f))
                {
                    checkPort(v, FieldReader.asString(v, diags));
                }
            }
        }
        if (field == Field.SERVICE_ACCOUNT)
        {
            return serviceAccountCondition(w, ns, values, notValues);
        }
        final String header = field == Field.HEADER
                ? key.substring(key.indexOf('[') + 1, key.length() - 1).toLowerCase(Locale.ROOT)
                : field == Field.REQUEST_CLAIM ? claimPath(key) : null;
        return new Test(field, header, List.copyOf(values), List.copyOf(notValues));
    }

    private Test serviceAccountCondition(final FieldReader w, final String ns, final List<String> values,
            final List<String> notValues)
    {
        final List<String> v = new ArrayList<>();
        final List<String> n = new ArrayList<>();
        for (final String sa : values)
        {
            report(w, "values", sa);
            v.add(sa.contains("/") ? sa : ns + "/" + sa);
        }
        for (final String sa : notValues)
        {
            report(w, "notValues", sa);
            n.add(sa.contains("/") ? sa : ns + "/" + sa);
        }
        return new Test(Field.SERVICE_ACCOUNT, null, List.copyOf(v), List.copyOf(n));
    }

    private void report(final FieldReader w, final String f, final String sa)
    {
        final String error = checkServiceAccount(sa);
        if (error != null)
        {
            diags.error(w.field(f), "invalid `" + (f.equals("values") ? "value" : "notValue")
                    + "` for `key` source.serviceAccount: " + error);
        }
    }

    /**
     * Istio's {@code extractNameInNestedBrackets}: {@code request.auth.claims[a][b]} is the path {@code a}, {@code b}
     * (else the whole bracketed name is one claim); {@code audiences} reads {@code aud}, {@code presenter}
     * {@code azp}.
     *
     * @return the claim names joined by {@code \0}.
     */
    static String claimPath(final String key)
    {
        if (key.equals("request.auth.audiences"))
        {
            return "aud";
        }
        if (key.equals("request.auth.presenter"))
        {
            return "azp";
        }
        final String s = key.substring("request.auth.claims".length());
        final StringBuilder out = new StringBuilder();
        int begin = 0;
        while (begin < s.length())
        {
            int end = -1;
            if (s.charAt(begin) == '[')
            {
                for (int i = begin + 1; i < s.length() && s.charAt(i) != '['; i++)
                {
                    if (s.charAt(i) == ']')
                    {
                        end = i;
                        break;
                    }
                }
            }
            if (end < 0)
            {
                return s.substring(1, s.length() - 1);
            }
            out.append(begin == 0 ? "" : "\0").append(s, begin + 1, end);
            begin = end + 1;
        }
        return out.toString();
    }

    /** Istio's {@code ValidateAttribute} keys, and what each reads. */
    private Field whenField(final FieldReader w, final String key)
    {
        final YamlNode at = w.field("key");
        if (key.startsWith("request.headers") || key.startsWith("request.auth.claims")
                || key.startsWith("experimental.envoy.filters."))
        {
            final int open = key.indexOf('[');
            if (!(key.endsWith("]") && open > 0 && open < key.length() - 2))
            {
                diags.error(at, "invalid `value` for `key` " + key + ": bad key (" + key
                        + "): should have format a[b]");
                return null;
            }
            return key.startsWith("request.headers") ? Field.HEADER
                    : key.startsWith("request.auth.claims") ? Field.REQUEST_CLAIM : Field.ABSENT;
        }
        switch (key)
        {
            case "source.ip":
                return Field.IP;
            case "remote.ip":
                return Field.REMOTE_IP;
            case "source.namespace":
                return Field.NAMESPACE;
            case "source.serviceAccount":
                return Field.SERVICE_ACCOUNT;
            case "source.principal":
                return Field.PRINCIPAL;
            case "source.trustDomain":
                return Field.TRUST_DOMAIN;
            case "request.auth.principal":
                return Field.REQUEST_PRINCIPAL;
            case "request.auth.audiences": case "request.auth.presenter":
                return Field.REQUEST_CLAIM;
            case "destination.ip":
                return Field.DEST_IP;
            case "destination.port":
                return Field.PORT;
            case "connection.sni":
                return Field.SNI;
            case "destination.namespace":
                diags.error(at, "invalid `value` for `key` " + key + ": attribute " + key
                        + " is replaced by the metadata.namespace");
                return null;
            default:
                if (key.startsWith("destination.labels"))
                {
                    diags.error(at, "invalid `value` for `key` " + key + ": attribute " + key
                            + " is replaced by the workload selector");
                }
                else if (key.equals("destination.name") || key.equals("destination.user"))
                {
                    diags.error(at, "invalid `value` for `key` " + key + ": deprecated attribute " + key
                            + ": only supported in v1alpha1");
                }
                else
                {
                    diags.error(at, "invalid `value` for `key` " + key + ": unknown attribute: " + key);
                }
                return null;
        }
    }

    /**
     * A Pod as a workload of the policies: its namespace, labels, addresses and service account
     * ({@code spec.serviceAccountName}, else the deprecated {@code serviceAccount}, else {@code default}). The Pod's
     * fields are checked where the registry reads them.
     */
    static Authorization.Workload workload(final YamlNode specNode, final YamlNode statusNode, final String ns,
            final String name, final Map<String, String> labels)
    {
        final Diagnostics quiet = new Diagnostics();
        final FieldReader spec = FieldReader.of(specNode, quiet, IGNORE);
        String sa = spec.string("serviceAccountName");
        if (sa == null || sa.isEmpty())
        {
            sa = spec.string("serviceAccount");
        }
        final FieldReader status = FieldReader.of(statusNode, quiet, IGNORE);
        final List<String> addresses = new ArrayList<>();
        final String ip = status.string("podIP");
        if (ip != null && !ip.isEmpty())
        {
            addresses.add(ip);
        }
        for (final YamlNode item : status.list("podIPs"))
        {
            final String a = FieldReader.of(item, quiet, IGNORE).string("ip");
            if (a != null && !a.isEmpty() && !addresses.contains(a))
            {
                addresses.add(a);
            }
        }
        return new Authorization.Workload(ns, name, Map.copyOf(labels), List.copyOf(addresses),
                sa == null || sa.isEmpty() ? "default" : sa);
    }

    /** Address families of the text Istio's {@code netip} parses. */
    static final class IpBlocks
    {
        private IpBlocks()
        {
        }

        /** @return 32 for an IPv4 literal, 128 for an IPv6 one, 0 for anything else. */
        static int family(final String s)
        {
            if (s.isEmpty() || s.contains("%"))
            {
                return 0;
            }
            if (s.contains(":"))
            {
                if (!s.matches("[0-9A-Fa-f:.]+"))
                {
                    return 0;
                }
                try
                {
                    InetAddress.getByName(s);
                    return 128;
                }
                catch (final java.net.UnknownHostException ex)
                {
                    return 0;
                }
            }
            final String[] p = s.split("\\.", -1);
            if (p.length != 4)
            {
                return 0;
            }
            for (final String part : p)
            {
                if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255)
                {
                    return 0;
                }
            }
            return 32;
        }
    }
}
