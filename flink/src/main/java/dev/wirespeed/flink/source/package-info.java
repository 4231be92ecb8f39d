/**
 * The sources: the trace source (a FLIP-27 {@code Source}): JSONL traces split by byte ranges on line
 * boundaries, captures one split per file; each split knows the record index of its first record, so every
 * record carries the index the single-machine replay would give it. And a Kafka topic of JSONL requests read
 * with Flink's {@code KafkaSource} over the offsets the client planned ({@link dev.wirespeed.flink.source.KafkaPlan}),
 * one record a message, indexed partition by partition.
 */
package dev.wirespeed.flink.source;
