package dev.wirespeed.fib.decision;

/**
 * The built-in reason codes (why a record was dropped or punted), their kebab-case names (like VPP's
 * error counters) and the {@link Disposition} a record with that reason counts as. The L3 and L7
 * lookups, the packet parser and the pipeline write these codes; the decision writers print the names.
 * The embedding code may add reasons after {@link #COUNT} at run time (the pipeline's reason table).
 *
 * <p>The table below is the one definition: ids are dense small ints (they index counter arrays). A
 * duplicate id or name fails when the class loads.
 */
public final class Reasons
{
    /** No reason: the record is fine. */
    public static final int NONE = 0;
    /** No route matched: the L3 LPM missed, or no HTTP route matched (Envoy {@code NR}). */
    public static final int NO_ROUTE = 1;
    /** TTL (IPv4) or hop limit (IPv6) was 0 or 1. */
    public static final int TTL_EXPIRED = 2;
    /** A ring was full and the pipeline tail-drops. */
    public static final int RING_FULL = 3;
    /** A trace record (JSONL line) that is not a valid request. */
    public static final int BAD_RECORD = 4;
    /** Headers that contradict themselves or the frame length. */
    public static final int MALFORMED = 5;
    /** A header was cut short by the capture's snap length. */
    public static final int TRUNCATED = 6;
    /** The link type is not one the parser decodes. */
    public static final int UNSUPPORTED_LINKTYPE = 7;
    /** A protocol the path does not handle. */
    public static final int UNSUPPORTED_PROTOCOL = 8;
    /** The forwarder left the action {@link Actions#NONE}. */
    public static final int NO_DECISION = 9;
    /** Envoy {@code UH}: the cluster has no healthy endpoint. */
    public static final int NO_HEALTHY_UPSTREAM = 10;
    /** Envoy {@code NC}: the destination's cluster or subset is not defined. */
    public static final int NO_CLUSTER = 11;
    /** Envoy {@code FI}: an injected abort. */
    public static final int FAULT_ABORT = 12;
    /** The frame carries neither IPv4, IPv6 nor ARP. */
    public static final int UNSUPPORTED_ETHERTYPE = 13;
    /** ARP: punted to the control plane. */
    public static final int ARP = 14;
    /** The destination is one of the engine's own addresses: punted. */
    public static final int LOCAL_ADDRESS = 15;
    /** A VXLAN or GENEVE header that breaks its RFC (I flag, version) or is cut short in a whole frame. */
    public static final int MALFORMED_TUNNEL = 16;
    /** A TLS handshake record whose ClientHello contradicts itself. */
    public static final int MALFORMED_TLS = 17;
    /** An h2c connection whose frames or HPACK block break RFC 9113 / RFC 7541. */
    public static final int MALFORMED_H2 = 18;
    /** An h2c header block larger than the per-connection buffer. */
    public static final int H2_HEADERS_TOO_LARGE = 19;
    /** A request head that outgrew its flow's reassembly buffer. */
    public static final int REASSEMBLY_OVERFLOW = 20;
    /** A connection an HTTP connection manager cannot read as HTTP (Envoy's {@code DPE}: a codec error, 400). */
    public static final int DOWNSTREAM_PROTOCOL_ERROR = 21;
    /** A gateway's RBAC filter denied the request: its local reply {@code 403 RBAC: access denied}. */
    public static final int RBAC_ACCESS_DENIED = 22;

    private static final Descriptor[] TABLE = {
        new Descriptor(NONE, "none", Disposition.FORWARDED),
        new Descriptor(NO_ROUTE, "no-route", Disposition.DROPPED),
        new Descriptor(TTL_EXPIRED, "ttl-expired", Disposition.DROPPED),
        new Descriptor(RING_FULL, "ring-full", Disposition.DROPPED),
        new Descriptor(BAD_RECORD, "bad-record", Disposition.DROPPED),
        new Descriptor(MALFORMED, "malformed", Disposition.DROPPED),
        new Descriptor(TRUNCATED, "truncated", Disposition.DROPPED),
        new Descriptor(UNSUPPORTED_LINKTYPE, "unsupported-linktype", Disposition.DROPPED),
        new Descriptor(UNSUPPORTED_PROTOCOL, "unsupported-protocol", Disposition.DROPPED),
        new Descriptor(NO_DECISION, "no-decision", Disposition.DROPPED),
        new Descriptor(NO_HEALTHY_UPSTREAM, "no-healthy-upstream", Disposition.DROPPED),
        new Descriptor(NO_CLUSTER, "no-cluster", Disposition.DROPPED),
        new Descriptor(FAULT_ABORT, "fault-abort", Disposition.ANSWERED),
        new Descriptor(UNSUPPORTED_ETHERTYPE, "unsupported-ethertype", Disposition.DROPPED),
        new Descriptor(ARP, "arp", Disposition.PUNTED),
        new Descriptor(LOCAL_ADDRESS, "local-address", Disposition.PUNTED),
        new Descriptor(MALFORMED_TUNNEL, "malformed-tunnel", Disposition.DROPPED),
        new Descriptor(MALFORMED_TLS, "malformed-tls", Disposition.DROPPED),
        new Descriptor(MALFORMED_H2, "malformed-h2", Disposition.DROPPED),
        new Descriptor(H2_HEADERS_TOO_LARGE, "h2-headers-too-large", Disposition.DROPPED),
        new Descriptor(REASSEMBLY_OVERFLOW, "reassembly-overflow", Disposition.DROPPED),
        new Descriptor(DOWNSTREAM_PROTOCOL_ERROR, "downstream-protocol-error", Disposition.DROPPED),
        new Descriptor(RBAC_ACCESS_DENIED, "rbac-access-denied", Disposition.DROPPED),
    };

    /** Number of built-in reason codes (ids are 0 to COUNT - 1). */
    public static final int COUNT = TABLE.length;

    private static final String[] NAMES = Descriptor.names(TABLE);
    private static final int[] DISPOSITIONS = Descriptor.dispositions(TABLE);

    private Reasons()
    {
    }

    /**
     * @param reason a built-in reason code.
     * @return its kebab-case name, or {@code null} when it is not built in.
     */
    public static String name(final int reason)
    {
        return reason >= 0 && reason < COUNT ? NAMES[reason] : null;
    }

    /**
     * @param name a kebab-case reason name.
     * @return its built-in code, or -1.
     */
    public static int code(final String name)
    {
        return Descriptor.code(NAMES, name);
    }

    /**
     * @param reason a built-in reason code.
     * @return the {@link Disposition} of a record with that reason ({@code dropped} when not built in).
     */
    public static int disposition(final int reason)
    {
        return reason >= 0 && reason < COUNT ? DISPOSITIONS[reason] : Disposition.DROPPED;
    }

    /** @return a copy of the built-in names, indexed by code. */
    public static String[] names()
    {
        return NAMES.clone();
    }
}
