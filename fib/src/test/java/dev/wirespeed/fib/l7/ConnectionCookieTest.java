package dev.wirespeed.fib.l7;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCookieTest
{
    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(final String s)
    {
        final byte[] out = new byte[ConnectionCookie.LENGTH];
        final byte[] b = ascii(s);
        ConnectionCookie.hex(ConnectionCookie.xxHash64(b, 0, b.length), out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** The reference vectors of xxHash64 with seed 0 (xxhsum -H64, python-xxhash's README). */
    @Test
    void shouldHashAsXxHash64WithSeedZero()
    {
        assertThat(hex("")).isEqualTo("ef46db3751d8e999");
        assertThat(hex("a")).isEqualTo("d24ec4f1a98c6e5b");
        assertThat(hex("abc")).isEqualTo("44bc2cf5ad770999");
        assertThat(hex("Nobody inspects the spammish repetition")).isEqualTo("fbcea83c8a378bf1");
        final byte[] framed = ascii("xxabcyy");
        assertThat(ConnectionCookie.xxHash64(framed, 2, 3)).isEqualTo(0x44bc2cf5ad770999L);
    }

    @Test
    void shouldWriteTheHashAsSixteenLowerCaseDigitsMostSignificantFirst()
    {
        final byte[] out = new byte[18];
        ConnectionCookie.hex(0x00ab_0000_0000_0001L, out, 1);
        assertThat(new String(out, 1, 16, StandardCharsets.US_ASCII)).isEqualTo("00ab000000000001");
    }

    @Test
    void shouldMakeEnvoysCookieFromTheRemoteThenLocalAddress()
    {
        final ConnectionCookie c = new ConnectionCookie().begin();
        final byte[] src = ascii("10.1.0.5");
        final byte[] dst = ascii("10.96.0.50:8080");
        assertThat(c.address(src, 0, src.length, 40001)).isTrue();
        assertThat(c.destination(dst, 0, dst.length, 80)).isTrue();
        assertThat(c.text()).isEqualTo("10.1.0.5:4000110.96.0.50:8080");
        // xxhsum -H64 of that text: cd987be838a72410
        assertThat(new String(c.finish(), StandardCharsets.US_ASCII)).isEqualTo("cd987be838a72410");
    }

    private static String local(final String dst, final int requestPort)
    {
        final ConnectionCookie c = new ConnectionCookie().begin();
        final byte[] b = ascii(dst);
        return c.destination(b, 0, b.length, requestPort) ? c.text() : null;
    }

    @Test
    void shouldPrintAddressesAsEnvoyDoes()
    {
        assertThat(local("10.0.0.1", 9080)).isEqualTo("10.0.0.1:9080");
        assertThat(local("10.0.0.1:443", 9080)).isEqualTo("10.0.0.1:443");
        assertThat(local("[2001:DB8:0:0:0:0:0:1]:80", 9080)).isEqualTo("[2001:db8::1]:80");
        assertThat(local("2001:db8::7", 9080)).isEqualTo("[2001:db8::7]:9080");
        assertThat(local("[::1]", 9080)).isEqualTo("[::1]:9080");
        assertThat(local("::", 1)).isEqualTo("[::]:1");
        assertThat(local("1:0:0:1:0:0:0:1", 1)).isEqualTo("[1:0:0:1::1]:1");
        assertThat(local("1:0:0:2:0:0:3:4", 1)).isEqualTo("[1::2:0:0:3:4]:1"); // the first of equal runs
        assertThat(local("1:0:2:3:4:5:6:7", 1)).isEqualTo("[1:0:2:3:4:5:6:7]:1"); // one zero group stays
        assertThat(local("fe80::", 1)).isEqualTo("[fe80::]:1");
        // glibc's inet_ntop: IPv4-mapped and IPv4-compatible addresses end in dotted IPv4
        assertThat(local("::ffff:10.0.0.1", 1)).isEqualTo("[::ffff:10.0.0.1]:1");
        assertThat(local("::ffff:0:1", 1)).isEqualTo("[::ffff:0.0.0.1]:1");
        assertThat(local("::102:304", 1)).isEqualTo("[::1.2.3.4]:1");
        assertThat(local("::1:0", 1)).isEqualTo("[::0.1.0.0]:1"); // as glibc prints it, too
        assertThat(local("::ffff", 1)).isEqualTo("[::ffff]:1");
    }

    @Test
    void shouldNotKnowAConnectionWithoutIpAddressesOrPorts()
    {
        assertThat(local("db.example.com:5432", 1)).isNull();
        assertThat(local("10.0.0.1:99999", 1)).isNull();
        assertThat(local("10.0.0.1", 0)).isNull();
        assertThat(local("[2001:db8::1", 1)).isNull();
        assertThat(local("", 1)).isNull();
        final ConnectionCookie c = new ConnectionCookie().begin();
        final byte[] src = ascii("10.1.0.5");
        assertThat(c.address(src, 0, src.length, 0)).isFalse();
        assertThat(c.address(src, 0, src.length, 65536)).isFalse();
    }

    private static String split(final String src)
    {
        final Object[] s = ConnectionCookie.splitSource(src);
        return s[0] + "|" + s[1];
    }

    @Test
    void shouldSplitASourceWrittenWithItsPort()
    {
        assertThat(split("10.1.0.5:40001")).isEqualTo("10.1.0.5|40001");
        assertThat(split("[2001:db8::5]:40001")).isEqualTo("2001:db8::5|40001");
        assertThat(split("10.1.0.5")).isEqualTo("10.1.0.5|0");
        assertThat(split("2001:db8::5")).isEqualTo("2001:db8::5|0");
        assertThat(split("[2001:db8::5]")).isEqualTo("[2001:db8::5]|0");
        assertThat(split("10.1.0.5:0")).isEqualTo("10.1.0.5:0|0");
        assertThat(split("10.1.0.5:65536")).isEqualTo("10.1.0.5:65536|0");
        assertThat(split("10.1.0.5:8x")).isEqualTo("10.1.0.5:8x|0");
        assertThat(split("host:1")).isEqualTo("host|1");
        assertThat(split("")).isEqualTo("|0");
        assertThat(split(null)).isEqualTo("null|0");
        final byte[] b = ascii("xx10.1.0.5:7");
        final long packed = ConnectionCookie.splitSource(b, 2, b.length);
        assertThat(packed >>> 40).isZero();
        assertThat((packed >>> 16) & 0xFFFFFF).isEqualTo(8);
        assertThat(packed & 0xFFFF).isEqualTo(7);
    }
}
