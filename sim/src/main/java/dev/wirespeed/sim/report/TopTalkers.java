package dev.wirespeed.sim.report;

import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.pipeline.parse.ParsedPacket;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packets and bytes per directional 5-tuple in a fixed-size open-addressing table: exact while the flows fit in
 * {@link #CAPACITY}; beyond that a new flow takes the place of the smallest of the {@link #PROBES} flows on its
 * probe sequence and inherits its count (the Space-Saving scheme of Metwally et al.), so a heavy talker is never
 * lost and a count is at most its {@link Talker#error()} too high. Nothing is allocated per packet.
 */
public final class TopTalkers
{
    /** Flows tracked. */
    public static final int CAPACITY = 1 << 16;
    /** Slots probed for a flow. */
    public static final int PROBES = 16;

    /**
     * A talker.
     *
     * @param flow    {@code proto src:sport > dst:dport}.
     * @param packets packets counted.
     * @param bytes   bytes on the wire counted.
     * @param error   how much of those counts may belong to flows it replaced (0 when exact).
     */
    public record Talker(String flow, long packets, long bytes, long error)
    {
    }

    private final long[] srcHi = new long[CAPACITY];
    private final long[] srcLo = new long[CAPACITY];
    private final long[] dstHi = new long[CAPACITY];
    private final long[] dstLo = new long[CAPACITY];
    private final int[] ports = new int[CAPACITY];
    /** protocol + 1 in bits 0..8, IP version in bits 9..; 0 = empty slot. */
    private final int[] kind = new int[CAPACITY];
    private final long[] packets = new long[CAPACITY];
    private final long[] bytes = new long[CAPACITY];
    private final long[] error = new long[CAPACITY];
    private long evictions;

    /**
     * Counts one parsed IP packet (others are ignored).
     *
     * @param p         the parsed packet.
     * @param wireBytes its original length.
     */
    public void count(final ParsedPacket p, final long wireBytes)
    {
        if (p.ipVersion != 4 && p.ipVersion != 6)
        {
            return;
        }
        final long sh = p.ipVersion == 4 ? 0 : p.ipv6SrcHi;
        final long sl = p.ipVersion == 4 ? p.ipv4Src & 0xFFFF_FFFFL : p.ipv6SrcLo;
        final long dh = p.ipVersion == 4 ? 0 : p.ipv6DstHi;
        final long dl = p.ipVersion == 4 ? p.ipv4Dst & 0xFFFF_FFFFL : p.ipv6DstLo;
        final int pt = p.hasPorts ? p.srcPort << 16 | p.dstPort : 0;
        final int k = (p.protocol + 1) | p.ipVersion << 9;
        long h = sh * 0x9E3779B97F4A7C15L ^ sl * 0xC2B2AE3D27D4EB4FL ^ dh * 0x165667B19E3779F9L
            ^ dl * 0x85EBCA77C2B2AE63L ^ (long)pt * 0x27D4EB2F165667C5L ^ k;
        h ^= h >>> 29;
        final int mask = CAPACITY - 1;
        int slot = (int)h & mask;
        int smallest = slot;
        for (int i = 0; i < PROBES; i++, slot = (slot + 1) & mask)
        {
            if (kind[slot] == 0)
            {
                put(slot, sh, sl, dh, dl, pt, k, 0);
                add(slot, wireBytes);
                return;
            }
            if (kind[slot] == k && ports[slot] == pt && srcLo[slot] == sl && dstLo[slot] == dl && srcHi[slot] == sh
                && dstHi[slot] == dh)
            {
                add(slot, wireBytes);
                return;
            }
            if (packets[slot] < packets[smallest])
            {
                smallest = slot;
            }
        }
        evictions++;
        put(smallest, sh, sl, dh, dl, pt, k, packets[smallest]);
        add(smallest, wireBytes);
    }

    private void put(final int slot, final long sh, final long sl, final long dh, final long dl, final int pt,
        final int k, final long inherited)
    {
        srcHi[slot] = sh;
        srcLo[slot] = sl;
        dstHi[slot] = dh;
        dstLo[slot] = dl;
        ports[slot] = pt;
        kind[slot] = k;
        error[slot] = inherited;
    }

    private void add(final int slot, final long wireBytes)
    {
        packets[slot]++;
        bytes[slot] += wireBytes;
    }

    /** @return whether some flows were replaced (counts are then upper bounds). */
    public boolean approximate()
    {
        return evictions > 0;
    }

    /**
     * @param n how many.
     * @return the {@code n} talkers with the most bytes, most first.
     */
    public List<Talker> top(final int n)
    {
        final List<Integer> slots = new ArrayList<>();
        for (int s = 0; s < CAPACITY; s++)
        {
            if (kind[s] != 0)
            {
                slots.add(s);
            }
        }
        slots.sort(Comparator.comparingLong((Integer s) -> bytes[s]).reversed()
            .thenComparing(Comparator.comparingLong((Integer s) -> packets[s]).reversed()));
        final List<Talker> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, slots.size()); i++)
        {
            final int s = slots.get(i);
            out.add(new Talker(flowText(s), packets[s], bytes[s], error[s]));
        }
        return out;
    }

    private String flowText(final int s)
    {
        final int version = kind[s] >>> 9;
        final int protocol = (kind[s] & 0x1FF) - 1;
        final String src = version == 4 ? IpText.formatIpv4((int)srcLo[s])
            : "[" + IpText.formatIpv6(srcHi[s], srcLo[s]) + "]";
        final String dst = version == 4 ? IpText.formatIpv4((int)dstLo[s])
            : "[" + IpText.formatIpv6(dstHi[s], dstLo[s]) + "]";
        final String proto = protocol == 6 ? "tcp" : protocol == 17 ? "udp" : protocol == 1 ? "icmp"
            : protocol == 58 ? "icmp6" : "proto-" + protocol;
        final boolean hasPorts = protocol == 6 || protocol == 17 || protocol == 132;
        return hasPorts ? proto + " " + src + ":" + (ports[s] >>> 16) + " > " + dst + ":" + (ports[s] & 0xFFFF)
            : proto + " " + src + " > " + dst;
    }
}
