/**
 * The data plane: descriptors over ring-buffer slots, ingress sharding, forwarding agents, egress,
 * counters and FIB generation swap.
 */
package dev.wirespeed.pipeline;
