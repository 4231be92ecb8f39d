package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import org.junit.jupiter.api.Test;

import static dev.wirespeed.fib.l3.L3TestImages.ip6;
import static org.assertj.core.api.Assertions.assertThat;

class Ipv6TrieTableTest
{
    private static int lookup(final Ipv6TrieTable t, final String address)
    {
        final long[] a = ip6(address);
        return t.lookup(a[0], a[1]);
    }

    private static void add(final Ipv6LpmBuilder b, final String prefix, final int len, final int group)
    {
        final long[] a = ip6(prefix);
        b.add(a[0], a[1], len, group);
    }

    @Test
    void shouldMatchA128HostRouteUnderA32UnderADefault()
    {
        final Ipv6LpmBuilder b = new Ipv6LpmBuilder();
        add(b, "::", 0, 1);
        add(b, "2001:db8::", 32, 2);
        add(b, "2001:db8::1", 128, 3);
        try (FibImage image = L3TestImages.image(null, b, null, null))
        {
            final Ipv6TrieTable t = new Ipv6TrieTable(image);
            assertThat(lookup(t, "2001:db8::1")).isEqualTo(RouteWord.of(3, 128));
            assertThat(lookup(t, "2001:db8::2")).isEqualTo(RouteWord.of(2, 32));
            assertThat(lookup(t, "2001:db9::1")).isEqualTo(RouteWord.of(1, 0));
        }
    }

    @Test
    void shouldMissWithoutADefaultRoute()
    {
        final Ipv6LpmBuilder b = new Ipv6LpmBuilder();
        add(b, "2001:db8:1::", 48, 2);
        add(b, "2001:db8:1:8000::", 49, 4);
        try (FibImage image = L3TestImages.image(null, b, null, null))
        {
            final Ipv6TrieTable t = new Ipv6TrieTable(image);
            assertThat(lookup(t, "2001:db8:2::1")).isEqualTo(RouteWord.MISS);
            assertThat(lookup(t, "2001:db8:1:7fff::1")).isEqualTo(RouteWord.of(2, 48));
            assertThat(lookup(t, "2001:db8:1:8000::1")).isEqualTo(RouteWord.of(4, 49));
        }
    }

    @Test
    void shouldFallBackWhenACoveringRouteIsRemoved()
    {
        final Ipv6LpmBuilder b = new Ipv6LpmBuilder();
        add(b, "2001:db8::", 32, 2);
        add(b, "2001:db8:1::", 48, 3);
        add(b, "2001::", 16, 1);
        final long[] p = ip6("2001:db8::");
        b.remove(p[0], p[1], 32);
        try (FibImage image = L3TestImages.image(null, b, null, null))
        {
            final Ipv6TrieTable t = new Ipv6TrieTable(image);
            assertThat(lookup(t, "2001:db8:2::1")).isEqualTo(RouteWord.of(1, 16));
            assertThat(lookup(t, "2001:db8:1::1")).isEqualTo(RouteWord.of(3, 48));
            assertThat(t.routeCount()).isEqualTo(2);
        }
    }
}
