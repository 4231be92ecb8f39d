package dev.wirespeed.sim.trace;

/** Container format of a capture file, chosen from its magic number. */
public enum CaptureFormat
{
    /** libpcap format: magic 0xa1b2c3d4 (µs) or 0xa1b23c4d (ns), either byte order. */
    PCAP,
    /** pcapng: blocks, sections (SHB 0x0a0d0d0a), interfaces (IDB), EPB/SPB/OPB packet blocks. */
    PCAPNG
}
