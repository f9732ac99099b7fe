package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.FunctionRef;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs work per function version in order: work for one {@code name@version} runs strictly after
 * the previous work for it, work for different ones runs in parallel on the executor. A request
 * made while one is already waiting to start joins it, since the work reads the latest state when
 * it starts.
 */
final class Lanes {

    private static final class Lane {
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> waiting;
    }

    private final Executor executor;
    private final Map<FunctionRef, Lane> lanes = new HashMap<>();

    Lanes(Executor executor) {
        this.executor = executor;
    }

    /** @return completes once the work queued so far, for every function version, has run (failed or not) */
    synchronized CompletableFuture<Void> drained() {
        return CompletableFuture.allOf(lanes.values().stream().map(l -> l.tail.exceptionally(e -> null))
                .toArray(CompletableFuture<?>[]::new));
    }

    /**
     * Queues work for a function version.
     *
     * @param ref the function version
     * @param work the work; it reads the state it needs when it starts
     * @return completes when the work (or the queued work it joined) has run
     */
    synchronized CompletableFuture<Void> submit(FunctionRef ref, Runnable work) {
        Lane lane = lanes.computeIfAbsent(ref, r -> new Lane());
        if (lane.waiting != null) {
            return lane.waiting;
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        lane.waiting = next;
        Runnable task = () -> {
            synchronized (this) {
                if (lane.waiting == next) {
                    lane.waiting = null;
                }
            }
            try {
                work.run();
                next.complete(null);
            } catch (RuntimeException | Error e) {
                next.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    if (lane.tail == next && lane.waiting == null) {
                        lanes.remove(ref, lane);
                    }
                }
            }
        };
        lane.tail.whenComplete((r, e) -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException x) {
                next.completeExceptionally(x);
            }
        });
        lane.tail = next;
        return next;
    }
}
