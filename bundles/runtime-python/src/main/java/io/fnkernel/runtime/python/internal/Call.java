package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One invocation on its way through a worker pool. Its state moves once to {@link #DONE}, and
 * whoever makes that move (the worker's reply, the timeout, a crash, a cancel) owns the outcome.
 */
final class Call {

    static final int NEW = 0;
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int DONE = 3;

    final FunctionRequest request;
    final byte[] event;
    /** When it is given up, on the {@link System#nanoTime} clock; its timer fires no earlier. */
    final long deadlineNanos;
    final Future future;
    private final AtomicInteger state = new AtomicInteger(NEW);
    /** The worker it runs on; set before the state becomes {@link #RUNNING}. */
    volatile Worker worker;
    volatile ScheduledFuture<?> timer;
    /** When it was given to its worker ({@link System#nanoTime}); guarded by the pool's lock. */
    long assignedNanos;
    /** The worker whose pipe its frame was last written to, set as that write begins. */
    private volatile Worker writtenTo;

    /**
     * @param request the request
     * @param event the event frame
     * @param onCancel told when the caller cancels the returned stage
     */
    Call(FunctionRequest request, byte[] event, Consumer<Call> onCancel) {
        this.request = request;
        this.event = event;
        this.deadlineNanos = System.nanoTime() + request.timeoutMs() * 1_000_000L;
        this.future = new Future(this, onCancel);
    }

    /** @return true when it moved from new to queued */
    boolean enqueue() {
        return state.compareAndSet(NEW, QUEUED);
    }

    /**
     * Marks it running on a worker.
     *
     * @param on the worker
     * @return true when it moved from new or queued to running; false when it was already settled
     */
    boolean start(Worker on) {
        worker = on;
        return state.compareAndSet(NEW, RUNNING) || state.compareAndSet(QUEUED, RUNNING);
    }

    /**
     * Records that its frame is being written to {@code to}, unless it was taken from that worker
     * meanwhile (the worker died and the call went to another).
     *
     * @param to the worker whose pipe the frame goes to
     */
    void writing(Worker to) {
        if (worker == to) {
            writtenTo = to;
        }
    }

    /**
     * @param w a worker
     * @return true when its frame was, or is being, written to {@code w}: only then can it have run there
     */
    boolean reached(Worker w) {
        return writtenTo == w;
    }

    /** @return true when a failed hand-over put it back from running to queued */
    boolean requeue() {
        return state.compareAndSet(RUNNING, QUEUED);
    }

    /** @return the state before this call moved it to {@link #DONE}; {@link #DONE} means someone else settled it */
    int settle() {
        return state.getAndSet(DONE);
    }

    /** @return true once someone has settled it */
    boolean settled() {
        return state.get() == DONE;
    }

    void complete(FunctionResponse response) {
        stopTimer();
        future.complete(response);
    }

    void fail(FunctionException error) {
        stopTimer();
        future.completeExceptionally(error);
    }

    void stopTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** The stage handed to the caller; cancelling it cancels the call like a timeout. */
    static final class Future extends CompletableFuture<FunctionResponse> {
        private final Call call;
        private final Consumer<Call> onCancel;

        Future(Call call, Consumer<Call> onCancel) {
            this.call = call;
            this.onCancel = onCancel;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                onCancel.accept(call);
            }
            return cancelled;
        }
    }
}
