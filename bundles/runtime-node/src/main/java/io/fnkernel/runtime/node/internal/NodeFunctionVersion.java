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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One loaded JavaScript function version: a call runs in a context leased from the version's
 * {@link ContextPool}, on the caller's thread when the {@link RunGate} has a free slot and else on
 * the thread that frees one; a call that finds no idle context waits for the next one given back;
 * closing refuses new calls, lets running ones finish and then closes the contexts.
 */
final class NodeFunctionVersion implements FunctionVersion {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFunctionVersion.class);

    private final FunctionSource source;
    private final ContextPool pool;
    private final RunGate gate;
    /** Calls that hold no context and wait for one, first come, first served. */
    private final ConcurrentLinkedQueue<Call> waiting = new ConcurrentLinkedQueue<>();
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
        this.pool = new ContextPool(source.ref(), factory, maxContexts, warmContexts, gate.size(), this::parked);
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

    /** A call started to sleep until a timer: one context fewer is awake, so the pool may open one for a waiting call. */
    private void parked() {
        if (!waiting.isEmpty()) {
            growForWaiting();
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
        failWaiting();
        long waitMs = source.policy().timeoutMs() + 1000L;
        if (!pool.drainAndClose(waitMs)) {
            LOG.warn("[fn:{}] calls were still running {} ms after close and were cancelled", source.ref(), waitMs);
        }
        onClose.accept(this);
    }

    /**
     * Runs the calls waiting for a context while contexts are idle, on this thread; when none is
     * idle, opens contexts for them as far as the pool may grow.
     *
     * @param held whether this thread holds a gate slot; without one a served call queues up again
     * @return whether this thread still holds its slot
     */
    private boolean serveWaiting(boolean held) {
        while (!waiting.isEmpty()) {
            JsContext ctx = pool.tryAcquire();
            if (ctx == null) {
                growForWaiting();
                return held;
            }
            Call next = waiting.poll();
            if (next == null) {
                pool.release(ctx, !closed);
            } else if (held) {
                held = next.execute(ctx);
            } else {
                next.leased = ctx;
                gate.requeue(next);
            }
        }
        return held;
    }

    /** Opens contexts for the first waiting calls while the pool may grow; also told when a call starts to sleep. */
    private void growForWaiting() {
        while (!waiting.isEmpty()) {
            int slot = pool.reserve();
            if (slot < 0) {
                return;
            }
            Call next = waiting.poll();
            if (next == null) {
                pool.unreserve(slot);
                return;
            }
            next.openInto(slot);
        }
    }

    /**
     * Fails the calls whose deadline passed while they waited for a context; called by the watchdog.
     *
     * @param now {@link System#nanoTime()}
     */
    void expireWaiting(long now) {
        for (Call c : waiting) {
            if (now - c.deadline > 0 && waiting.remove(c)) {
                c.neverRan();
            }
        }
    }

    private void failWaiting() {
        for (Call c = waiting.poll(); c != null; c = waiting.poll()) {
            c.result.completeExceptionally(closedError());
        }
    }

    /**
     * One call: runs holding a gate slot in an idle context; when none is idle it waits for one in
     * the version's queue (served by the next thread that gives a context back) or, while the pool
     * may grow, has one opened on a helper thread and then queues up again.
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
            if (ctx != null) {
                return serveWaiting(execute(ctx));
            }
            if (result.isDone()) {
                return true;
            }
            if (closed) {
                result.completeExceptionally(closedError());
                return true;
            }
            ctx = pool.tryAcquire();
            if (ctx != null) {
                return serveWaiting(execute(ctx));
            }
            waiting.offer(this);
            if (closed) {
                failWaiting();
            }
            return serveWaiting(true);
        }

        /** Runs the call in a leased context, gives the context back and completes the result. */
        boolean execute(JsContext ctx) {
            if (result.isDone()) {
                pool.release(ctx, !closed);
                return true;
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

        void openInto(int slot) {
            try {
                gate.offload(() -> open(slot));
            } catch (RejectedExecutionException e) {
                pool.unreserve(slot);
                result.completeExceptionally(closedError()); // the runtime is shutting down
            }
        }

        /** Opens a context on a helper thread (opening needs a slot of its own), then queues the call again. */
        private void open(int slot) {
            JsContext ctx;
            try {
                ctx = pool.open(slot);
            } catch (FunctionException e) {
                result.completeExceptionally(e);
                growForWaiting();
                return;
            }
            if (ctx == null) {
                result.completeExceptionally(closedError());
                return;
            }
            leased = ctx;
            gate.submit(this);
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

        /** The deadline passed while the call waited for a context: past the pool's maximum that is an overload. */
        void neverRan() {
            if (pool.size() < pool.max()) {
                expire();
            } else if (result.completeExceptionally(new FunctionException(FunctionException.Kind.OVERLOADED, "all " + pool.max()
                    + " JavaScript contexts of " + source.ref() + " stayed busy for " + request.timeoutMs() + " ms"))) {
                LOG.warn("[fn:{}] call stopped ({}): all {} JavaScript contexts stayed busy for {} ms (max_concurrency)",
                        source.ref(), request.id(), pool.max(), request.timeoutMs());
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
