/**
 * Packet capture files: {@link dev.wirespeed.sim.trace.CaptureReader} reads pcap and pcapng a chunk at a time
 * (positional reads into one native window, which a truncation of the file cannot fault) into a reused
 * {@link dev.wirespeed.sim.trace.CaptureRecord} flyweight pointing at the packet bytes in the window;
 * {@link dev.wirespeed.sim.trace.PcapWriter} writes per-port output captures.
 * See docs/captures.md for the formats, link types and drop reasons.
 */
package dev.wirespeed.sim.trace;
