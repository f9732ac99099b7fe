package io.fnkernel.runtime.python.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Which call goes to which worker of a pool: the waiting calls in arrival order, the idle workers,
 * and each worker's calls in the order of their frames; not thread-safe (its pool's lock guards it).
 */
final class Dispatcher {

    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private final Pipelining pipelining;

    Dispatcher(Pipelining pipelining) {
        this.pipelining = pipelining;
    }

    /** @return the idle worker used most recently, taken out of the idle set, or null */
    Worker pollIdle() {
        return idle.pollFirst();
    }

    /** Marks a worker without calls as idle; it is the first to be taken. */
    void idle(Worker w) {
        idle.addFirst(w);
    }

    /** Forgets a worker that is gone. */
    void removeIdle(Worker w) {
        idle.remove(w);
    }

    /** @return the number of calls waiting for a worker */
    int waiting() {
        return queue.size();
    }

    /** Queues a call behind the others. */
    void enqueue(Call c) {
        queue.addLast(c);
    }

    /** Forgets a queued call that was given up. */
    void dequeue(Call c) {
        queue.remove(c);
    }

    /**
     * Gives {@code c} to {@code w}: its frame is next in line to be written to that worker.
     *
     * @param w the worker
     * @param c the call, already marked running on it
     */
    void assign(Worker w, Call c) {
        w.calls.addLast(c);
        c.assignedNanos = System.nanoTime();
        if (w.calls.size() > 1) {
            pipelining.countAhead();
        }
    }

    /**
     * Takes the next waiting call for {@code w} if it may have it now (an idle worker always may; a
     * busy one only as {@link Pipelining} allows), skipping calls given up meanwhile.
     *
     * @param w the worker
     * @param poolFull true when the pool cannot start another worker
     * @return the call, assigned to {@code w}, or null
     */
    Call take(Worker w, boolean poolFull) {
        Call c;
        while ((c = queue.peekFirst()) != null) {
            if (!pipelining.allows(w.calls.size(), poolFull, c.event.length)) {
                return null;
            }
            queue.pollFirst();
            if (c.start(w)) {
                assign(w, c);
                return c;
            }
        }
        return null;
    }

    /**
     * Hands waiting calls to idle workers; needed after calls went back to the queue.
     *
     * @return the calls handed out, each to its {@link Call#worker}, whose frames the caller writes
     */
    List<Call> feedIdle() {
        List<Call> fed = new ArrayList<>();
        Worker w;
        while (!queue.isEmpty() && (w = idle.peekFirst()) != null) {
            Call c = take(w, false);
            if (c == null) {
                break;
            }
            idle.pollFirst();
            fed.add(c);
        }
        return fed;
    }

    /**
     * Puts calls that never reached a worker back at the head of the queue, in their order.
     *
     * @param w the worker they were assigned to
     * @param unsent the calls, oldest first
     */
    void requeue(Worker w, List<Call> unsent) {
        for (int i = unsent.size() - 1; i >= 0; i--) {
            Call c = unsent.get(i);
            if (w.calls.remove(c) && c.requeue()) {
                queue.addFirst(c);
            }
        }
    }

    /**
     * Takes back the calls of a worker that is gone. Those behind its first were sent ahead and never
     * started, and its first never started either when its frame was not written yet (the worker
     * died between a submitter taking it and the write): they go back to the head of the queue, or
     * are settled when the pool is stopping.
     *
     * @param w the worker
     * @param stopping true when the pool is stopping
     * @param settled receives the calls this settled, for the caller to fail
     * @return its first call if it may have been running it, or null
     */
    Call release(Worker w, boolean stopping, List<Call> settled) {
        List<Call> behind = new ArrayList<>(w.calls);
        Call first = behind.isEmpty() || !behind.get(0).reached(w) ? null : behind.remove(0);
        if (stopping) {
            behind.stream().filter(b -> b.settle() == Call.RUNNING).forEach(settled::add);
        } else {
            requeue(w, behind);
        }
        w.calls.clear();
        return first;
    }

    /**
     * Records a reply: the worker's oldest call is done, and how long it took feeds {@link Pipelining}.
     *
     * @param w the worker that replied
     * @return the call the reply belongs to, or null when the worker had none
     */
    Call replied(Worker w) {
        Call c = w.calls.pollFirst();
        if (c != null) {
            long now = System.nanoTime();
            pipelining.record(now - Math.max(c.assignedNanos, w.lastReplyNanos));
            w.lastReplyNanos = now;
        }
        return c;
    }

    /** @return how many calls went to a worker before it had answered the one it ran */
    long sentAhead() {
        return pipelining.sentAhead();
    }

    /**
     * Empties the queue and forgets the idle workers (the pool is stopping).
     *
     * @return the queued calls this settled; the caller fails them
     */
    List<Call> drain() {
        idle.clear();
        return drainQueue();
    }

    /**
     * Settles the queued calls when no worker is left to run them (start-up failed).
     *
     * @return the calls this settled; the caller fails them
     */
    List<Call> drainQueue() {
        List<Call> out = new ArrayList<>();
        Call c;
        while ((c = queue.pollFirst()) != null) {
            if (c.settle() == Call.QUEUED) {
                out.add(c);
            }
        }
        return out;
    }
}
