package dev.wirespeed.control.l3;

import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.SectionWriter;
import dev.wirespeed.fib.l3.Ipv4LpmBuilder;
import dev.wirespeed.fib.l3.Ipv6LpmBuilder;
import dev.wirespeed.fib.l3.LocalAddressesBuilder;
import dev.wirespeed.fib.l3.NextHopGroupsBuilder;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link L3Compiler#compile} produced: either every diagnostic found, or the section writers of
 * the L3 tables (to merge with the other sections before {@code FibImage.build}).
 *
 * <p>The builders stay usable as the control plane's route set: add or remove routes on them and build
 * a new image from {@link #sections()} again.
 */
public final class L3CompileResult
{
    private final List<L3Diagnostic> diagnostics;
    private final Ipv4LpmBuilder ipv4;
    private final Ipv6LpmBuilder ipv6;
    private final NextHopGroupsBuilder groups;
    private final LocalAddressesBuilder local;

    L3CompileResult(final List<L3Diagnostic> diagnostics, final Ipv4LpmBuilder ipv4, final Ipv6LpmBuilder ipv6,
                    final NextHopGroupsBuilder groups, final LocalAddressesBuilder local)
    {
        this.diagnostics = Collections.unmodifiableList(diagnostics);
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.groups = groups;
        this.local = local;
    }

    /** @return whether any error was found (then there are no sections). */
    public boolean hasErrors()
    {
        return !diagnostics.isEmpty();
    }

    /** @return every error, in input order; empty when the compile succeeded. */
    public List<L3Diagnostic> diagnostics()
    {
        return diagnostics;
    }

    /**
     * The L3 section writers: {@code IPV4_LPM} (only when there are IPv4 routes: the DIR-24-8 table
     * is 64 MiB), {@code IPV6_LPM} (only with IPv6 routes), {@code NEXT_HOP_GROUPS} and
     * {@code LOCAL_ADDRESSES} (always).
     *
     * @return a new mutable map the caller may add other sections to.
     * @throws IllegalStateException if the compile had errors.
     */
    public Map<FibSection, SectionWriter> sections()
    {
        if (hasErrors())
        {
            throw new IllegalStateException("L3 compile had " + diagnostics.size() + " errors");
        }
        final Map<FibSection, SectionWriter> sections = new EnumMap<>(FibSection.class);
        if (ipv4.routeCount() > 0)
        {
            sections.put(FibSection.IPV4_LPM, ipv4);
        }
        if (ipv6.routeCount() > 0)
        {
            sections.put(FibSection.IPV6_LPM, ipv6);
        }
        sections.put(FibSection.NEXT_HOP_GROUPS, groups);
        sections.put(FibSection.LOCAL_ADDRESSES, local);
        return sections;
    }

    /** @return the IPv4 route set. */
    public Ipv4LpmBuilder ipv4()
    {
        return ipv4;
    }

    /** @return the IPv6 route set. */
    public Ipv6LpmBuilder ipv6()
    {
        return ipv6;
    }

    /** @return the next-hop groups. */
    public NextHopGroupsBuilder nextHopGroups()
    {
        return groups;
    }

    /** @return the local addresses. */
    public LocalAddressesBuilder localAddresses()
    {
        return local;
    }
}
