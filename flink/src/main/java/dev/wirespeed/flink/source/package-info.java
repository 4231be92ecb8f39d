/**
 * The trace source (a FLIP-27 {@code Source}): JSONL traces split by byte ranges on line boundaries, captures
 * one split per file; each split knows the record index of its first record, so every record carries the
 * index the single-machine replay would give it.
 */
package dev.wirespeed.flink.source;
