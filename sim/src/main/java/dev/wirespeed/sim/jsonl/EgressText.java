package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l3.NextHopGroups;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code "egressPort"} and {@code "nextHop"} fields of a decision line (docs/formats.md), for the
 * {@link DecisionEncoder}. Every forwarded packet's line ends with them (half the lines of a capture replay are
 * nothing else after the action) and a replay sees few (port, next hop) pairs, so each pair's text is kept whole
 * in a small direct-mapped cache and copied in one step. The first pair to land in a slot keeps it; a colliding
 * pair is written field by field, so once the slots are taken nothing is allocated. One per encoder.
 */
final class EgressText
{
    private static final byte[] EGRESS_PORT = ",\"egressPort\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_HOP = ",\"nextHop\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int CACHE_BITS = 8;

    private final NextHopGroups nextHops;
    private final byte[][] nextHopNames;
    private final long[] keys = new long[1 << CACHE_BITS];
    private final byte[][] texts = new byte[1 << CACHE_BITS][];

    /** @param nextHops the FIB's next hops (names the {@code nextHop} field), or {@code null} when it has none. */
    EgressText(final NextHopGroups nextHops)
    {
        this.nextHops = nextHops;
        this.nextHopNames = new byte[nextHops == null ? 0 : nextHops.nextHopCount()][];
        Arrays.fill(keys, -1L); // no pair: a port is never negative
    }

    /**
     * Appends the decision's egress port and next hop, when it has an egress port.
     *
     * @param d   the decision.
     * @param out the line.
     */
    void write(final DecisionDescriptor d, final JsonBytes out)
    {
        final int port = d.egressPort();
        if (port < 0)
        {
            return;
        }
        final int nextHop = d.nextHop();
        final long key = ((long)port << 32) | (nextHop & 0xFFFF_FFFFL);
        final int slot = (int)((key * 0x9E37_79B9_7F4A_7C15L) >>> (64 - CACHE_BITS));
        if (keys[slot] == key)
        {
            out.put(texts[slot]);
            return;
        }
        final int start = out.length();
        out.put(EGRESS_PORT).putLong(port);
        if (nextHop >= 0 && nextHops != null)
        {
            out.put(NEXT_HOP).put(nextHopName(nextHop)).put((byte)'"');
        }
        if (texts[slot] == null)
        {
            texts[slot] = Arrays.copyOfRange(out.array(), start, out.length());
            keys[slot] = key;
        }
    }

    private byte[] nextHopName(final int nextHop)
    {
        if (nextHop >= nextHopNames.length)
        {
            return JsonBytes.escape(nextHops.nextHopText(nextHop));
        }
        byte[] b = nextHopNames[nextHop];
        if (b == null)
        {
            b = JsonBytes.escape(nextHops.nextHopText(nextHop));
            nextHopNames[nextHop] = b;
        }
        return b;
    }
}
