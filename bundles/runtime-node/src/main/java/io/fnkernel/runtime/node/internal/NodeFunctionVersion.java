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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One loaded JavaScript function version: a call runs in a context leased from the version's
 * {@link ContextPool}, on the caller's thread when the {@link RunGate} has a free slot and else on
 * the thread that frees one; closing refuses new calls, lets running ones finish and then closes
 * the contexts.
 */
final class NodeFunctionVersion implements FunctionVersion {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFunctionVersion.class);

    private final FunctionSource source;
    private final ContextPool pool;
    private final RunGate gate;
    private final Consumer<NodeFunctionVersion> onClose;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Loads the version: opens its first context, so a broken module fails here.
     *
     * @param source the function
     * @param factory opens contexts of its code
     * @param gate the gate calls run behind
     * @param maxContexts the most contexts at once
     * @param warmContexts contexts kept when idle
     * @param onClose told once the version is closed
     * @throws FunctionLoadException when the first context cannot load the module
     */
    NodeFunctionVersion(FunctionSource source, ContextPool.Factory factory, RunGate gate, int maxContexts, int warmContexts,
            Consumer<NodeFunctionVersion> onClose) throws FunctionLoadException {
        this.source = source;
        this.gate = gate;
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
        Call c = new Call(request);
        gate.submit(c);
        return c.result;
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

    /**
     * One call: runs holding a gate slot in an idle context; when none is idle it waits for one (or
     * opens one) on a helper thread, without the slot, and then queues up again.
     */
    private final class Call implements RunGate.Task {

        final CompletableFuture<FunctionResponse> result = new CompletableFuture<>();
        private final FunctionRequest request;
        private final long deadline;
        private JsContext leased;

        Call(FunctionRequest request) {
            this.request = request;
            this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.timeoutMs());
        }

        @Override
        public boolean run() {
            JsContext ctx = leased;
            leased = null;
            if (result.isDone()) {
                if (ctx != null) {
                    pool.release(ctx, !closed);
                }
                return true;
            }
            if (ctx == null) {
                if (closed) {
                    result.completeExceptionally(closedError());
                    return true;
                }
                ctx = pool.tryAcquire();
                if (ctx == null) {
                    offloadLease();
                    return true;
                }
            }
            FunctionResponse response = null;
            FunctionException error = null;
            try {
                response = ctx.invoke(request, deadline);
            } catch (FunctionException e) {
                error = e;
            } catch (RuntimeException | StackOverflowError e) {
                LOG.error("[fn:{}] call {} failed in the runtime", source.ref(), request.id(), e);
                error = new FunctionException(FunctionException.Kind.UNAVAILABLE, "internal error in the JavaScript runtime");
            }
            boolean held = ctx.holdsGate();
            pool.release(ctx, !closed);
            if (error == null) {
                result.complete(response);
            } else {
                result.completeExceptionally(error);
            }
            return held;
        }

        private void offloadLease() {
            try {
                gate.offload(this::lease);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(closedError()); // the runtime is shutting down
            }
        }

        /** Waits for a context (opening one when the pool may grow), then queues the call again. */
        private void lease() {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                JsContext ctx = left > 0 ? pool.acquire((int) left) : null;
                if (ctx == null) {
                    result.completeExceptionally(left > 0 ? closedError() : expired());
                    return;
                }
                leased = ctx;
                gate.submit(this);
            } catch (FunctionException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public void expire() {
            if (result.completeExceptionally(expired())) {
                LOG.warn("[fn:{}] call stopped ({}): it waited {} ms for a free CPU slot (fnk.node.running) and never ran",
                        source.ref(), request.id(), request.timeoutMs());
            }
        }

        private FunctionException expired() {
            return new FunctionException(FunctionException.Kind.TIMEOUT, "the handler did not finish within " + request.timeoutMs() + " ms");
        }
    }

    @Override
    public String toString() {
        return "fn:" + source.ref() + " (node, rev " + source.revision() + ")";
    }
}
