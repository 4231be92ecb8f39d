package dev.wirespeed.sim.net.event;

/**
 * The pending events of a discrete-event simulation: each is a time (integer nanoseconds) and a 64-bit
 * payload that the simulator decodes ({@link EventPayload}); no object per event.
 *
 * <p>Order: by time, and among events of equal time in the order they were scheduled (FIFO), so a run is
 * deterministic whatever the implementation. {@link TimingWheel} is the fast one, {@link BinaryHeapEvents}
 * the reference the differential tests hold it to.
 */
public interface EventQueue
{
    /**
     * @param time    when, in nanoseconds; never before the time of the last polled event.
     * @param payload what (opaque to the queue).
     */
    void schedule(long time, long payload);

    /** @return whether no event is pending. */
    boolean isEmpty();

    /** @return the number of pending events. */
    int size();

    /** @return the time of the next event, or {@link Long#MAX_VALUE} when empty. */
    long nextTime();

    /**
     * Removes the next event.
     *
     * @return its payload; its time is {@link #polledTime()}.
     * @throws IllegalStateException when empty.
     */
    long poll();

    /** @return the time of the event last returned by {@link #poll()}. */
    long polledTime();
}
