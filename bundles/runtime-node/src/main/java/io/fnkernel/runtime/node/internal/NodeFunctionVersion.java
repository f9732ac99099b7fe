package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One loaded JavaScript function version: calls run on the caller's thread in a context leased
 * from the version's {@link ContextPool}; closing refuses new calls, lets running ones finish and
 * then closes the contexts.
 */
final class NodeFunctionVersion implements FunctionVersion {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFunctionVersion.class);

    private final FunctionSource source;
    private final ContextPool pool;
    private final Consumer<NodeFunctionVersion> onClose;
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
    NodeFunctionVersion(FunctionSource source, ContextPool.Factory factory, int maxContexts, int warmContexts,
            Consumer<NodeFunctionVersion> onClose) throws FunctionLoadException {
        this.source = source;
        this.onClose = onClose;
        this.pool = new ContextPool(source.ref(), factory, maxContexts, warmContexts);
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
        JsContext ctx;
        try {
            ctx = pool.acquire(request.timeoutMs());
        } catch (FunctionException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (ctx == null) {
            return CompletableFuture.failedFuture(closedError());
        }
        try {
            return CompletableFuture.completedFuture(ctx.invoke(request));
        } catch (FunctionException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            pool.release(ctx, !closed);
        }
    }

    private FunctionException closedError() {
        return new FunctionException(FunctionException.Kind.CLOSED, source.ref() + " was replaced; look the route up again");
    }

    /**
     * Closes idle contexts beyond the warm ones once unused that long.
     *
     * @param idleMillis how long a context may stay unused
     */
    void retireIdle(long idleMillis) {
        if (!closed) {
            pool.retireIdle(TimeUnit.MILLISECONDS.toNanos(idleMillis));
        }
    }

    /** @return the number of calls running now */
    int busy() {
        return pool.busy();
    }

    /** @return the number of contexts open now, idle or busy */
    int contexts() {
        return pool.size();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        long waitMs = source.policy().timeoutMs() + 1000L;
        if (!pool.drainAndClose(waitMs)) {
            LOG.warn("[fn:{}] calls were still running {} ms after close and were cancelled", source.ref(), waitMs);
        }
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "fn:" + source.ref() + " (node, rev " + source.revision() + ")";
    }
}
