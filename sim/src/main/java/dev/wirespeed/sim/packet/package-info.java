/**
 * The packet side of the embedding API: the registry facts the packet forwarder needs
 * ({@link dev.wirespeed.sim.packet.MeshDirectories}), one-packet forwarding and pipelines over an engine
 * ({@link dev.wirespeed.sim.packet.PacketEngine}), and the writer-side text of packet decisions
 * ({@link dev.wirespeed.sim.packet.PacketDecisionText}).
 */
package dev.wirespeed.sim.packet;
