package io.fnkernel.runtime.python.internal;

/**
 * How long to wait before replacing a python worker that crashed or failed to start: the first
 * failure in a row is replaced at once, then the wait doubles from 100 ms up to 5 s, and a call
 * answered by any worker resets the count. Not thread-safe: its pool calls it under its lock.
 */
final class CrashBackoff {

    /** The longest wait between two respawns. */
    static final long MAX_MS = 5_000;
    private static final long FIRST_MS = 100;

    private int failures;

    /** A worker crashed or did not start. */
    void failed() {
        failures++;
    }

    /** A worker answered a call: the workers work again. */
    void succeeded() {
        failures = 0;
    }

    /** @return milliseconds to wait before the next respawn, 0 for at once */
    long delayMs() {
        return failures <= 1 ? 0 : Math.min(MAX_MS, FIRST_MS << Math.min(failures - 2, 10));
    }
}
