package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.route.RouteTable;
import io.fnkernel.http.internal.routing.Limiter;
import io.fnkernel.http.internal.routing.RouteState;
import io.fnkernel.http.internal.routing.Target;
import io.fnkernel.http.internal.routing.ThreadHold;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * One invocation of a function version for one exchange: takes a concurrency permit (or waits
 * for one without a thread, or is refused with 429), calls the version with the time left of
 * {@code timeout_ms} (counted from when the body was in, so waiting counts and uploading does
 * not), arms the timeout safety net, and turns the outcome into the answer. A version whose calls
 * are quick ({@link ThreadHold}) is invoked on the thread that admitted the call, often the
 * selector thread that read the request; any other is invoked on a worker thread. A version closed
 * by a swap is looked up again in the current routes and called once more, so swaps show no error.
 */
public final class FunctionCall implements Runnable, BiConsumer<FunctionResponse, Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionCall.class);
    private static final HttpField RETRY_AFTER = new PreEncodedHttpField(HttpHeader.RETRY_AFTER, "1");
    // FastFN's warm-state headers (§25): a version is warm once it produced a response below 500.
    private static final HttpField WARM = new PreEncodedHttpField("X-FastFN-Function-State", "warm");
    private static final HttpField COLD = new PreEncodedHttpField("X-FastFN-Function-State", "cold");
    private static final HttpField WARMED = new PreEncodedHttpField("X-FastFN-Warmed", "true");
    private static final HttpField QUEUED = new PreEncodedHttpField("X-FastFN-Queued", "true");
    private static final HttpField WARMING = new PreEncodedHttpField("X-FastFN-Warming", "true");
    private static final HttpField[] H_WARM = {WARM};
    private static final HttpField[] H_WARM_QUEUED = {WARM, QUEUED};
    private static final HttpField[] H_FIRST = {WARM, WARMED};
    private static final HttpField[] H_FIRST_QUEUED = {WARM, WARMED, QUEUED};
    private static final HttpField[] H_COLD = {COLD};
    private static final HttpField[] H_COLD_QUEUED = {COLD, QUEUED};
    private static final VarHandle RELEASED;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(FunctionCall.class, "released", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Exchange ex;
    private final Target target;
    private final FunctionRequest.Builder request;
    private final FunctionRef ref;
    private final String method;
    private final boolean retried;
    private final long startNanos;
    private boolean queued;
    private volatile CompletableFuture<FunctionResponse> future;
    @SuppressWarnings("unused") // through RELEASED
    private volatile int released;

    /**
     * @param ex the exchange
     * @param target the version to call
     * @param request the request, without its timeout
     * @param ref set when the target was found by name and version rather than by route
     * @param method the method routed by ({@code GET} for {@code HEAD})
     * @param retried true for the one retry after {@link FunctionException.Kind#CLOSED}
     */
    public FunctionCall(Exchange ex, Target target, FunctionRequest.Builder request, FunctionRef ref, String method, boolean retried) {
        this(ex, target, request, ref, method, retried, System.nanoTime());
    }

    private FunctionCall(Exchange ex, Target target, FunctionRequest.Builder request, FunctionRef ref, String method,
                         boolean retried, long startNanos) {
        this.startNanos = startNanos;
        this.ex = ex;
        this.target = target;
        this.request = request;
        this.ref = ref;
        this.method = method;
        this.retried = retried;
    }

    /** Admits the call and runs it now, later, or answers 429. */
    public void start() {
        if (ex.isDone()) {
            return;
        }
        ex.label(target.label());
        ex.watch(this);
        Limiter limiter = target.limiter();
        if (limiter == null) {
            runQuickOrOnWorker();
            return;
        }
        queued = true; // written before the task can be handed to another thread
        switch (limiter.acquire(this)) {
            case RUN -> {
                queued = false;
                runQuickOrOnWorker();
            }
            case QUEUED -> {
                ex.armTimeout(target.policy().timeoutMs() - elapsedMs() + ex.services().timeoutGraceMs());
                if (ex.isDone()) {
                    abandon(); // answered meanwhile: leave the queue rather than wait for nobody
                }
            }
            default -> ex.sendError(429, "function busy: " + limiter.max() + " calls running and "
                    + limiter.maxQueue() + " waiting", RETRY_AFTER);
        }
    }

    /** Runs the call on this thread, which may not block, when the version is quick; else on a worker thread. */
    private void runQuickOrOnWorker() {
        if (target.hold().quick(startNanos, ex.services().inlineMaxNanos())) {
            run();
            return;
        }
        try {
            ex.services().workers().execute(this);
        } catch (RejectedExecutionException e) {
            release();
            ex.sendError(503, "server is stopping");
        }
    }

    /** Runs the call holding a permit (when the version has a limiter), on a thread that may block unless the version is quick. */
    @Override
    public void run() {
        if (ex.isDone()) {
            release();
            return;
        }
        long before = System.nanoTime();
        long left = target.policy().timeoutMs() - (before - startNanos) / 1_000_000;
        if (left <= 0) {
            release();
            ex.sendError(504, "runtime timeout");
            return;
        }
        CompletionStage<FunctionResponse> stage;
        try {
            stage = target.version().invoke(request.timeoutMs((int) left).build());
        } catch (Throwable t) {
            held(before);
            accept(null, t);
            return;
        }
        held(before);
        if (stage == null) {
            accept(null, new IllegalStateException(target.label() + " returned no completion stage"));
            return;
        }
        CompletableFuture<FunctionResponse> f = stage instanceof CompletableFuture<FunctionResponse> cf ? cf : null;
        if (f == null || !isDone(f)) {
            if (f != null) {
                future = f;
                if (ex.isDone()) {
                    cancel(f); // the safety net fired while invoke was running and could not see f
                }
            }
            ex.armTimeout(left + ex.services().timeoutGraceMs());
        }
        stage.whenComplete(this);
    }

    /**
     * The exchange timed out: a call still waiting leaves the queue; a running one is cancelled and
     * its permit is released now, whether or not the runtime honours the cancel. A runtime that keeps
     * running past its timeout is no longer counted, so it cannot wedge the function into 429s; the
     * permit is released exactly once, by whichever of this and the call's completion comes first.
     */
    void abandon() {
        Limiter limiter = target.limiter();
        if (limiter != null && limiter.withdraw(this)) {
            RELEASED.setVolatile(this, 1); // never admitted: there is no permit to give back
            return;
        }
        CompletableFuture<FunctionResponse> f = future;
        if (f != null) {
            cancel(f);
        }
        release();
    }

    private static boolean isDone(CompletableFuture<FunctionResponse> f) {
        try {
            return f.isDone();
        } catch (UnsupportedOperationException e) {
            return false; // a minimalCompletionStage(): only its CompletionStage methods work
        }
    }

    private void cancel(CompletableFuture<FunctionResponse> f) {
        try {
            f.cancel(true);
        } catch (RuntimeException e) {
            // e.g. a minimalCompletionStage() refuses cancel; the permit is released anyway
            LOG.debug("{} {} could not be cancelled: {}", ex.id(), target.label(), e.toString());
        }
    }

    /** The version answered or failed. */
    @Override
    public void accept(FunctionResponse response, Throwable error) {
        release();
        if (error == null) {
            if (response == null) {
                LOG.error("{} {} completed without a response", ex.id(), target.label());
                ex.sendError(502, "invalid runtime response");
            } else {
                ex.functionHeaders(stateHeaders(response.status()));
                ex.deliver(response);
            }
            return;
        }
        Throwable cause = unwrap(error);
        if (cause instanceof FunctionException fe) {
            if (fe.kind() == FunctionException.Kind.CLOSED && !retried && !ex.isDone()) {
                retry();
                return;
            }
            String message = fe.getMessage();
            if (message == null || message.isBlank()) {
                message = fe.kind().name().toLowerCase(Locale.ROOT);
            }
            boolean handlerFault = fe.kind() == FunctionException.Kind.HANDLER_ERROR
                    || fe.kind() == FunctionException.Kind.BAD_RESPONSE;
            if (!handlerFault && !target.isWarm()) {
                ex.sendError(fe.status(), message, COLD, WARMING, RETRY_AFTER);
            } else {
                ex.sendError(fe.status(), message, stateHeaders(fe.status()));
            }
            return;
        }
        if (cause instanceof CancellationException && ex.isDone()) {
            return;
        }
        LOG.error("{} {} ({}) failed", ex.id(), target.label(), target.entry(), cause);
        ex.sendError(500, "internal error");
    }

    private HttpField[] stateHeaders(int status) {
        if (status < 500 && target.markWarm()) {
            return queued ? H_FIRST_QUEUED : H_FIRST;
        }
        if (target.isWarm()) {
            return queued ? H_WARM_QUEUED : H_WARM;
        }
        return queued ? H_COLD_QUEUED : H_COLD;
    }

    private void retry() {
        RouteState state = ex.services().registry().state();
        Target again;
        RouteTable.Match<Target> match = null;
        if (ref != null) {
            again = state.byRef(ref);
        } else {
            match = state.table().match(method, ex.path());
            again = match.outcome() == RouteTable.Outcome.FOUND ? match.target() : null;
        }
        if (again == null) {
            ex.sendError(404, "not found");
        } else if (again == target) {
            ex.sendError(503, "function is being replaced, try again");
        } else {
            if (match != null) {
                request.params(match.params());
            }
            new FunctionCall(ex, again, request, ref, method, true, startNanos).start();
        }
    }

    private void release() {
        Limiter limiter = target.limiter();
        if (limiter != null && RELEASED.compareAndSet(this, 0, 1)) {
            limiter.release();
        }
    }

    private void held(long before) {
        long after = System.nanoTime();
        target.hold().record(after - before, after, ex.services().inlineMaxNanos());
    }

    private long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
