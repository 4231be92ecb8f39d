/**
 * Fixed layouts of the records that travel through the rings, with their flyweights: the ingress
 * {@link dev.wirespeed.pipeline.descriptor.PacketDescriptor} (a parsed packet or a request reference), the
 * egress {@link dev.wirespeed.pipeline.descriptor.DecisionDescriptor} (action and reason codes of
 * {@code dev.wirespeed.fib.decision}), and the pipeline's reason table
 * ({@link dev.wirespeed.pipeline.descriptor.ReasonTable}: the built-in reasons plus the embedding code's).
 */
package dev.wirespeed.pipeline.descriptor;
