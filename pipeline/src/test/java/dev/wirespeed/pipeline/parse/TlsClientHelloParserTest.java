package dev.wirespeed.pipeline.parse;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The SNI extractor on real ClientHellos, on crafted edge cases, and against its reference under mutation. */
class TlsClientHelloParserTest
{
    private final Frames.Native mem = new Frames.Native();
    private final TlsClientHello out = new TlsClientHello();
    private static final String[][] ALPN_LISTS = {{}, {"h2", "http/1.1"}, {"istio-peer-exchange", "istio"}, {"x"}};

    @Test
    void shouldFindTheServerNameOpensslSentAndNoneWhenItSentNone()
    {
        final List<byte[]> payloads = CaptureFrames.read("tls-sni.pcap").tcpPayloads(9443);
        final byte[] first = payloads.get(0);
        assertThat(TlsClientHelloParser.parse(mem.put(first), first.length, out)).isEqualTo(TlsClientHelloParser.SNI);
        assertThat(new String(first, out.sniOffset, out.sniLength, StandardCharsets.US_ASCII))
            .isEqualTo("reviews.default.svc.cluster.local");
        assertThat(out.recordLength).isEqualTo(first.length);
        final byte[] noName = payloads.stream().filter(p -> p[0] == 22 && p[5] == 1).skip(1).findFirst().orElseThrow();
        assertThat(TlsClientHelloParser.parse(mem.put(noName), noName.length, out))
            .isEqualTo(TlsClientHelloParser.NO_SNI);
    }

    @Test
    void shouldReadTheAlpnNamesOpensslOffered()
    {
        final List<byte[]> hellos = CaptureFrames.read("tls-alpn.pcap").tcpPayloads(15443).stream()
            .filter(p -> p.length > 5 && p[0] == 22 && p[5] == 1).toList();
        assertThat(hellos).hasSize(2);
        final String[] expected = {"istio-peer-exchange,istio", "h2,http/1.1"};
        for (int i = 0; i < 2; i++)
        {
            final byte[] hello = hellos.get(i);
            assertThat(TlsClientHelloParser.parse(mem.put(hello), hello.length, out))
                .isEqualTo(TlsClientHelloParser.SNI);
            assertThat(new String(hello, out.sniOffset, out.sniLength, StandardCharsets.US_ASCII))
                .isEqualTo("outbound_.9080_._.reviews.default.svc.cluster.local");
            assertThat(alpnNames(hello, out)).isEqualTo(expected[i]);
        }
    }

    @Test
    void shouldAskForMoreBytesWhileTheRecordIsCutAndSayNotTlsForHttp()
    {
        final byte[] hello = clientHello("a.example", new SplittableRandom(1));
        for (int cut = 1; cut < hello.length; cut++)
        {
            assertThat(TlsClientHelloParser.parse(mem.put(hello), cut, out)).as("cut at " + cut)
                .isEqualTo(TlsClientHelloParser.INCOMPLETE);
        }
        final byte[] http = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(TlsClientHelloParser.parse(mem.put(http), http.length, out)).isEqualTo(TlsClientHelloParser.NOT_TLS);
    }

    @Test
    void shouldCallContradictoryLengthsMalformed()
    {
        final byte[] hello = clientHello("a.example", new SplittableRandom(2));
        hello[5 + 4 + 2 + 32] = 33; // session id longer than 32
        assertThat(TlsClientHelloParser.parse(mem.put(hello), hello.length, out))
            .isEqualTo(TlsClientHelloParser.MALFORMED);
        final byte[] empty = clientHello("", new SplittableRandom(3));
        assertThat(TlsClientHelloParser.parse(mem.put(empty), empty.length, out))
            .isEqualTo(TlsClientHelloParser.MALFORMED);
    }

    @Test
    void shouldAgreeWithTheReferenceOnMutatedClientHellos()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("shouldAgreeWithTheReferenceOnMutatedClientHellos seed=" + seed);
        final SplittableRandom r = new SplittableRandom(seed);
        final TlsClientHello slow = new TlsClientHello();
        final int[] seen = new int[5];
        for (int i = 0; i < 100_000; i++)
        {
            final String[] alpn = ALPN_LISTS[r.nextInt(ALPN_LISTS.length)];
            final byte[] hello = clientHello(r.nextInt(8) == 0 ? "" : "h" + r.nextInt(1000) + ".example.com", r, alpn);
            for (int m = r.nextInt(4); m > 0; m--)
            {
                hello[r.nextInt(hello.length)] = (byte)(r.nextInt(4) == 0 ? r.nextInt(256) : hello[r.nextInt(8)]);
            }
            final int length = r.nextInt(4) == 0 ? r.nextInt(hello.length + 1) : hello.length;
            final int a = TlsClientHelloParser.parse(mem.put(hello), length, out);
            final int b = ReferenceTlsClientHelloParser.parse(hello, length, slow);
            seen[a]++;
            final String context = "case " + i + " length " + length + " " + Arrays.toString(hello);
            assertThat(a).as(context).isEqualTo(b);
            assertThat(out).as(context).usingRecursiveComparison().isEqualTo(slow);
        }
        System.out.println("outcomes SNI, NO_SNI, NOT_TLS, INCOMPLETE, MALFORMED: " + Arrays.toString(seen));
        assertThat(seen).as("every outcome exercised").doesNotContain(0);
    }

    @Test
    void shouldReadTheAlpnNamesBeforeOrAfterTheServerNameAndRejectAnEmptyName()
    {
        for (int seed = 0; seed < 64; seed++)
        {
            final byte[] hello = clientHello("outbound_.9080_._.reviews.default.svc.cluster.local",
                new SplittableRandom(seed), "istio-peer-exchange", "istio");
            assertThat(TlsClientHelloParser.parse(mem.put(hello), hello.length, out)) // the generator leaves out
                .isIn(TlsClientHelloParser.SNI, TlsClientHelloParser.NO_SNI);         // some server names
            assertThat(alpnNames(hello, out)).as("seed " + seed).isEqualTo("istio-peer-exchange,istio");
        }
        final byte[] none = clientHello("a.example", new SplittableRandom(5));
        TlsClientHelloParser.parse(mem.put(none), none.length, out);
        assertThat(out.alpnOffset).isEqualTo(-1);
        final byte[] bad = clientHello("a.example", new SplittableRandom(6), "h2", "");
        assertThat(TlsClientHelloParser.parse(mem.put(bad), bad.length, out)).isEqualTo(TlsClientHelloParser.MALFORMED);
    }

    /** The ALPN names the parser found, joined with commas. */
    static String alpnNames(final byte[] hello, final TlsClientHello found)
    {
        final StringBuilder sb = new StringBuilder();
        for (int p = found.alpnOffset; p < found.alpnOffset + found.alpnLength; p += 1 + (hello[p] & 0xFF))
        {
            sb.append(sb.length() == 0 ? "" : ",").append(new String(hello, p + 1, hello[p] & 0xFF,
                StandardCharsets.US_ASCII));
        }
        return sb.toString();
    }

    /**
     * A ClientHello record: random session id, suites, extensions before and after server_name, and an ALPN
     * extension (before or after server_name) listing {@code alpn} when given.
     */
    static byte[] clientHello(final String sni, final SplittableRandom r, final String... alpn)
    {
        final ByteArrayOutputStream ext = new ByteArrayOutputStream();
        for (int e = r.nextInt(3); e > 0; e--)
        {
            extension(ext, otherType(r), randomBytes(r, r.nextInt(12)));
        }
        final boolean alpnFirst = r.nextBoolean();
        if (alpn.length > 0 && alpnFirst)
        {
            extension(ext, 16, protocolNames(alpn));
        }
        if (sni != null && (sni.isEmpty() || r.nextInt(10) != 0))
        {
            final byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
            final ByteBuffer list = ByteBuffer.allocate(5 + name.length);
            list.putShort((short)(3 + name.length)).put((byte)0).putShort((short)name.length).put(name);
            extension(ext, 0, list.array());
        }
        if (alpn.length > 0 && !alpnFirst)
        {
            extension(ext, 16, protocolNames(alpn));
        }
        for (int e = r.nextInt(3); e > 0; e--)
        {
            extension(ext, otherType(r), randomBytes(r, r.nextInt(12)));
        }
        final byte[] sessionId = randomBytes(r, r.nextBoolean() ? 32 : 0);
        final byte[] extensions = ext.toByteArray();
        final int helloLength = 2 + 32 + 1 + sessionId.length + 2 + 4 + 2 + 2 + extensions.length;
        final ByteBuffer b = ByteBuffer.allocate(5 + 4 + helloLength);
        b.put((byte)22).putShort((short)0x0301).putShort((short)(4 + helloLength));
        b.put((byte)1).put((byte)0).putShort((short)helloLength);
        b.putShort((short)0x0303).put(randomBytes(r, 32)).put((byte)sessionId.length).put(sessionId);
        b.putShort((short)4).putShort((short)0x1301).putShort((short)0x1302).put((byte)1).put((byte)0);
        b.putShort((short)extensions.length).put(extensions);
        return b.array();
    }

    /** An extension type neither server_name (0) nor ALPN (16): its body is random bytes. */
    private static int otherType(final SplittableRandom r)
    {
        final int t = 10 + r.nextInt(40);
        return t == 16 ? 51 : t;
    }

    /** RFC 7301's ProtocolNameList: a 2-byte length, then each name after its length byte. */
    private static byte[] protocolNames(final String... names)
    {
        final ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (final String n : names)
        {
            list.write(n.length());
            list.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
        }
        final byte[] body = list.toByteArray();
        final ByteBuffer b = ByteBuffer.allocate(2 + body.length);
        b.putShort((short)body.length).put(body);
        return b.array();
    }

    private static void extension(final ByteArrayOutputStream out, final int type, final byte[] body)
    {
        out.write(type >>> 8);
        out.write(type);
        out.write(body.length >>> 8);
        out.write(body.length);
        out.writeBytes(body);
    }

    private static byte[] randomBytes(final SplittableRandom r, final int n)
    {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = (byte)r.nextInt(256);
        }
        return b;
    }
}
