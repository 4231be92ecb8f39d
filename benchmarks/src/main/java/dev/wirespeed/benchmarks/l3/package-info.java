/**
 * JMH benchmarks of the L3 stage: IPv4 and IPv6 LPM lookups (scalar, batched, and the binary-trie
 * reference as baseline) over generated 1k/100k/1M-route tables with random and hitting addresses,
 * and the compile time of a route table.
 */
package dev.wirespeed.benchmarks.l3;
