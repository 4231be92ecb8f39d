/**
 * The L3 stage of the FIB, modelled on an ASIC's (and VPP's {@code ip4-lookup → ip4-load-balance})
 * L3 path: IPv4 longest-prefix match ({@link dev.wirespeed.fib.l3.Ipv4Dir24Table}, DIR-24-8), IPv6
 * longest-prefix match ({@link dev.wirespeed.fib.l3.Ipv6TrieTable}, a 16-8-8-... multibit trie), ECMP
 * next-hop groups ({@link dev.wirespeed.fib.l3.NextHopGroups}), the engine's own addresses
 * ({@link dev.wirespeed.fib.l3.LocalAddresses}) and the forwarding decision
 * ({@link dev.wirespeed.fib.l3.L3Forwarding}).
 *
 * <p>Each table has a builder that is a {@link dev.wirespeed.fib.SectionWriter} and a final flyweight
 * reader over its {@link dev.wirespeed.fib.FibImage} section. Lookups return packed int route words
 * ({@link dev.wirespeed.fib.l3.RouteWord}) and allocate nothing.
 */
package dev.wirespeed.fib.l3;
