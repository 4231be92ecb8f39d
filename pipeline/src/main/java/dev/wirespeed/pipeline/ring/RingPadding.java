package dev.wirespeed.pipeline.ring;

/*
 * JCTools-style field padding: HotSpot lays superclass fields before subclass fields, so the producer's and
 * the consumer's owner-local indices end up on different cache lines (128 bytes apart), away from the
 * object header and from the read-mostly final fields. Unpadded, these cost 3x throughput (RingHandoffBenchmark).
 */

@SuppressWarnings("unused")
abstract class RingPadHead
{
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class RingProducerFields extends RingPadHead
{
    /** Next sequence the producer claims (producer thread only). */
    long producerTail;
    /** Producer may claim below this without reading the head: cached head + capacity. */
    long producerLimit;
    /** Last tail stored to the shared tail index. */
    long producerPublished;
}

@SuppressWarnings("unused")
abstract class RingPadMiddle extends RingProducerFields
{
    long p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31, p32, p33, p34, p35;
}

abstract class RingConsumerFields extends RingPadMiddle
{
    /** Next sequence the consumer polls (consumer thread only). */
    long consumerHead;
    /** Consumer may poll below this without reading the tail: cached tail. */
    long consumerLimit;
    /** Last head stored to the shared head index. */
    long consumerReleased;
}

@SuppressWarnings("unused")
abstract class RingPadTail extends RingConsumerFields
{
    long p40, p41, p42, p43, p44, p45, p46, p47, p48, p49, p50, p51, p52, p53, p54, p55;
}
