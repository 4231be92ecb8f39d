/**
 * The parse stage (VPP's {@code ethernet-input → ip4-input / ip6-input}): decodes a packet in place from
 * its native address into a caller-owned {@link dev.wirespeed.pipeline.parse.ParsedPacket}, computes the
 * symmetric flow hash ingress shards by ({@link dev.wirespeed.pipeline.parse.PacketFlowHash}) and recognises the
 * start of an HTTP/1.x request in a TCP payload ({@link dev.wirespeed.pipeline.parse.HttpRequestSniffer}).
 * Nothing here allocates per packet or copies packet bytes.
 */
package dev.wirespeed.pipeline.parse;
