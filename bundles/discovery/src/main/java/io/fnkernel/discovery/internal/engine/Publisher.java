package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.dto.PlatformDTO;

import java.util.List;

/**
 * Publishes snapshots through one volatile field and counts changes; readers never lock, and
 * tests wait on the counter.
 */
final class Publisher {

    private final FailureBook book = new FailureBook();
    private volatile PlatformDTO snapshot;
    private List<Long> runtimeIds = List.of();

    /** Stamps and publishes a new snapshot; the counter grows by one. */
    synchronized void publish(PlatformDTO dto) {
        long now = System.currentTimeMillis();
        dto.changeCount = snapshot == null ? 1 : snapshot.changeCount + 1;
        dto.generatedAt = now;
        book.failures(dto.failures, now);
        book.warnings(dto.warnings, now);
        snapshot = dto;
        notifyAll();
    }

    /** @return true when the preferred runtimes differ from the last call's */
    synchronized boolean runtimesChanged(List<RuntimeHandle> now) {
        List<Long> ids = now.stream().map(RuntimeHandle::serviceId).toList();
        boolean changed = !ids.equals(runtimeIds);
        runtimeIds = ids;
        return changed;
    }

    PlatformDTO snapshot() {
        return snapshot;
    }

    long changeCount() {
        return snapshot.changeCount;
    }

    synchronized boolean await(long after, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (snapshot.changeCount <= after) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
