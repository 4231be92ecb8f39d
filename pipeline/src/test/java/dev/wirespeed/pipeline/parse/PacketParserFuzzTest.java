package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.decision.Reasons;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the packet parser (which reads raw memory without bounds checks) against the plain reference parser:
 * on any frame, any captured and original length and any supported link type they must agree field by field,
 * and neither may throw.
 *
 * <p>Plain {@code mvn test} replays the committed seeds (resources {@code PacketParserFuzzTestInputs/}); {@code mvn
 * verify} also fuzzes for {@code wirespeed.fuzz.duration}; docs/limits.md says how to fuzz longer.
 */
class PacketParserFuzzTest
{
    private static final int[] LINK_TYPES = {1, 113, 276, 101, 228, 229, 12, 0, 108, 160};

    private final Frames.Native memory = new Frames.Native();
    private final ParsedPacket fast = new ParsedPacket();
    private final ParsedPacket slow = new ParsedPacket();
    private final ReferencePacketParser reference = new ReferencePacketParser();

    @FuzzTest
    void shouldAgreeWithTheReferenceParserOnAnyFrame(final FuzzedDataProvider data)
    {
        final int linkType = data.pickValue(LINK_TYPES);
        final boolean truncated = data.consumeBoolean();
        final int originalExtra = data.consumeInt(0, 9000);
        final byte[] frame = data.consumeRemainingAsBytes();
        final int captured = truncated && frame.length > 0 ? frame.length - 1 - (originalExtra % frame.length)
            : frame.length;
        final int original = captured + originalExtra;
        final int a = PacketParser.parse(memory.put(frame), captured, original, linkType, fast);
        final int b = reference.parse(frame, captured, original, linkType, slow);
        assertThat(a).as("reason code").isEqualTo(b);
        if (a == Reasons.NONE || a == Reasons.ARP)
        {
            assertThat(fast).usingRecursiveComparison().isEqualTo(slow);
        }
        else
        {
            assertThat(fast.verdict).isEqualTo(slow.verdict);
            assertThat(fast.l3Offset).isEqualTo(slow.l3Offset);
            assertThat(fast.etherType).isEqualTo(slow.etherType);
            assertThat(fast.vlanCount).isEqualTo(slow.vlanCount);
        }
    }
}
