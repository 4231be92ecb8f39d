package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l7.ConnectionCookie;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference's String-built cookie of a connection against the lookup's allocation-free {@link ConnectionCookie}:
 * the same text and value for random connections (IPv4, IPv6 with zero runs, IPv4-mapped and -compatible
 * addresses, ports written or not). Seed: {@code -Dwirespeed.seed=N}.
 */
class ReferenceCookiesTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261204L);

    private static RequestFacts facts(final String src, final int srcPort, final String dst, final int port)
    {
        return RequestFacts.of(new HttpRequest(0, 0, src, port, "mesh", "default", Map.of(), "GET", "http", "a", "/",
                Map.of()).withDst(dst).withSrcPort(srcPort), dev.wirespeed.control.model.MeshNetworks.NONE);
    }

    @Test
    void shouldMakeTheCookieOfTheExample()
    {
        final RequestFacts r = facts("10.1.0.5", 40001, "10.96.0.50:8080", 8080);
        assertThat(ReferenceCookies.connectionText(r)).isEqualTo("10.1.0.5:4000110.96.0.50:8080");
        assertThat(ReferenceCookies.generated(r)).isEqualTo("cd987be838a72410"); // xxhsum -H64
        assertThat(ReferenceCookies.generated(facts("10.1.0.5", 0, "10.96.0.50:8080", 8080))).isNull();
        assertThat(ReferenceCookies.generated(facts("10.1.0.5", 40001, null, 8080))).isNull();
        assertThat(ReferenceCookies.generated(facts("pod-a", 40001, "10.96.0.50", 8080))).isNull();
    }

    private static String address(final SplittableRandom rnd)
    {
        switch (rnd.nextInt(5))
        {
            case 0:
                return IpText.formatIpv4(rnd.nextInt());
            case 1:
                return "::ffff:" + IpText.formatIpv4(rnd.nextInt());
            case 2:
                return "::" + Integer.toHexString(rnd.nextInt(3) * rnd.nextInt(0x10000)) + ":"
                        + Integer.toHexString(rnd.nextInt(0x10000));
            default:
                final StringBuilder b = new StringBuilder();
                for (int g = 0; g < 8; g++)
                {
                    b.append(g > 0 ? ":" : "").append(Integer.toHexString(rnd.nextInt(3) == 0 ? rnd.nextInt(0x10000)
                            : 0));
                }
                return rnd.nextBoolean() ? b.toString() : b.toString().toUpperCase();
        }
    }

    @Test
    void shouldAgreeWithTheLookupsCookieOnRandomConnections()
    {
        final SplittableRandom rnd = new SplittableRandom(SEED);
        int known = 0;
        for (int i = 0; i < 5_000; i++)
        {
            final String src = address(rnd);
            final String host = address(rnd);
            final int written = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(65535);
            final String dst = written == 0 ? host : (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + written;
            final int srcPort = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(65535);
            final RequestFacts r = facts(src, srcPort, dst, 1 + rnd.nextInt(65535));
            final ConnectionCookie c = new ConnectionCookie().begin();
            final byte[] s = src.getBytes(StandardCharsets.US_ASCII);
            final byte[] d = dst.getBytes(StandardCharsets.US_ASCII);
            final boolean fast = c.address(s, 0, s.length, srcPort) && c.destination(d, 0, d.length, r.port());
            final String where = "seed " + SEED + " src " + src + " port " + srcPort + " dst " + dst;
            assertThat(fast ? c.text() : null).as(where).isEqualTo(ReferenceCookies.connectionText(r));
            if (fast)
            {
                known++;
                assertThat(new String(c.finish(), StandardCharsets.US_ASCII)).as(where)
                        .isEqualTo(ReferenceCookies.generated(r));
            }
        }
        assertThat(known).isGreaterThan(4_000);
    }
}
