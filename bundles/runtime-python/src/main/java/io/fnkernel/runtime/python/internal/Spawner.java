package io.fnkernel.runtime.python.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts the worker processes of one pool and tracks its first handshake: whether the handler was
 * ever loaded, and how long the latest worker took to become ready.
 */
final class Spawner {

    private final FunctionSource source;
    private final String label;
    private final WorkerLauncher launcher;
    private final byte[] init;
    private final int startTimeoutMs;
    private final CompletableFuture<JsonNode> firstHello = new CompletableFuture<>();
    private volatile boolean loaded;
    private volatile long lastStartNanos;

    /**
     * @param source the function version
     * @param label its {@code name@version}
     * @param launcher starts processes
     * @param init the init frame every worker gets
     * @param startTimeoutMs how long a worker may take to import the handler
     */
    Spawner(FunctionSource source, String label, WorkerLauncher launcher, byte[] init, int startTimeoutMs) {
        this.source = source;
        this.label = label;
        this.launcher = launcher;
        this.init = init;
        this.startTimeoutMs = startTimeoutMs;
    }

    /**
     * Launches one worker.
     *
     * @param listener hears from it
     * @param failed told why, when no process could be started
     */
    void launch(Worker.Listener listener, Consumer<String> failed) {
        try {
            launcher.launch(label, source.directory(), init, startTimeoutMs, listener).whenComplete((w, err) -> {
                if (err != null) {
                    Throwable cause = err.getCause() != null ? err.getCause() : err;
                    failed.accept("could not start the python worker: " + cause.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            failed.accept("the python runtime is stopping");
        }
    }

    /**
     * Waits until the first worker has imported the handler.
     *
     * @throws FunctionLoadException naming file and line when the import failed, or why the worker did not start
     */
    void awaitFirst() throws FunctionLoadException {
        try {
            firstHello.get(startTimeoutMs + 5_000L, TimeUnit.MILLISECONDS);
            loaded = true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FunctionLoadException fle) {
                throw fle;
            }
            throw new FunctionLoadException("python worker failed to start: " + e.getCause(), source.entry());
        } catch (TimeoutException e) {
            throw new FunctionLoadException("python worker did not start within " + startTimeoutMs + " ms", source.entry());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionLoadException("interrupted while starting the python worker", source.entry());
        }
    }

    /** @return true once the first worker imported the handler and {@link #awaitFirst} returned */
    boolean loaded() {
        return loaded;
    }

    /**
     * A worker answered its init frame with the handler loaded.
     *
     * @param w the worker, its {@link Worker#readyNanos} set
     * @param hello the frame
     */
    void ready(Worker w, JsonNode hello) {
        lastStartNanos = w.readyNanos - w.startedNanos;
        firstHello.complete(hello);
    }

    /**
     * A worker could not load the handler or did not start.
     *
     * @param e why, naming the file
     * @return true when the pool had loaded before, so this failure is news to log
     */
    boolean failed(FunctionLoadException e) {
        return !firstHello.completeExceptionally(e) && loaded;
    }

    /** @return milliseconds from spawn to ready of the latest worker that started */
    double lastStartMillis() {
        return lastStartNanos / 1e6;
    }
}
