package dev.wirespeed.fib.l7;

/**
 * The layout of the {@code AUTHZ} section (an {@link IndexedTable}; docs/fib.md "AUTHZ"): the RBAC rules Istio
 * builds from AuthorizationPolicies for each workload, as {@link AuthzStage} evaluates them.
 *
 * <pre>
 * AUTHZ  ints [any, identityCount]
 *   keys  KEY_GATEWAY(gateway string id) -&gt; set       a gateway's proxy
 *         KEY_ENDPOINT(address string id) -&gt; endpoint  the sidecar of an endpoint's Pod
 *         KEY_IDENTITY(address string id) -&gt; identity  a client Pod (with a sidecar) by its address
 *         KEY_GATEWAY_CLIENT(gateway string id) -&gt; { identity, family, address words[4] }  a gateway's Pod
 *   endpoint { set, mtls, portCount, {port, mtls}[portCount] }
 *   set     { denyCount, allowPolicies, allowCount, {authzId, rule}[denyCount], rule[allowCount] }
 *           (deny entries in Envoy's order of the policy names; allowPolicies 0: no ALLOW policy applies, else 1 +
 *           the string id of {@code allow-none-matched})
 *   rule    { when, fromCount, toCount, clause[fromCount], clause[toCount] }
 *   clause  { testCount, test[testCount] }
 *   test    { field, nameId, valueCount, notCount, matcher[valueCount + notCount] }
 *           (an {@code AF_JWT_CLAIM} test's nameId: the int index of its claim path {count, nameId[count]})
 *   matcher { kind, a, b, c, d, e }
 * </pre>
 */
public final class AuthzLayout
{
    /** Header: 1 when some policy is loaded. */
    public static final int AZ_ANY = 0;
    /** Header: the number of mTLS identities (the config cluster's Pods' principals). */
    public static final int AZ_IDENTITY_COUNT = 1;
    /** Header ints. */
    public static final int AZ_HEADER_SIZE = 2;

    /** Key kind: a gateway by its string id. */
    public static final int AZ_KEY_GATEWAY = 1;
    /** Key kind: an endpoint entry of {@code ENDPOINTS}. */
    public static final int AZ_KEY_ENDPOINT = 2;
    /** Key kind: a client's source address (string id) to its identity. */
    public static final int AZ_KEY_IDENTITY = 3;
    /** Key kind: a gateway by its string id, to its Pod as a client ({identity, family, 4 address words}). */
    public static final int AZ_KEY_GATEWAY_CLIENT = 4;

    /** Endpoint: the set of its sidecar's policies. */
    public static final int AE_SET = 0;
    /** Endpoint: 1 when mTLS reaches it on a port its workload policy's {@code portLevelMtls} does not name. */
    public static final int AE_MTLS = 1;
    /** Endpoint: the ports its workload policy names. */
    public static final int AE_PORT_COUNT = 2;
    /** Endpoint: {port, mtls}[portCount]. */
    public static final int AE_PORTS = 3;

    /** Set: deny entries. */
    public static final int AS_DENY_COUNT = 0;
    /** Set: 0 when no ALLOW policy applies, else 1 + the string id of {@code allow-none-matched}. */
    public static final int AS_ALLOW_POLICIES = 1;
    /** Set: allow rules. */
    public static final int AS_ALLOW_COUNT = 2;
    /** Set: the entries. */
    public static final int AS_ENTRIES = 3;

    /** Rule: the clause of its {@code when} conditions. */
    public static final int AR_WHEN = 0;
    /** Rule: {@code from} clauses. */
    public static final int AR_FROM_COUNT = 1;
    /** Rule: {@code to} clauses. */
    public static final int AR_TO_COUNT = 2;
    /** Rule: the clause refs. */
    public static final int AR_CLAUSES = 3;

    /** Test: the field ({@code AF_*}). */
    public static final int AT_FIELD = 0;
    /** Test: a header's name id. */
    public static final int AT_NAME = 1;
    /** Test: values. */
    public static final int AT_VALUES = 2;
    /** Test: notValues. */
    public static final int AT_NOT_VALUES = 3;
    /** Test: the matchers. */
    public static final int AT_MATCHERS = 4;
    /** Ints of a matcher. */
    public static final int MATCHER_SIZE = 6;

    /** Field: {@code :authority}, compared ASCII-lower-cased. */
    public static final int AF_HOST = 0;
    /** Field: {@code :method}. */
    public static final int AF_METHOD = 1;
    /** Field: a request header. */
    public static final int AF_HEADER = 2;
    /** Field: the path without query. */
    public static final int AF_PATH = 3;
    /** Field: the connection's local port. */
    public static final int AF_PORT = 4;
    /** Field: the downstream address. */
    public static final int AF_SOURCE_IP = 5;
    /** Field: the connection's local address. */
    public static final int AF_DEST_IP = 6;
    /** Field: the mTLS identity (principal, namespace, service account, trust domain). */
    public static final int AF_IDENTITY = 7;
    /** Field: an attribute no request carries. */
    public static final int AF_NONE = 8;
    /** Field: the {@code iss} and {@code sub} claims of the token the proxy's jwt_authn filter accepted. */
    public static final int AF_JWT_PRINCIPAL = 9;
    /**
     * Field: a claim of the accepted token (a string, or any string of a list); the test's {@code nameId} is then the
     * int index of its path {@code {count, nameId[count]}}.
     */
    public static final int AF_JWT_CLAIM = 10;

    /** Matcher: equal to string {@code a}. */
    public static final int AM_EXACT = 0;
    /** Matcher: starts with string {@code a}. */
    public static final int AM_PREFIX = 1;
    /** Matcher: ends with string {@code a}. */
    public static final int AM_SUFFIX = 2;
    /** Matcher: present (a path: not empty). */
    public static final int AM_PRESENT = 3;
    /** Matcher: the path template string {@code a} ({@code {*}}, {@code {**}}). */
    public static final int AM_TEMPLATE = 4;
    /** Matcher: port {@code a}. */
    public static final int AM_PORT = 5;
    /** Matcher: IPv4 address {@code a}, prefix length {@code b}. */
    public static final int AM_CIDR4 = 6;
    /** Matcher: IPv6 address words {@code a..d}, prefix length {@code e}. */
    public static final int AM_CIDR6 = 7;
    /** Matcher: the identity's bit in the set at int {@code a} ({@code {wordCount, words}}). */
    public static final int AM_IDENTITIES = 8;
    /** Matcher: never holds. */
    public static final int AM_NEVER = 9;
    /**
     * Matcher: a request principal, {@code iss} by string matcher kind {@code a} with string {@code b}, {@code sub}
     * by kind {@code c} with string {@code d} ({@link #AM_PRESENT}: not empty).
     */
    public static final int AM_JWT_PRINCIPAL = 10;

    private AuthzLayout()
    {
    }

    /**
     * @param kind  {@code AZ_KEY_*}.
     * @param value the gateway's string id, the endpoint entry.
     * @return the index key.
     */
    public static long key(final int kind, final int value)
    {
        return (long)kind << 40 | value & 0xFFFF_FFFFL;
    }
}
