/**
 * Fixed layouts of the records that travel through the rings, with their flyweights: the ingress
 * {@link dev.wirespeed.pipeline.descriptor.PacketDescriptor} (a parsed packet or a request reference), the
 * egress {@link dev.wirespeed.pipeline.descriptor.DecisionDescriptor}, the action codes
 * ({@link dev.wirespeed.pipeline.descriptor.Actions}) and the extendable table of kebab-case reason codes
 * ({@link dev.wirespeed.pipeline.descriptor.ReasonTable}).
 */
package dev.wirespeed.pipeline.descriptor;
