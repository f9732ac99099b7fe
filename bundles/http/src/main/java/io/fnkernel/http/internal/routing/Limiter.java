package io.fnkernel.http.internal.routing;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most {@code max} calls of one function version at once and lets up to {@code maxQueue}
 * more wait without holding a thread (a waiting call is a queued task, dispatched to the executor
 * when a permit frees up, or withdrawn when its caller gives up); lock-free, limits changeable live.
 */
public final class Limiter {

    /** What {@link #acquire(Runnable)} decided. */
    public enum Admission {
        /** A permit was taken: the caller runs the task now. */
        RUN,
        /** The task waits and will be run on the executor holding a permit. */
        QUEUED,
        /** Both the permits and the queue are full: answer 429. */
        REJECTED
    }

    private volatile int max;
    private volatile int maxQueue;
    private final Executor executor;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();

    /**
     * @param max calls at once, &gt; 0
     * @param maxQueue calls that may wait, &gt;= 0
     * @param executor runs queued tasks once admitted
     */
    public Limiter(int max, int maxQueue, Executor executor) {
        if (max <= 0 || maxQueue < 0) {
            throw new IllegalArgumentException("max must be > 0 and maxQueue >= 0");
        }
        this.max = max;
        this.maxQueue = maxQueue;
        this.executor = executor;
    }

    /**
     * Asks for a permit. On {@link Admission#RUN} the caller holds a permit and runs the task itself;
     * on {@link Admission#QUEUED} the task runs later, holding a permit. Either way the task must
     * end with {@link #release()}.
     *
     * @param task what to run once admitted
     * @return the decision
     */
    public Admission acquire(Runnable task) {
        if (tryPermit()) {
            return Admission.RUN;
        }
        if (queued.incrementAndGet() > maxQueue) {
            queued.decrementAndGet();
            return Admission.REJECTED;
        }
        waiters.add(task);
        drain();
        return Admission.QUEUED;
    }

    /**
     * A queued task gives up (its caller timed out): it leaves the queue and frees its place.
     *
     * @param task a task {@link #acquire(Runnable)} answered {@link Admission#QUEUED} for
     * @return true if it was still waiting and now never runs; false if it was already dispatched,
     *         so it holds a permit that must still be released once
     */
    public boolean withdraw(Runnable task) {
        if (waiters.remove(task)) {
            queued.decrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Changes the limits in place. Calls already running keep their permits and count against the
     * new {@code max}: a raised limit admits waiters at once, a lowered one admits nobody new until
     * enough running calls have finished. Waiters already queued keep their places.
     *
     * @param newMax calls at once, &gt; 0
     * @param newMaxQueue calls that may wait, &gt;= 0
     */
    public void resize(int newMax, int newMaxQueue) {
        if (newMax <= 0 || newMaxQueue < 0) {
            throw new IllegalArgumentException("max must be > 0 and maxQueue >= 0");
        }
        this.maxQueue = newMaxQueue;
        this.max = newMax;
        drain();
    }

    /** Gives a permit back, handing it to the oldest waiting task if any. */
    public void release() {
        inFlight.decrementAndGet();
        if (!waiters.isEmpty()) {
            drain();
        }
    }

    /** @return calls holding a permit now */
    public int inFlight() {
        return inFlight.get();
    }

    /** @return calls waiting now */
    public int queued() {
        return queued.get();
    }

    /** @return the most calls at once */
    public int max() {
        return max;
    }

    /** @return the most calls waiting */
    public int maxQueue() {
        return maxQueue;
    }

    private boolean tryPermit() {
        for (;;) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    // Every enqueue and every release ends here, so a waiter is never left behind while a permit is free.
    private void drain() {
        while (!waiters.isEmpty() && tryPermit()) {
            Runnable task = waiters.poll();
            if (task == null) {
                inFlight.decrementAndGet();
                continue;
            }
            queued.decrementAndGet();
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        }
    }
}
