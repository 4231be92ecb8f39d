package dev.wirespeed.fib.l3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IpTextTest
{
    @Test
    void shouldParseAndPrintIpv4()
    {
        assertThat(IpText.parseIpv4("10.1.2.3")).isEqualTo(0x0A010203L);
        assertThat(IpText.formatIpv4(0xC0A80101)).isEqualTo("192.168.1.1");
        assertThat(IpText.parseIpv4("255.255.255.255")).isEqualTo(0xffffffffL);
    }

    @Test
    void shouldRejectMalformedIpv4()
    {
        for (final String bad : new String[] {
                "10.1.2", "10.1.2.3.4", "256.0.0.1", "01.2.3.4", "1..2.3", "1.2.3.", "a.b.c.d", ""})
        {
            assertThat(IpText.parseIpv4(bad)).as(bad).isEqualTo(IpText.INVALID);
        }
    }

    @Test
    void shouldParseEveryIpv6FormAndPrintCanonically()
    {
        final long[] a = new long[2];
        assertThat(IpText.parseIpv6("2001:db8::1", a)).isTrue();
        assertThat(a).containsExactly(0x20010db800000000L, 1L);
        assertThat(IpText.formatIpv6(a[0], a[1])).isEqualTo("2001:db8::1");
        assertThat(IpText.parseIpv6("::", a)).isTrue();
        assertThat(IpText.formatIpv6(a[0], a[1])).isEqualTo("::");
        assertThat(IpText.parseIpv6("::ffff:10.0.0.1", a)).isTrue();
        assertThat(a[1]).isEqualTo(0x0000ffff0a000001L);
        assertThat(IpText.parseIpv6("1:0:0:2:0:0:0:3", a)).isTrue();
        assertThat(IpText.formatIpv6(a[0], a[1])).isEqualTo("1:0:0:2::3");
        assertThat(IpText.parseIpv6("fe80::", a)).isTrue();
        assertThat(IpText.formatIpv6(a[0], a[1])).isEqualTo("fe80::");
    }

    @Test
    void shouldRejectMalformedIpv6()
    {
        final long[] a = new long[2];
        for (final String bad : new String[] {
                ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2", ":1", "1:", "10.0.0.1"})
        {
            assertThat(IpText.parseIpv6(bad, a)).as(bad).isFalse();
        }
    }
}
