package dev.wirespeed.pipeline;

/** What ingress does when the worker a record shards to has a full ring. */
public enum BackPressure
{
    /** Wait until the worker has room (lossless replay); each record that had to wait counts one {@code ring-full}. */
    LOSSLESS,
    /**
     * Drop the record (ASIC mode): counted as {@code dropped} / {@code drop:ring-full} and {@code ring-full},
     * and still given a decision (action drop, reason ring-full) in its place in the output order.
     */
    TAIL_DROP
}
