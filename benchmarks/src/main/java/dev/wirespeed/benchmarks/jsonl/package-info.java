/**
 * Benchmarks of the JSONL edges of a request replay: decision lines out (byte encoder against the
 * String/Jackson reference) and request lines in (byte parser against the Jackson reference).
 */
package dev.wirespeed.benchmarks.jsonl;
