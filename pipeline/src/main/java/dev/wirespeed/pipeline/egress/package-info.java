/**
 * The egress rewrite stage (VPP's {@code ip4-rewrite}): copies a forwarded packet into the output buffer of
 * its egress port and decrements the IPv4 TTL (incremental checksum update, RFC 1624) or the IPv6 hop limit.
 */
package dev.wirespeed.pipeline.egress;
