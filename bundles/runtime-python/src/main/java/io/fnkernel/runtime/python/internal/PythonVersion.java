package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.runtime.support.EventJson;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** One loaded Python function version: builds each call's event and runs it on the version's worker pool. */
final class PythonVersion implements FunctionVersion {

    private final FunctionSource source;
    private final WorkerPool pool;
    private final Runnable onClose;

    PythonVersion(FunctionSource source, WorkerPool pool, Runnable onClose) {
        this.source = source;
        this.pool = pool;
        this.onClose = onClose;
    }

    @Override
    public FunctionSource source() {
        return source;
    }

    @Override
    public CompletionStage<FunctionResponse> invoke(FunctionRequest request) {
        if (pool.isClosed()) {
            return CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.CLOSED, "function version was replaced; retry"));
        }
        return pool.submit(request, EventJson.write(source, request));
    }

    @Override
    public void close() {
        pool.close();
        onClose.run();
    }

    /** Stops the workers without waiting for calls in flight. */
    void stopNow() {
        pool.stopNow();
        onClose.run();
    }

    /** @return pids of the live worker processes */
    List<Long> workerPids() {
        return pool.pids();
    }

    /** @return how many calls were sent to a worker before it had answered the one it ran */
    long sentAhead() {
        return pool.sentAhead();
    }

    /** @return milliseconds from spawn to ready of the latest worker started */
    double lastStartMillis() {
        return pool.lastStartMillis();
    }

    @Override
    public String toString() {
        return "python " + source;
    }
}
