package io.fnkernel.http.internal.routing;

import java.util.concurrent.TimeUnit;

/**
 * How long calls of one function version held the thread that invoked them, and from that whether
 * the gateway may invoke the next one on the network thread that read the request.
 *
 * <p>A version qualifies once it made {@link #WARM_CALLS} calls and its calls hold their thread
 * less than the limit on average (weight 1/8 for the newest; each call counts as at most twice the
 * limit, so one quick call whose thread was preempted does not send the next ones off). One call
 * that holds its thread {@link #STALL_NANOS} or longer (a handler that started to loop, a timer it
 * waited for) sends the version's calls to worker threads for {@link #HOLD_OFF_FACTOR} times as
 * long as it held, at most {@link #MAX_HOLD_OFF_NANOS}, however quick the calls after it are.
 * Updates race without locks: a lost sample only delays the verdict by a call.
 */
public final class ThreadHold {

    /** Calls measured before a version may run on a network thread. */
    public static final int WARM_CALLS = 8;
    /**
     * A call holding its thread this long counts as a stall: well past what a GC pause or being
     * preempted by the JIT compiler adds to a quick call, which the average absorbs.
     */
    public static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** A stall keeps the version off network threads this many times as long as it lasted. */
    public static final long HOLD_OFF_FACTOR = 100;
    /** The longest a stall keeps the version off network threads. */
    public static final long MAX_HOLD_OFF_NANOS = TimeUnit.SECONDS.toNanos(60);

    private volatile long averageNanos;
    private volatile int calls;
    private volatile long offUntilNanos;

    /** @param now {@link System#nanoTime()} at creation */
    public ThreadHold(long now) {
        this.offUntilNanos = now;
    }

    /**
     * @param now {@link System#nanoTime()}
     * @param limitNanos the largest average hold allowed; 0 or less allows none
     * @return true when the next call may run on the thread that read the request
     */
    public boolean quick(long now, long limitNanos) {
        return limitNanos > 0 && calls >= WARM_CALLS && averageNanos < limitNanos && now - offUntilNanos >= 0;
    }

    /**
     * Records one call.
     *
     * @param heldNanos how long the call's invocation held its thread
     * @param now {@link System#nanoTime()} when it returned
     * @param limitNanos the limit {@link #quick} is asked with
     */
    public void record(long heldNanos, long now, long limitNanos) {
        long avg = averageNanos;
        long sample = limitNanos > 0 ? Math.min(heldNanos, 2 * limitNanos) : heldNanos;
        averageNanos = calls == 0 ? sample : avg + (sample - avg) / 8;
        if (calls < WARM_CALLS) {
            calls++;
        }
        if (limitNanos > 0 && heldNanos >= STALL_NANOS) {
            long until = now + Math.min(MAX_HOLD_OFF_NANOS, HOLD_OFF_FACTOR * heldNanos);
            if (until - offUntilNanos > 0) {
                offUntilNanos = until;
            }
        }
    }

    /** @return the average hold, weight 1/8 for the newest call, each at most twice the limit; 0 before the first */
    public long averageNanos() {
        return averageNanos;
    }

    @Override
    public String toString() {
        return "held " + averageNanos / 1000 + " us on average over " + calls + "+ calls";
    }
}
