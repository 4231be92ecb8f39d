/**
 * The simulated fabric: topology (nodes, full-duplex links), egress port queues (drop tail in packets or
 * bytes, shared buffer with dynamic thresholds, ECN marks), the packets in flight, and each switch's FIB
 * built with the engine's own L3 builders and looked up with its {@code L3Forwarding}.
 */
package dev.wirespeed.sim.net.fabric;
