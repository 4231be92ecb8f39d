/**
 * JMH benchmarks of the pipeline: the ring hand-off ({@code SpscDescriptorRing} vs JCTools
 * {@code SpscArrayQueue} vs Agrona {@code OneToOneRingBuffer} as baselines) and the allocation-free
 * per-descriptor work of a forwarding agent and of the inline pipeline (run with {@code -prof gc}).
 */
package dev.wirespeed.benchmarks.pipeline;
