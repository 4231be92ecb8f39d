/**
 * The packet forwarding stage: what a worker does with one parsed packet of a capture. Ingress
 * ({@link dev.wirespeed.pipeline.forward.PacketIngress}) parses a frame and fills a packet descriptor (RSS: the
 * symmetric flow hash picks the worker); the worker's {@link dev.wirespeed.pipeline.forward.PacketForwarder}
 * punts ARP, routes HTTP requests found in TCP payloads by the L7 path (an
 * {@link dev.wirespeed.pipeline.forward.PacketRequestView} over the packet bytes), sends TCP to service
 * addresses through {@code tcp} routes, remembers each such flow's decision in a per-worker
 * {@link dev.wirespeed.pipeline.forward.FlowTable}, and forwards everything else on the L3 path.
 */
package dev.wirespeed.pipeline.forward;
