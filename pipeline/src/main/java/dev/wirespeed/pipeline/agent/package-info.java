/**
 * Forwarding agents: the {@link dev.wirespeed.pipeline.agent.Forwarder} contract the embedding code implements,
 * the {@link dev.wirespeed.pipeline.agent.ForwardingAgent} (an Agrona {@code Agent}) that drains an
 * ingress ring in batches and writes an egress ring, the commands it takes on an MPSC queue, the FIB
 * generation exchange (one volatile publication, epoch acknowledgement per worker), and idle strategies.
 */
package dev.wirespeed.pipeline.agent;
