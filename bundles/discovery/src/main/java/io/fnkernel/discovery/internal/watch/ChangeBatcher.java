package io.fnkernel.discovery.internal.watch;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Collects changed paths until the folder has been quiet for the debounce time and every changed
 * file kept its size and modification time across it, so half-written files are not loaded. A file
 * that never settles is taken anyway after {@code maxWaitMs}.
 */
final class ChangeBatcher {

    /**
     * A file's observable state.
     *
     * @param exists false when the file is absent
     * @param size its size
     * @param mtime its modification time, nanoseconds
     */
    record Stamp(boolean exists, long size, long mtime) {
        static final Stamp ABSENT = new Stamp(false, 0, 0);
    }

    private final long debounceMs;
    private final long maxWaitMs;
    private final Function<Path, Stamp> stat;
    private final Map<Path, Stamp> stamps = new HashMap<>();
    private boolean pending;
    private long firstEvent;
    private long lastEvent;

    ChangeBatcher(long debounceMs, long maxWaitMs, Function<Path, Stamp> stat) {
        this.debounceMs = debounceMs;
        this.maxWaitMs = maxWaitMs;
        this.stat = stat;
    }

    /** Records a change of {@code path} at {@code now}. */
    void record(Path path, long now) {
        stamps.put(path, stat.apply(path));
        touch(now);
    }

    /** Records that something changed, without knowing what (an overflow, the folder coming back). */
    void touch(long now) {
        if (!pending) {
            pending = true;
            firstEvent = now;
        }
        lastEvent = now;
    }

    /** @return true while changes wait to be applied */
    boolean pending() {
        return pending;
    }

    /** @return when the batch may be ready, if nothing else happens */
    long deadline() {
        return lastEvent + debounceMs;
    }

    /**
     * Tells whether the batch is ready: quiet for the debounce time and every changed file stable.
     * When ready, the batch is cleared.
     *
     * @param now the current time
     * @return true when a rescan should run now
     */
    boolean ready(long now) {
        if (!pending || now < deadline()) {
            return false;
        }
        boolean stable = true;
        for (Map.Entry<Path, Stamp> e : stamps.entrySet()) {
            Stamp current = stat.apply(e.getKey());
            if (!current.equals(e.getValue())) {
                e.setValue(current);
                stable = false;
            }
        }
        if (!stable && now - firstEvent < maxWaitMs) {
            lastEvent = now;
            return false;
        }
        stamps.clear();
        pending = false;
        return true;
    }
}
