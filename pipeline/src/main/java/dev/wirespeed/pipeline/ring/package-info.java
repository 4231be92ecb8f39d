/**
 * Flat off-heap single-producer/single-consumer rings of fixed-size descriptor slots, the hand-off between
 * the ingress thread, the forwarding agents and the egress merger. One memory-ordering vocabulary lives
 * here: {@code so} (store-ordered, release) and {@code lv} (load-volatile, acquire) on the shared head and
 * tail indices; everything else is plain access by the single owner thread.
 */
package dev.wirespeed.pipeline.ring;
