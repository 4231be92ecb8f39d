package dev.wirespeed.control.compile;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.wirespeed.control.config.RegexLimits;
import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.fib.l7.StringPoolWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the parts of {@link L7Compiler} share: the model, the capacities, the diagnostics, the string
 * pool, the regex side array and the destinations (host, subset, port) actions refer to.
 */
final class CompileContext
{
    final RoutingModel model;
    final L7Capacities caps;
    final List<String> errors = new ArrayList<>();
    final StringPoolWriter pool = new StringPoolWriter();
    final List<Pattern> patterns = new ArrayList<>();
    final Map<String, Integer> patternIndex = new HashMap<>();
    final Map<String, Integer> serviceByHost = new HashMap<>();
    final Map<List<Object>, Integer> destinationIds = new LinkedHashMap<>();
    final List<Destination> destinations = new ArrayList<>();
    /** The destinations of east-west gateways' DNS-SRV clusters (by identity: they equal the ordinary ones). */
    private final java.util.Set<Destination> dnsSrvDestinations = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());

    CompileContext(final RoutingModel model, final L7Capacities caps)
    {
        this.model = model;
        this.caps = caps;
    }

    void capacity(final String table, final String what, final long used, final long max)
    {
        if (used > max)
        {
            errors.add("capacity exceeded: " + table + " " + what + ": " + used + " > " + max);
        }
    }

    int s(final String v)
    {
        return pool.intern(v);
    }

    int pattern(final String regex, final SourceRef where)
    {
        final Integer known = patternIndex.get(regex);
        if (known != null)
        {
            return known;
        }
        final String overLimit = RegexLimits.check(regex);
        if (overLimit != null)
        {
            errors.add(where + ": " + overLimit);
            patterns.add(Pattern.compile("(?:a^)"));
            patternIndex.put(regex, patterns.size() - 1);
            return patterns.size() - 1;
        }
        try
        {
            patterns.add(Pattern.compile(regex));
        }
        catch (final PatternSyntaxException e)
        {
            errors.add(where + ": invalid RE2 regex '" + regex + "': " + e.getMessage());
            patterns.add(Pattern.compile("(?:a^)"));
        }
        patternIndex.put(regex, patterns.size() - 1);
        return patterns.size() - 1;
    }

    int destination(final Destination d)
    {
        final List<Object> key = java.util.Arrays.asList(d.host(), d.subset(), d.port(), d.clusterNotFoundStatus());
        final Integer known = destinationIds.get(key);
        if (known != null)
        {
            return known;
        }
        destinations.add(d);
        destinationIds.put(key, destinations.size() - 1);
        return destinations.size() - 1;
    }

    /**
     * A destination an east-west gateway's AUTO_PASSTHROUGH chain names (docs/routing.md §5.2): its cluster keeps
     * only the endpoints mTLS reaches (Istio's {@code EndpointsWithMTLSFilter}), so it is a destination of its own.
     */
    int dnsSrvDestination(final Destination d)
    {
        final List<Object> key = java.util.Arrays.asList(d.host(), d.subset(), d.port(), d.clusterNotFoundStatus(),
                "dns-srv");
        final Integer known = destinationIds.get(key);
        if (known != null)
        {
            return known;
        }
        destinations.add(d);
        dnsSrvDestinations.add(d);
        destinationIds.put(key, destinations.size() - 1);
        return destinations.size() - 1;
    }

    /** @return whether a destination is a DNS-SRV cluster's ({@link #dnsSrvDestination}). */
    boolean dnsSrv(final Destination d)
    {
        return dnsSrvDestinations.contains(d);
    }

    static int[] words(final byte[] address)
    {
        final int[] w = new int[4];
        for (int i = 0; i < address.length; i++)
        {
            w[i >> 2] |= (address[i] & 0xff) << (24 - 8 * (i & 3));
        }
        return w;
    }

    static String asciiLower(final String v)
    {
        final StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++)
        {
            final char c = v.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
        }
        return b.toString();
    }
}
