package io.fnkernel.runtime.node.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets at most a fixed number of threads run JavaScript at once, across all functions. More
 * threads than cores in the guest only share the cores, and they starve the Graal compiler thread
 * that would make the guest code fast: under load, code then stays interpreted. A call waiting for
 * a timer leaves the gate while it waits.
 */
final class RunGate {

    private final Semaphore slots;

    /** @param slots threads allowed in at once */
    RunGate(int slots) {
        this.slots = new Semaphore(slots);
    }

    /**
     * Waits for a slot, at most until the deadline.
     *
     * @param deadline {@link System#nanoTime()} after which the caller gives up
     * @return true when the caller holds a slot, to be given back with {@link #leave()}
     */
    boolean enter(long deadline) {
        if (slots.tryAcquire()) {
            return true;
        }
        try {
            return slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives a slot back. */
    void leave() {
        slots.release();
    }

    /** @return slots free now */
    int free() {
        return slots.availablePermits();
    }
}
