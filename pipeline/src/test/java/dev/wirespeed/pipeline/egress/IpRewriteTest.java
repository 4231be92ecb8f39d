package dev.wirespeed.pipeline.egress;

import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import org.agrona.BufferUtil;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static dev.wirespeed.pipeline.parse.PacketBytes.u16;
import static dev.wirespeed.pipeline.parse.PacketBytes.u8;
import static org.assertj.core.api.Assertions.assertThat;

class IpRewriteTest
{
    private final ByteBuffer in = ByteBuffer.allocateDirect(4096);
    private final ByteBuffer out = ByteBuffer.allocateDirect(4096);
    private final long src = BufferUtil.address(in);
    private final long dst = BufferUtil.address(out);

    @Test
    void shouldDecrementTtlWithAnIncrementalChecksumEqualToAFullRecomputation()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261126L);
        System.out.println("shouldDecrementTtlWithAnIncrementalChecksumEqualToAFullRecomputation seed=" + seed);
        final SplittableRandom r = new SplittableRandom(seed);
        final ParsedPacket p = new ParsedPacket();
        for (int i = 0; i < 200_000; i++)
        {
            final int l3 = r.nextBoolean() ? 14 : 18;
            final int ihl = 20 + 4 * r.nextInt(11);
            final int length = l3 + ihl + r.nextInt(64);
            final byte[] frame = new byte[length];
            for (int k = 0; k < length; k++)
            {
                frame[k] = (byte)r.nextInt(256);
            }
            frame[12] = 0x08;
            frame[13] = 0x00;
            if (l3 == 18)
            {
                frame[12] = (byte)0x81;
                frame[13] = 0x00;
                frame[16] = 0x08;
                frame[17] = 0x00;
            }
            frame[l3] = (byte)(0x40 | ihl / 4);
            frame[l3 + 2] = (byte)((length - l3) >>> 8);
            frame[l3 + 3] = (byte)(length - l3);
            frame[l3 + 6] = 0;                                  // not a fragment
            frame[l3 + 8] = (byte)(i % 50 == 0 ? 2 : r.nextInt(2, 256));
            in.clear();
            in.put(frame);
            final int checksum = IpRewrite.ipv4HeaderChecksum(src + l3, ihl);
            in.put(l3 + 10, (byte)(checksum >>> 8)).put(l3 + 11, (byte)checksum);
            PacketParser.parse(src, length, 1, p);
            assertThat(p.ipVersion).isEqualTo(4);
            final int ttl = u8(src + l3 + 8);
            assertThat(IpRewrite.rewrite(src, p, dst, 4096)).isEqualTo(length);
            assertThat(u8(dst + l3 + 8)).isEqualTo(ttl - 1);
            assertThat(u16(dst + l3 + 10)).as("checksum, ttl %d", ttl)
                .isEqualTo(IpRewrite.ipv4HeaderChecksum(dst + l3, ihl));
            for (int k = 0; k < length; k++)
            {
                if (k != l3 + 8 && k != l3 + 10 && k != l3 + 11)
                {
                    assertThat(out.get(k)).isEqualTo(in.get(k));
                }
            }
        }
    }

    @Test
    void shouldRefuseAnExpiringTtlAndATooSmallBuffer()
    {
        final byte[] header = {0x45, 0, 0, 20, 0, 0, 0, 0, 1, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
        in.clear();
        in.put(header);
        assertThat(IpRewrite.ipv4(src, 20, 0, dst, 4096)).isEqualTo(IpRewrite.TTL_EXPIRED);
        in.put(8, (byte)0);
        assertThat(IpRewrite.ipv4(src, 20, 0, dst, 4096)).isEqualTo(IpRewrite.TTL_EXPIRED);
        in.put(8, (byte)64);
        assertThat(IpRewrite.ipv4(src, 20, 0, dst, 19)).isEqualTo(IpRewrite.NO_BUFFER_SPACE);
        assertThat(IpRewrite.ipv4(src, 20, 0, dst, 20)).isEqualTo(20);
        assertThat(IpRewrite.ipv4(src, 19, 0, dst, 20)).isEqualTo(IpRewrite.NOT_IP);
    }

    @Test
    void shouldDecrementTheIpv6HopLimit()
    {
        final byte[] header = new byte[48];
        header[0] = 0x60;
        header[5] = 8;
        header[6] = 59;
        header[7] = 64;
        in.clear();
        in.put(header);
        final ParsedPacket p = new ParsedPacket();
        PacketParser.parse(src, 48, 101, p);
        assertThat(IpRewrite.rewrite(src, p, dst, 4096)).isEqualTo(48);
        assertThat(u8(dst + 7)).isEqualTo(63);
        in.put(7, (byte)1);
        assertThat(IpRewrite.ipv6(src, 48, 0, dst, 4096)).isEqualTo(IpRewrite.TTL_EXPIRED);
    }

    @Test
    void shouldFollowRfc1624OnItsWorkedExample()
    {
        // RFC 1624 section 4: HC = 0xDD2F, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000
        assertThat(IpRewrite.incrementalChecksum(0xDD2F, 0x5555, 0x3285)).isEqualTo(0x0000);
    }
}
