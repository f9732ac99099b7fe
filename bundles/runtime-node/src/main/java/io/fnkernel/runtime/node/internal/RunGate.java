package io.fnkernel.runtime.node.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets at most a fixed number of threads run JavaScript at once, across all functions, and serves
 * the work waiting for a slot first come, first served. More threads than cores in the guest only
 * share the cores and starve the Graal compiler thread. Calls do not wait for a slot on a thread of
 * their own: a call that finds every slot taken is queued, and a thread that holds a slot runs the
 * queued calls one after another before it gives the slot back, so under load the same few threads
 * keep running JavaScript without a thread hand-off per call. The caller's thread may be a network
 * thread, so it starts no further queued call after its budget (1 ms): the slot and the rest of
 * the queue go to a helper thread then. A call waiting for a timer leaves the
 * gate while it waits and queues up again to come back.
 */
final class RunGate {

    private static final Logger LOG = LoggerFactory.getLogger(RunGate.class);

    /** Work that runs holding a slot. */
    interface Task {

        /**
         * Runs holding a slot; never throws.
         *
         * @return true when the slot is still held, to be passed on; false when it was given away
         */
        boolean run();

        /** @return {@link System#nanoTime()} by which the task must have started */
        long deadline();

        /** The deadline passed while the task was queued: fail it; it is skipped when its turn comes. */
        void expire();
    }

    private final int size;
    private final long callerBudgetNanos;
    private final Semaphore slots;
    private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
    private final ExecutorService helpers;

    /** @param slots threads allowed in at once */
    RunGate(int slots) {
        this(slots, TimeUnit.MILLISECONDS.toNanos(1));
    }

    /**
     * @param slots threads allowed in at once
     * @param callerBudgetNanos how long a submitting thread keeps starting queued calls before it
     *        hands its slot and the queue to a helper thread
     */
    RunGate(int slots, long callerBudgetNanos) {
        this.size = slots;
        this.callerBudgetNanos = callerBudgetNanos;
        this.slots = new Semaphore(slots);
        AtomicInteger n = new AtomicInteger();
        this.helpers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fnk-node-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs the task now on this thread when a slot is free and nothing is queued, else queues it;
     * a thread that holds a slot here then also runs what queued up meanwhile (within its budget).
     *
     * @param task the work
     */
    void submit(Task task) {
        long until = System.nanoTime() + callerBudgetNanos;
        if (queue.isEmpty() && slots.tryAcquire()) {
            // Nothing waits: run it without a trip through the queue (a node and two CASes per call).
            if (run(task)) {
                if (!queue.isEmpty() && System.nanoTime() - until > 0) {
                    dispatch(); // what queued up meanwhile goes to a helper
                } else {
                    drain(true, until); // gives the slot back, or first runs what queued up meanwhile
                }
            }
            return;
        }
        queue.offer(task);
        if (slots.tryAcquire()) {
            drain(true, until);
        }
    }

    /**
     * Queues the task from a thread that holds no slot and may be half-way through a call of its
     * own, so it never runs the queue itself: a free slot goes to a helper thread that does.
     *
     * @param task the work
     */
    void requeue(Task task) {
        queue.offer(task);
        if (slots.tryAcquire()) {
            dispatch();
        }
    }

    /**
     * Runs queued tasks holding a slot, then gives the slot back; checks once more so no task is
     * stranded. A submitting thread past its budget hands a slot it still holds to a helper thread.
     *
     * @param caller true on the thread that submitted, false on a helper (which runs the queue to its end)
     * @param until {@link System#nanoTime()} after which the submitting thread starts no further task
     */
    private void drain(boolean caller, long until) {
        for (;;) {
            Task t = queue.poll();
            boolean held = true;
            if (t != null) {
                held = run(t);
                if (caller && held && !queue.isEmpty() && System.nanoTime() - until > 0) {
                    dispatch();
                    return;
                }
            }
            if (t == null || !held) {
                if (held) {
                    slots.release();
                }
                if (queue.isEmpty() || !slots.tryAcquire()) {
                    return;
                }
            }
        }
    }

    private static boolean run(Task t) {
        try {
            return t.run();
        } catch (RuntimeException e) {
            LOG.error("a queued JavaScript task failed", e);
            return true;
        }
    }

    /**
     * Waits for a slot, in turn with the queued calls, at most until the deadline.
     *
     * @param deadline {@link System#nanoTime()} after which the caller gives up
     * @return true when the caller holds a slot, to be given back with {@link #leave()}
     */
    boolean enter(long deadline) {
        if (queue.isEmpty() && slots.tryAcquire()) {
            return true;
        }
        Handoff h = new Handoff(Thread.currentThread(), deadline);
        queue.offer(h);
        if (slots.tryAcquire()) {
            // Not drained here: this thread may be half-way through a call of its own.
            dispatch();
        }
        return h.await();
    }

    /** Gives a slot back; when calls are queued, a helper thread takes it over and runs them. */
    void leave() {
        if (queue.isEmpty()) {
            slots.release();
            if (queue.isEmpty() || !slots.tryAcquire()) {
                return;
            }
        }
        dispatch();
    }

    /** Hands the slot this thread holds to a helper that runs the queue; once closed, gives it back. */
    private void dispatch() {
        try {
            helpers.execute(() -> drain(false, 0));
        } catch (RejectedExecutionException e) {
            slots.release();
        }
    }

    /**
     * Runs work that must not hold a slot (waiting for a context, opening one) on a helper thread.
     *
     * @param work the work
     * @throws RejectedExecutionException once the gate is closed
     */
    void offload(Runnable work) {
        helpers.execute(work);
    }

    /**
     * Fails the queued tasks whose deadline passed; called by the watchdog.
     *
     * @param now {@link System#nanoTime()}
     */
    void expire(long now) {
        for (Task t : queue) {
            if (now - t.deadline() > 0) {
                t.expire();
            }
        }
    }

    /** @return threads allowed in at once */
    int size() {
        return size;
    }

    /** @return slots free now */
    int free() {
        return slots.availablePermits();
    }

    /** @return tasks queued now */
    int queued() {
        return queue.size();
    }

    /** Stops the helper threads once their work is done. */
    void close() {
        helpers.shutdown();
    }

    /** A thread waiting in {@link #enter}: its turn hands it the slot of the thread that runs the turn. */
    private static final class Handoff implements Task {

        private static final int WAITING = 0;
        private static final int GRANTED = 1;
        private static final int ABANDONED = 2;

        private final Thread owner;
        private final long deadline;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        Handoff(Thread owner, long deadline) {
            this.owner = owner;
            this.deadline = deadline;
        }

        @Override
        public boolean run() {
            if (state.compareAndSet(WAITING, GRANTED)) {
                LockSupport.unpark(owner);
                return false;
            }
            return true;
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public void expire() {
            // the waiting thread gives up by itself at its deadline
        }

        boolean await() {
            while (state.get() == WAITING) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return !state.compareAndSet(WAITING, ABANDONED);
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        }
    }
}
