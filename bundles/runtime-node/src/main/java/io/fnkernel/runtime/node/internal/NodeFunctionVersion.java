package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One loaded JavaScript function version: a pool of contexts that grows on demand up to its
 * maximum, one call per context at a time, each call run on the caller's thread. The most
 * recently used context is reused first; idle extras are retired by the watchdog.
 */
final class NodeFunctionVersion implements FunctionVersion {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFunctionVersion.class);

    /** Opens a new context of this version's code. */
    interface ContextFactory {
        JsContext open() throws FunctionLoadException;
    }

    private final FunctionSource source;
    private final ContextFactory factory;
    private final Consumer<NodeFunctionVersion> onClose;
    private final int maxContexts;
    private final int warmContexts;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<JsContext> idle = new ConcurrentLinkedDeque<>();
    private final Set<JsContext> all = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Loads the version: opens its first context, so a broken module fails here.
     *
     * @param source the function
     * @param factory opens contexts of its code
     * @param maxContexts the most contexts at once
     * @param warmContexts contexts kept when idle
     * @param onClose told once the version is closed
     * @throws FunctionLoadException when the first context cannot load the module
     */
    NodeFunctionVersion(FunctionSource source, ContextFactory factory, int maxContexts, int warmContexts,
            Consumer<NodeFunctionVersion> onClose) throws FunctionLoadException {
        this.source = source;
        this.factory = factory;
        this.maxContexts = maxContexts;
        this.warmContexts = Math.min(warmContexts, maxContexts);
        this.onClose = onClose;
        this.permits = new Semaphore(maxContexts);
        JsContext first = factory.open();
        all.add(first);
        idle.add(first);
    }

    @Override
    public FunctionSource source() {
        return source;
    }

    @Override
    public CompletionStage<FunctionResponse> invoke(FunctionRequest request) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        try {
            if (!permits.tryAcquire() && !permits.tryAcquire(request.timeoutMs(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.OVERLOADED,
                        "all " + maxContexts + " JavaScript contexts of " + source.ref() + " stayed busy for " + request.timeoutMs() + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.UNAVAILABLE, "interrupted while waiting"));
        }
        JsContext ctx = null;
        try {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
            ctx = idle.pollFirst();
            if (ctx == null) {
                ctx = grow();
            }
            return CompletableFuture.completedFuture(ctx.invoke(request));
        } catch (FunctionException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            if (ctx != null) {
                if (ctx.reusable() && !closed) {
                    idle.offerFirst(ctx);
                } else {
                    retire(ctx);
                }
            }
            permits.release();
        }
    }

    private JsContext grow() {
        try {
            JsContext c = factory.open();
            all.add(c);
            return c;
        } catch (FunctionLoadException e) {
            LOG.warn("[fn:{}] could not open another JavaScript context: {}", source.ref(), e.describe());
            throw new FunctionException(FunctionException.Kind.UNAVAILABLE, "could not start the function: " + e.getMessage(), e);
        }
    }

    private void retire(JsContext c) {
        all.remove(c);
        c.close();
    }

    private FunctionException closedError() {
        return new FunctionException(FunctionException.Kind.CLOSED, source.ref() + " was replaced; look the route up again");
    }

    /**
     * Closes the least recently used idle contexts beyond the warm ones once idle that long.
     *
     * @param idleMillis how long a context may stay unused
     */
    void retireIdle(long idleMillis) {
        long now = System.nanoTime();
        while (!closed && idle.size() > warmContexts) {
            JsContext oldest = idle.pollLast();
            if (oldest == null) {
                return;
            }
            if (now - oldest.idleSince() < TimeUnit.MILLISECONDS.toNanos(idleMillis)) {
                idle.offerLast(oldest);
                return;
            }
            retire(oldest);
        }
    }

    /** @return the number of calls running now */
    int busy() {
        return maxContexts - permits.availablePermits();
    }

    /** @return the number of contexts open now, idle or busy */
    int contexts() {
        return all.size();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        long waitMs = source.policy().timeoutMs() + 1000L;
        boolean drained = false;
        try {
            drained = permits.tryAcquire(maxContexts, waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained) {
            LOG.warn("[fn:{}] calls still running {} ms after close; cancelling them", source.ref(), waitMs);
        }
        for (JsContext c : all) {
            retire(c);
        }
        idle.clear();
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "fn:" + source.ref() + " (node, rev " + source.revision() + ")";
    }
}
