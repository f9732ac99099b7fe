package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The contexts of one function version: at most one call per context, grown on demand up to a
 * maximum but only while fewer contexts than gate slots are awake (a context whose call sleeps
 * until a timer does not count), since more could not run at once anyway and every new context
 * costs start-up time and makes the shared compiled code see new function instances. A thread
 * gets back the context it used last when that one is free, because a context that keeps changing
 * threads runs markedly slower in GraalJS; lower slots are preferred so the higher ones fall idle
 * and are retired.
 */
final class ContextPool {

    private static final Logger LOG = LoggerFactory.getLogger(ContextPool.class);

    /** Opens a new context of the version's code. */
    interface Factory {
        JsContext open() throws FunctionLoadException;
    }

    /** Each slot holds a JsContext, {@link #OPENING} while one is being opened for it, or null. */
    private static final Object OPENING = new Object();

    private final FunctionRef ref;
    private final Factory factory;
    private final Runnable onPark;
    private final AtomicReferenceArray<Object> slots;
    private final Semaphore permits;
    private final int warm;
    private final int awake;
    private volatile boolean closed;

    /**
     * Opens the first context, so a module that does not load fails here.
     *
     * @param ref the version, for messages
     * @param factory opens contexts
     * @param max the most contexts at once
     * @param warm contexts never retired for being idle
     * @param awake the most contexts not sleeping until a timer (the gate's slots): past it the pool does not grow
     * @param onPark told on the call's thread when a call starts to sleep until a timer, so the pool may grow again
     * @throws FunctionLoadException when the first context cannot load the module
     */
    ContextPool(FunctionRef ref, Factory factory, int max, int warm, int awake, Runnable onPark) throws FunctionLoadException {
        this.ref = ref;
        this.factory = factory;
        this.onPark = onPark;
        this.slots = new AtomicReferenceArray<>(max);
        this.permits = new Semaphore(max);
        this.warm = Math.min(warm, max);
        this.awake = Math.max(1, awake);
        JsContext first = factory.open();
        first.whenParked(onPark);
        slots.set(0, first);
    }

    /**
     * Leases an idle context without waiting and without opening one.
     *
     * @return a context leased to the caller, to be given back with {@link #release}; null when none is idle or the pool is closed
     */
    JsContext tryAcquire() {
        if (closed || !permits.tryAcquire()) {
            return null;
        }
        JsContext c = closed ? null : lease();
        if (c == null) {
            permits.release();
        }
        return c;
    }

    private JsContext lease() {
        Thread me = Thread.currentThread();
        int n = slots.length();
        for (int i = 0; i < n; i++) {
            if (slots.get(i) instanceof JsContext c && c.lastThread() == me && c.lease()) {
                return c;
            }
        }
        for (int i = 0; i < n; i++) {
            if (slots.get(i) instanceof JsContext c && c.lease()) {
                return c;
            }
        }
        return null;
    }

    /**
     * Reserves a slot for a new context when the pool may grow: a slot is free and fewer contexts
     * than the gate's slots are awake (idle, running, queued to run or being opened).
     *
     * @return the slot to pass to {@link #open(int)}, or -1 when the pool must not grow now
     */
    synchronized int reserve() {
        if (closed) {
            return -1;
        }
        int awakeNow = 0;
        int free = -1;
        for (int i = 0; i < slots.length(); i++) {
            Object o = slots.get(i);
            if (o == null) {
                free = free < 0 ? i : free;
            } else if (o == OPENING || !((JsContext) o).parked()) {
                awakeNow++;
            }
        }
        if (free < 0 || awakeNow >= awake || !permits.tryAcquire()) {
            return -1;
        }
        slots.set(free, OPENING);
        return free;
    }

    /**
     * Opens a context into a slot from {@link #reserve()}, outside any lock, and leases it to the caller.
     *
     * @param slot the reserved slot
     * @return the new context, leased to the caller; null when the pool closed meanwhile
     * @throws FunctionException UNAVAILABLE when the context could not load the module
     */
    JsContext open(int slot) {
        JsContext c;
        try {
            c = factory.open();
        } catch (FunctionLoadException e) {
            unreserve(slot);
            LOG.warn("[fn:{}] could not open another JavaScript context: {}", ref, e.describe());
            throw new FunctionException(FunctionException.Kind.UNAVAILABLE, "could not start the function: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            unreserve(slot);
            throw e;
        }
        c.whenParked(onPark);
        c.lease();
        slots.set(slot, c);
        if (closed) {
            remove(c);
            permits.release();
            return null;
        }
        return c;
    }

    /** @param slot a slot from {@link #reserve()} that will not be opened after all */
    void unreserve(int slot) {
        slots.compareAndSet(slot, OPENING, null);
        permits.release();
    }

    /**
     * Gives a context back after a call; one that broke is closed and its slot freed.
     *
     * @param c a context from {@link #acquire}
     * @param keep false to close it even when it could serve again
     */
    void release(JsContext c, boolean keep) {
        if (!keep || !c.reusable()) {
            remove(c);
        } else {
            c.unlease();
        }
        permits.release();
    }

    private void remove(JsContext c) {
        for (int i = 0; i < slots.length(); i++) {
            slots.compareAndSet(i, c, null);
        }
        c.close();
    }

    /**
     * Closes contexts above the warm ones that have been idle that long.
     *
     * @param idleNanos how long a context may stay unused
     */
    void retireIdle(long idleNanos) {
        long now = System.nanoTime();
        for (int i = slots.length() - 1; i >= warm; i--) {
            if (slots.get(i) instanceof JsContext c && now - c.idleSince() >= idleNanos && c.lease()) {
                remove(c);
            }
        }
    }

    /** @return calls running now */
    int busy() {
        return slots.length() - permits.availablePermits();
    }

    /** @return the most contexts this pool opens */
    int max() {
        return slots.length();
    }

    /** @return contexts open now */
    int size() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            n += slots.get(i) instanceof JsContext ? 1 : 0;
        }
        return n;
    }

    /**
     * Waits for the calls in flight, then closes every context; past the wait, running calls are cancelled.
     *
     * @param waitMs how long to wait
     * @return true when every call finished in time
     */
    boolean drainAndClose(long waitMs) {
        closed = true;
        boolean drained = false;
        try {
            drained = permits.tryAcquire(slots.length(), waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < slots.length(); i++) {
            if (slots.getAndSet(i, null) instanceof JsContext c) {
                c.close();
            }
        }
        // Callers still waiting for a permit get one, see the pool closed and go away.
        permits.release(slots.length());
        return drained;
    }
}
