package dev.wirespeed.control.l3;

/**
 * Receives the routes of a routes file as primitives, one call per valid line (IPv4 addresses are
 * ints, IPv6 addresses two longs; a next hop's family is 4 or 6, an IPv4 next hop in {@code nhLo}).
 */
public interface RouteSink
{
    /**
     * @param address  prefix address.
     * @param length   prefix length 0..32.
     * @param nhFamily next-hop family (4 or 6).
     * @param nhHi     next-hop high 64 bits (IPv6).
     * @param nhLo     next-hop low 64 bits (IPv6), or the IPv4 next hop in the low 32 bits.
     * @param port     egress port.
     * @param line     1-based line number.
     */
    void ipv4Route(int address, int length, int nhFamily, long nhHi, long nhLo, int port, int line);

    /**
     * @param hi       prefix high 64 bits.
     * @param lo       prefix low 64 bits.
     * @param length   prefix length 0..128.
     * @param nhFamily next-hop family (4 or 6).
     * @param nhHi     next-hop high 64 bits (IPv6).
     * @param nhLo     next-hop low 64 bits (IPv6), or the IPv4 next hop in the low 32 bits.
     * @param port     egress port.
     * @param line     1-based line number.
     */
    void ipv6Route(long hi, long lo, int length, int nhFamily, long nhHi, long nhLo, int port, int line);
}
