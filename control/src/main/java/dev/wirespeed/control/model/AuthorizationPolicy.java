package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * An Istio {@code AuthorizationPolicy} ({@code security.istio.io/v1}, {@code v1beta1}), its rules normalised as
 * Istio's {@code authz/model.New} reads them (docs/routing.md "Authorization"): a rule matches when every
 * {@link Rule#when} condition holds, some {@link Rule#from} clause holds (or there is none) and some {@link Rule#to}
 * clause holds (or there is none); a clause holds when each of its tests does.
 *
 * @param namespace  its namespace.
 * @param name       its name.
 * @param selector   {@code selector.matchLabels}, {@code null} when it has no selector (namespace-wide, or mesh-wide
 *                   in the root namespace).
 * @param targetRefs {@code targetRef} and {@code targetRefs}.
 * @param action     {@code action} (absent: {@code ALLOW}).
 * @param provider   {@code provider.name} of a {@code CUSTOM} policy, else {@code null}.
 * @param dryRun     the annotation {@code istio.io/dry-run: "true"}: Envoy's shadow rules, no effect on a request.
 * @param rules      its rules (empty: none, which matches nothing).
 * @param source     the document.
 */
public record AuthorizationPolicy(String namespace, String name, Map<String, String> selector,
        List<TargetRef> targetRefs, Action action, String provider, boolean dryRun, List<Rule> rules,
        SourceRef source)
{
    /** {@code AuthorizationPolicy.Action}. */
    public enum Action
    {
        /** A request must match a rule of some ALLOW policy when any applies. */
        ALLOW,
        /** A request matching a rule is denied. */
        DENY,
        /** Logged only. */
        AUDIT,
        /** Delegated to an external authorizer (not modelled). */
        CUSTOM
    }

    /** The attribute a test reads. */
    public enum Field
    {
        /** {@code source.principals}, {@code source.principal}: the mTLS peer's URI SAN. */
        PRINCIPAL,
        /** {@code source.namespaces}, {@code source.namespace}: read from the principal. */
        NAMESPACE,
        /** {@code source.serviceAccounts}, {@code source.serviceAccount} ({@code ns/sa}): from the principal. */
        SERVICE_ACCOUNT,
        /** {@code source.trustDomains}, {@code source.trustDomain}: from the principal. */
        TRUST_DOMAIN,
        /** {@code ipBlocks}, {@code source.ip}: the downstream connection's address. */
        IP,
        /** {@code remoteIpBlocks}, {@code remote.ip}: the original client address. */
        REMOTE_IP,
        /** {@code hosts}: the {@code :authority} header, case-insensitive. */
        HOST,
        /** {@code methods}: the {@code :method} header. */
        METHOD,
        /** {@code paths}: the path without its query. */
        PATH,
        /** {@code ports}, {@code destination.port}: the connection's local port. */
        PORT,
        /** {@code request.headers[NAME]}. */
        HEADER,
        /** {@code destination.ip}: the connection's local address. */
        DEST_IP,
        /** {@code connection.sni}. */
        SNI,
        /**
         * {@code requestPrincipals}, {@code request.auth.principal}: the {@code iss} and {@code sub} claims of the
         * token the proxy's {@code jwt_authn} filter accepted (a value {@code ISS/SUB}, split at its last {@code /}).
         */
        REQUEST_PRINCIPAL,
        /**
         * {@code request.auth.claims[a][b]}, {@code request.auth.audiences} ({@code aud}),
         * {@code request.auth.presenter} ({@code azp}): a claim of the accepted token, a string or any string of a
         * list; the key is the claim's path, its names joined by {@code \0}.
         */
        REQUEST_CLAIM,
        /** Attributes no request here carries: {@code experimental.envoy.filters.*} (other filters' metadata). */
        ABSENT
    }

    /**
     * One attribute test: some of {@code values} matches (when any are written) and none of {@code notValues}.
     *
     * @param field     the attribute.
     * @param key       the header name (lower-case) of a {@link Field#HEADER} test, the claim path of a
     *                  {@link Field#REQUEST_CLAIM} test, else {@code null}.
     * @param values    the values (Istio's {@code *} prefix, suffix and presence forms).
     * @param notValues the negated values.
     */
    public record Test(Field field, String key, List<String> values, List<String> notValues)
    {
    }

    /**
     * A rule.
     *
     * @param from its {@code from[].source} clauses (empty: any source).
     * @param to   its {@code to[].operation} clauses (empty: any operation).
     * @param when its {@code when} conditions.
     */
    public record Rule(List<List<Test>> from, List<List<Test>> to, List<Test> when)
    {
    }

    /**
     * A {@code targetRef}.
     *
     * @param group     its group ({@code ""} for the core group).
     * @param kind      its kind.
     * @param name      its name.
     * @param namespace its namespace ({@code ""}: the policy's).
     */
    public record TargetRef(String group, String kind, String name, String namespace)
    {
    }

    /** @return {@code namespace/name}. */
    public String qualifiedName()
    {
        return namespace + "/" + name;
    }

    /**
     * @param rule a rule index.
     * @return the name of the Envoy RBAC policy Istio builds from it ({@code ns[NS]-policy[NAME]-rule[I]}); Envoy keeps
     *         its policies in a map ordered by these names and reports the first that matches.
     */
    public String rbacName(final int rule)
    {
        return "ns[" + namespace + "]-policy[" + name + "]-rule[" + rule + "]";
    }
}
