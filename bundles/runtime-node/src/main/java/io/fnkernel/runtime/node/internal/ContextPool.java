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
 * maximum. A thread gets back the context it used last when that one is free, because a context
 * that keeps changing threads runs markedly slower in GraalJS; lower slots are preferred so the
 * higher ones fall idle and are retired.
 */
final class ContextPool {

    private static final Logger LOG = LoggerFactory.getLogger(ContextPool.class);

    /** Opens a new context of the version's code. */
    interface Factory {
        JsContext open() throws FunctionLoadException;
    }

    private final FunctionRef ref;
    private final Factory factory;
    /** Each slot holds a JsContext, {@link #OPENING} while one is being opened for it, or null. */
    private static final Object OPENING = new Object();

    private final AtomicReferenceArray<Object> slots;
    private final Semaphore permits;
    private final int warm;
    private volatile boolean closed;

    /**
     * Opens the first context, so a module that does not load fails here.
     *
     * @param ref the version, for messages
     * @param factory opens contexts
     * @param max the most contexts at once
     * @param warm contexts never retired for being idle
     * @throws FunctionLoadException when the first context cannot load the module
     */
    ContextPool(FunctionRef ref, Factory factory, int max, int warm) throws FunctionLoadException {
        this.ref = ref;
        this.factory = factory;
        this.slots = new AtomicReferenceArray<>(max);
        this.permits = new Semaphore(max);
        this.warm = Math.min(warm, max);
        slots.set(0, factory.open());
    }

    /**
     * Leases a context, waiting while all are busy.
     *
     * @param timeoutMs how long to wait for a free context
     * @return a context leased to the caller, to be given back with {@link #release}; null once the pool is closed
     * @throws FunctionException OVERLOADED when none became free in time
     */
    JsContext acquire(int timeoutMs) {
        try {
            if (!permits.tryAcquire() && !permits.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new FunctionException(FunctionException.Kind.OVERLOADED,
                        "all " + slots.length() + " JavaScript contexts of " + ref + " stayed busy for " + timeoutMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionException(FunctionException.Kind.UNAVAILABLE, "interrupted while waiting for a JavaScript context");
        }
        try {
            // Holding a permit guarantees a free context or an empty slot; both may move under us, so retry.
            while (!closed) {
                JsContext c = lease();
                if (c == null) {
                    c = grow();
                }
                if (c != null) {
                    return c;
                }
                Thread.onSpinWait();
            }
            permits.release();
            return null;
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
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

    /** Opens a context into a free slot, outside any lock, so a burst of callers opens theirs in parallel. */
    private JsContext grow() {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, OPENING)) {
                JsContext c;
                try {
                    c = open();
                } catch (RuntimeException e) {
                    slots.set(i, null);
                    throw e;
                }
                c.lease();
                slots.set(i, c);
                if (closed) {
                    remove(c);
                    return null;
                }
                return c;
            }
        }
        return null;
    }

    private JsContext open() {
        try {
            return factory.open();
        } catch (FunctionLoadException e) {
            LOG.warn("[fn:{}] could not open another JavaScript context: {}", ref, e.describe());
            throw new FunctionException(FunctionException.Kind.UNAVAILABLE, "could not start the function: " + e.getMessage(), e);
        }
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
