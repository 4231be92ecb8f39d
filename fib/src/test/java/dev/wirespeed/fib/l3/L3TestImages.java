package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.SectionWriter;

import java.util.EnumMap;
import java.util.Map;

final class L3TestImages
{
    private L3TestImages()
    {
    }

    static FibImage image(final Ipv4LpmBuilder v4, final Ipv6LpmBuilder v6, final NextHopGroupsBuilder groups,
            final LocalAddressesBuilder local)
    {
        final Map<FibSection, SectionWriter> sections = new EnumMap<>(FibSection.class);
        if (v4 != null)
        {
            sections.put(FibSection.IPV4_LPM, v4);
        }
        if (v6 != null)
        {
            sections.put(FibSection.IPV6_LPM, v6);
        }
        if (groups != null)
        {
            sections.put(FibSection.NEXT_HOP_GROUPS, groups);
        }
        if (local != null)
        {
            sections.put(FibSection.LOCAL_ADDRESSES, local);
        }
        return FibImage.build(1, sections);
    }

    static long seed(final String name)
    {
        final String fixed = System.getProperty("wirespeed.seed");
        final long seed = fixed != null ? Long.parseLong(fixed) : 20261126L ^ name.hashCode();
        System.out.println(name + ": seed " + seed + " (replay with -Dwirespeed.seed=" + seed + ")");
        return seed;
    }

    static int ip(final String text)
    {
        return (int)IpText.parseIpv4(text);
    }

    static long[] ip6(final String text)
    {
        final long[] out = new long[2];
        if (!IpText.parseIpv6(text, out))
        {
            throw new IllegalArgumentException(text);
        }
        return out;
    }
}
