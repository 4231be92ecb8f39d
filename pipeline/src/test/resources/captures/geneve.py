#!/usr/bin/env python3
"""Rewrites a classic pcap of VXLAN frames (Ethernet / IPv4 / UDP 4789 / VXLAN / inner Ethernet) into GENEVE
(RFC 8926): the 8-byte VXLAN header becomes a GENEVE header (version 0, protocol 0x6558, VNI 7) followed by one
8-byte option (class 0x0102, type 0x80, 4 bytes of data), the UDP destination port becomes 6081, the UDP and IPv4
lengths grow by 8 and the IPv4 header checksum is recomputed (UDP checksum 0, as RFC 8926 allows over IPv4).
The inner frames are the ones the kernel's vxlan device sent. Usage: geneve.py IN.pcap OUT.pcap"""
import struct
import sys


def checksum(header):
    total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def geneve(frame):
    ihl = (frame[14] & 0x0F) * 4
    udp = 14 + ihl
    if struct.unpack("!H", frame[12:14])[0] != 0x0800 or frame[23] != 17:
        return frame
    if struct.unpack("!H", frame[udp + 2:udp + 4])[0] != 4789:
        return frame
    inner = frame[udp + 16:]
    header = struct.pack("!BBHI", 2, 0, 0x6558, 7 << 8)
    option = struct.pack("!HBB", 0x0102, 0x80, 1) + b"\x00\x00\x00\x2a"
    src_port = struct.unpack("!H", frame[udp:udp + 2])[0]
    udp_header = struct.pack("!HHHH", src_port, 6081, 8 + 16 + len(inner), 0)
    ip = bytearray(frame[14:udp])
    struct.pack_into("!H", ip, 2, ihl + 8 + 16 + len(inner))
    struct.pack_into("!H", ip, 10, 0)
    struct.pack_into("!H", ip, 10, checksum(bytes(ip)))
    return frame[:14] + bytes(ip) + udp_header + header + option + inner


def main(src, dst):
    with open(src, "rb") as f:
        data = f.read()
    out = [data[:24]]
    off = 24
    while off + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        frame = geneve(data[off + 16:off + 16 + incl])
        grow = len(frame) - incl
        out.append(struct.pack("<IIII", sec, usec, len(frame), orig + grow) + frame)
        off += 16 + incl
    with open(dst, "wb") as f:
        f.write(b"".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
