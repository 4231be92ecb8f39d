package dev.wirespeed.pipeline.descriptor;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DescriptorTest
{
    @Test
    void shouldRoundTripEveryPacketFieldWithoutOverlap()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(3 * PacketDescriptor.LENGTH));
        buffer.setMemory(0, buffer.capacity(), (byte)0x5A);
        final PacketDescriptor d = new PacketDescriptor().wrap(buffer, PacketDescriptor.LENGTH).clear();
        d.recordIndex(0x0102030405060708L).timestampNs(-2L).captureAddress(0x7F00_0000_1000L).requestRef(77L)
            .capturedLength(1514).originalLength(9000).flowHash(0xCAFEBABE).requestLength(321)
            .kind(PacketDescriptor.KIND_HTTP_REQUEST).ipVersion(6).protocol(17).ttl(255).status(ReasonTable.TRUNCATED)
            .linkType(228).srcPort(65535).dstPort(443).l3Offset(14).l4Offset(54).payloadOffset(62).payloadLength(1452)
            .srcAddressIpv6(0x20010DB800000000L, 1L).dstAddressIpv4(0xC0A80101).ingressPort(3).userInt(-7)
            .userLong(99L);

        assertThat(d.recordIndex()).isEqualTo(0x0102030405060708L);
        assertThat(d.timestampNs()).isEqualTo(-2L);
        assertThat(d.captureAddress()).isEqualTo(0x7F00_0000_1000L);
        assertThat(d.requestRef()).isEqualTo(77L);
        assertThat(d.capturedLength()).isEqualTo(1514);
        assertThat(d.originalLength()).isEqualTo(9000);
        assertThat(d.flowHash()).isEqualTo(0xCAFEBABE);
        assertThat(d.requestLength()).isEqualTo(321);
        assertThat(d.kind()).isEqualTo(PacketDescriptor.KIND_HTTP_REQUEST);
        assertThat(d.ipVersion()).isEqualTo(6);
        assertThat(d.protocol()).isEqualTo(17);
        assertThat(d.ttl()).isEqualTo(255);
        assertThat(d.status()).isEqualTo(ReasonTable.TRUNCATED);
        assertThat(d.linkType()).isEqualTo(228);
        assertThat(d.srcPort()).isEqualTo(65535);
        assertThat(d.dstPort()).isEqualTo(443);
        assertThat(d.l3Offset()).isEqualTo(14);
        assertThat(d.l4Offset()).isEqualTo(54);
        assertThat(d.payloadOffset()).isEqualTo(62);
        assertThat(d.payloadLength()).isEqualTo(1452);
        assertThat(d.srcAddressPart(0)).isEqualTo(0x20010DB800000000L);
        assertThat(d.srcAddressPart(1)).isEqualTo(1L);
        assertThat(d.dstAddressIpv4()).isEqualTo(0xC0A80101);
        assertThat(buffer.getByte(PacketDescriptor.LENGTH + PacketDescriptor.DST_ADDRESS_OFFSET)).isEqualTo((byte)192);
        assertThat(d.dstAddressPart(1)).isZero();
        assertThat(d.ingressPort()).isEqualTo(3);
        assertThat(d.userInt()).isEqualTo(-7);
        assertThat(d.userLong()).isEqualTo(99L);
        assertThat(buffer.getByte(PacketDescriptor.LENGTH - 1)).as("slot before untouched").isEqualTo((byte)0x5A);
        assertThat(buffer.getByte(2 * PacketDescriptor.LENGTH)).as("slot after untouched").isEqualTo((byte)0x5A);
    }

    @Test
    void shouldResetADecisionToNoActionAndNullIds()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(DecisionDescriptor.LENGTH));
        buffer.setMemory(0, buffer.capacity(), (byte)0x11);
        final DecisionDescriptor d = new DecisionDescriptor().wrap(buffer, 0).reset(42);
        assertThat(d.recordIndex()).isEqualTo(42);
        assertThat(d.action()).isEqualTo(Actions.NONE);
        assertThat(d.reason()).isEqualTo(ReasonTable.NONE);
        assertThat(new int[] {d.egressPort(), d.nextHop(), d.length(), d.virtualHost(), d.route(), d.actionId(),
            d.cluster(), d.endpoint(), d.status(), d.flags(), d.destinationPort(), d.rewrite()})
            .containsOnly(DecisionDescriptor.NULL);

        d.action(Actions.ROUTE).virtualHost(1).route(2).actionId(3).cluster(4).endpoint(5).status(200).flags(6)
            .destinationPort(9080).rewrite(7).egressPort(8).nextHop(9).length(100);
        assertThat(new int[] {d.virtualHost(), d.route(), d.actionId(), d.cluster(), d.endpoint(), d.status(),
            d.flags(), d.destinationPort(), d.rewrite(), d.egressPort(), d.nextHop(), d.length()})
            .containsExactly(1, 2, 3, 4, 5, 200, 6, 9080, 7, 8, 9, 100);
        assertThat(d.drop(ReasonTable.NO_ROUTE).action()).isEqualTo(Actions.DROP);
        assertThat(d.reason()).isEqualTo(ReasonTable.NO_ROUTE);
    }

    @Test
    void shouldNameActionsAndDispositions()
    {
        assertThat(Actions.name(Actions.REDIRECT)).isEqualTo("redirect");
        assertThat(Actions.code("abort")).isEqualTo(Actions.ABORT);
        assertThat(Actions.disposition(Actions.ROUTE)).isEqualTo(Actions.DISPOSITION_FORWARDED);
        assertThat(Actions.disposition(Actions.DIRECT)).isEqualTo(Actions.DISPOSITION_ANSWERED);
        assertThat(Actions.disposition(Actions.PUNT)).isEqualTo(Actions.DISPOSITION_PUNTED);
        assertThat(Actions.disposition(99)).isEqualTo(Actions.DISPOSITION_DROPPED);
    }

    @Test
    void shouldExtendTheReasonTableWithKebabCaseNamesOnly()
    {
        final ReasonTable reasons = new ReasonTable();
        assertThat(reasons.name(ReasonTable.RING_FULL)).isEqualTo("ring-full");
        assertThat(reasons.name(ReasonTable.UNSUPPORTED_LINKTYPE)).isEqualTo("unsupported-linktype");
        final int acl = reasons.register("acl-deny");
        assertThat(acl).isEqualTo(reasons.size() - 1);
        assertThat(reasons.register("acl-deny")).isEqualTo(acl);
        assertThat(reasons.code("acl-deny")).isEqualTo(acl);
        assertThat(reasons.name(acl)).isEqualTo("acl-deny");
        assertThatThrownBy(() -> reasons.register("AclDeny")).hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> reasons.register("acl deny")).hasMessageContaining("kebab-case");
    }
}
