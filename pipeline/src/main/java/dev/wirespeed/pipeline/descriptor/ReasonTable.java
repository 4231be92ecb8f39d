package dev.wirespeed.pipeline.descriptor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reason codes (why a record was dropped, punted or marked bad) and their kebab-case names, like VPP's
 * error counters. The built-in codes are constants; the embedding code adds its own with {@link #register}
 * before building a pipeline (the pipeline allocates one drop counter per reason when it starts).
 *
 * <p>Codes are small dense ints (0 to {@link #MAX_REASONS} - 1) so the hot path indexes arrays with them.
 */
public final class ReasonTable
{
    /** Upper bound on reason codes, built-in and registered. */
    public static final int MAX_REASONS = 64;

    /** No reason: the record is fine. */
    public static final int NONE = 0;
    public static final int NO_ROUTE = 1;
    public static final int TTL_EXPIRED = 2;
    public static final int RING_FULL = 3;
    public static final int BAD_RECORD = 4;
    public static final int MALFORMED = 5;
    public static final int TRUNCATED = 6;
    public static final int UNSUPPORTED_LINKTYPE = 7;
    public static final int UNSUPPORTED_PROTOCOL = 8;
    /** The forwarder left the action {@link Actions#NONE}. */
    public static final int NO_DECISION = 9;
    /** Envoy {@code UH}. */
    public static final int NO_HEALTHY_UPSTREAM = 10;
    /** Envoy {@code NC}. */
    public static final int NO_CLUSTER = 11;
    /** Envoy {@code FI}. */
    public static final int FAULT_ABORT = 12;

    private static final String[] BUILT_IN = {
        "none", "no-route", "ttl-expired", "ring-full", "bad-record", "malformed", "truncated",
        "unsupported-linktype", "unsupported-protocol", "no-decision", "no-healthy-upstream", "no-cluster",
        "fault-abort"};
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final List<String> names = new ArrayList<>(MAX_REASONS);

    /** A table holding the built-in reasons. */
    public ReasonTable()
    {
        Collections.addAll(names, BUILT_IN);
    }

    /**
     * Adds a reason, or returns the code of an existing one with the same name.
     *
     * @param name kebab-case, e.g. {@code "acl-deny"}.
     * @return its code.
     * @throws IllegalArgumentException if the name is not kebab-case or the table is full.
     */
    public synchronized int register(final String name)
    {
        final int existing = names.indexOf(name);
        if (existing >= 0)
        {
            return existing;
        }
        if (!KEBAB.matcher(name).matches())
        {
            throw new IllegalArgumentException("reason name must be kebab-case (a-z, 0-9, '-'): '" + name + "'");
        }
        if (names.size() >= MAX_REASONS)
        {
            throw new IllegalArgumentException(
                "reason table full (" + MAX_REASONS + " reasons): cannot add '" + name + "'");
        }
        names.add(name);
        return names.size() - 1;
    }

    /**
     * @param code a reason code.
     * @return its name, or {@code "reason-<code>"} when unknown.
     */
    public synchronized String name(final int code)
    {
        return code >= 0 && code < names.size() ? names.get(code) : "reason-" + code;
    }

    /**
     * @param name a reason name.
     * @return its code, or -1.
     */
    public synchronized int code(final String name)
    {
        return names.indexOf(name);
    }

    /** @return number of reasons (codes are 0 to size - 1). */
    public synchronized int size()
    {
        return names.size();
    }

    /** @return a copy of the names, indexed by code. */
    public synchronized String[] names()
    {
        return names.toArray(new String[0]);
    }
}
