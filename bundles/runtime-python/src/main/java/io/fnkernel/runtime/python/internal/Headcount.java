package io.fnkernel.runtime.python.internal;

/**
 * How many workers a pool has (ready or starting) and when it may start more: for waiting calls up
 * to its maximum, to keep one warm, and after crashes with back-off; not thread-safe (its pool's lock guards it).
 */
final class Headcount {

    private static final int MIN_WARM = 1;

    private final int max;
    private final CrashBackoff backoff = new CrashBackoff();
    private int live;
    private int starting;
    private boolean respawnPending;

    /** @param max the most workers at once */
    Headcount(int max) {
        this.max = max;
    }

    /**
     * Counts the workers to start now, for the waiting calls and the warm minimum, as started.
     *
     * @param waiting calls queued for a worker
     * @return how many to launch
     */
    int reserve(int waiting) {
        if (respawnPending) {
            return 0;
        }
        int n = Math.max(0, Math.min(max - live, Math.max(MIN_WARM - live, waiting - starting)));
        live += n;
        starting += n;
        return n;
    }

    /** A reserved worker is ready: it answered its init frame. */
    void ready() {
        starting--;
    }

    /**
     * A reserved worker is gone: it could not be launched, or its process ended.
     *
     * @param wasReady true when it had answered its init frame
     * @param crashed true when nobody meant it to end
     * @return the workers left
     */
    int gone(boolean wasReady, boolean crashed) {
        live--;
        if (!wasReady) {
            starting--;
        }
        if (crashed) {
            backoff.failed();
        }
        return live;
    }

    /** A worker answered a call: crashes before it no longer delay respawns. */
    void succeeded() {
        backoff.succeeded();
    }

    /** @return true when no further worker can start, so busy ones may be sent calls ahead */
    boolean full() {
        return live >= max && starting == 0;
    }

    /**
     * Claims the one pending respawn when one is needed: below the warm minimum, or calls wait and
     * fewer workers are starting than calls waiting.
     *
     * @param waiting calls queued for a worker
     * @return true when the caller must schedule it (after {@link #delayMs()}) and then call {@link #respawnDue()}
     */
    boolean claimRespawn(int waiting) {
        if (respawnPending || live >= max || (live >= MIN_WARM && waiting <= starting)) {
            return false;
        }
        respawnPending = true;
        return true;
    }

    /** The claimed respawn is due: {@link #reserve} counts again. */
    void respawnDue() {
        respawnPending = false;
    }

    /** @return milliseconds to wait before respawning after a crash */
    long delayMs() {
        return backoff.delayMs();
    }
}
