/**
 * Packet capture files: {@link dev.wirespeed.sim.trace.CaptureReader} reads pcap and pcapng memory-mapped
 * (Chronicle Bytes) into a reused {@link dev.wirespeed.sim.trace.CaptureRecord} flyweight pointing at the
 * packet bytes in place; {@link dev.wirespeed.sim.trace.PcapWriter} writes per-port output captures.
 * See docs/captures.md for the formats, link types and drop reasons.
 */
package dev.wirespeed.sim.trace;
