package io.fnkernel.runtime.python.internal;

/**
 * Decides when a busy worker may be sent its next call before it has answered the current one,
 * from how long the version's calls take; not thread-safe (its pool's lock guards it).
 *
 * <p>A worker whose next frame already waits in its pipe goes from one call to the next without
 * sleeping, and its reader thread finds the next reply waiting: that halves the CPU of a short call.
 * The price is that a call sent ahead waits behind that worker's current call even if another
 * worker frees up first, so it is only done for versions whose calls are short.
 */
final class Pipelining {

    /** The most calls sent to one worker at once: the one it runs and the one waiting in its pipe. */
    static final int DEPTH = 2;

    /**
     * The largest event sent ahead, in bytes: with its length and deadline it fits in one page, the smallest
     * capacity a pipe has, so writing it waits at most for the worker to take the frame before it,
     * never for the worker to finish a call (which may itself wait for its reply to be read).
     */
    static final int MAX_FRAME = 4096 - 12;

    private final long maxServiceNanos;
    private long serviceNanos = -1;
    private long sentAhead;

    /**
     * @param maxServiceNanos calls are sent ahead only while they take less than this on average;
     *        0 never sends ahead ({@link PythonConfig#PIPELINE_MAX_US})
     */
    Pipelining(long maxServiceNanos) {
        this.maxServiceNanos = maxServiceNanos;
    }

    /**
     * Records the time a worker spent on one call: from its previous reply or from the send,
     * whichever came later, to this reply.
     *
     * @param nanos the call's service time
     */
    void record(long nanos) {
        serviceNanos = serviceNanos < 0 ? nanos : serviceNanos + (nanos - serviceNanos) / 8;
    }

    /** Counts a call that went to a worker which had another in flight. */
    void countAhead() {
        sentAhead++;
    }

    /** @return how many calls went to a worker which had another in flight */
    long sentAhead() {
        return sentAhead;
    }

    /**
     * Decides whether the next queued call goes to a worker now.
     *
     * @param inFlight calls the worker has now
     * @param poolFull true when the pool cannot start another worker for the queue
     * @param frameLength the next queued call's frame
     * @return true when that call may go to the worker now
     */
    boolean allows(int inFlight, boolean poolFull, int frameLength) {
        if (inFlight == 0) {
            return true;
        }
        return inFlight < DEPTH && poolFull && frameLength <= MAX_FRAME && serviceNanos >= 0 && serviceNanos < maxServiceNanos;
    }
}
