package io.fnkernel.itests;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition on the platform's state, checking it every few milliseconds until a deadline. */
public final class Await {

    private Await() {
    }

    /**
     * Waits until a supplier yields a non-null value.
     *
     * @param what what is awaited, for the failure message
     * @param timeoutMs the deadline
     * @param probe yields the value, or null while not there yet
     * @param <T> the value type
     * @return the value
     * @throws AssertionError when the deadline passes
     */
    public static <T> T value(String what, long timeoutMs, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not seen within " + timeoutMs + " ms");
            }
            LockSupport.parkNanos(10_000_000);
        }
    }
}
