package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;

/**
 * Reports the memory of the L3 tables of an image, for {@code check} and {@code bench} output.
 */
public final class L3TableSizes
{
    private static final FibSection[] L3_SECTIONS = {
            FibSection.IPV4_LPM, FibSection.IPV6_LPM, FibSection.NEXT_HOP_GROUPS, FibSection.LOCAL_ADDRESSES,
    };

    private L3TableSizes()
    {
    }

    /**
     * @param image a FIB image.
     * @return one line per present L3 section: {@code IPV4_LPM bytes=67108928 ...}.
     */
    public static String describe(final FibImage image)
    {
        final StringBuilder sb = new StringBuilder();
        for (final FibSection s : L3_SECTIONS)
        {
            if (!image.hasSection(s))
            {
                continue;
            }
            sb.append(s.name()).append(" bytes=").append(image.sectionLength(s));
            switch (s)
            {
                case IPV4_LPM:
                {
                    final Ipv4Dir24Table t = new Ipv4Dir24Table(image);
                    sb.append(" routes=").append(t.routeCount()).append(" tbl8Groups=").append(t.tbl8Groups());
                    break;
                }
                case IPV6_LPM:
                {
                    final Ipv6TrieTable t = new Ipv6TrieTable(image);
                    sb.append(" routes=").append(t.routeCount()).append(" groups=").append(t.groupCount());
                    break;
                }
                case NEXT_HOP_GROUPS:
                {
                    final NextHopGroups g = new NextHopGroups(image);
                    sb.append(" groups=").append(g.groupCount()).append(" members=").append(g.memberTotal())
                            .append(" nextHops=").append(g.nextHopCount());
                    break;
                }
                default:
                {
                    final LocalAddresses l = new LocalAddresses(image);
                    sb.append(" ipv4=").append(l.ipv4Count()).append(" ipv6=").append(l.ipv6Count());
                    break;
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * @param image a FIB image.
     * @return total bytes of its L3 sections.
     */
    public static long totalBytes(final FibImage image)
    {
        long total = 0;
        for (final FibSection s : L3_SECTIONS)
        {
            total += image.sectionLength(s);
        }
        return total;
    }
}
