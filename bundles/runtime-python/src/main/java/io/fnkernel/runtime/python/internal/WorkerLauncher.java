package io.fnkernel.runtime.python.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts worker processes, all from one long-lived thread: Linux delivers a worker's parent-death
 * signal when the thread that started it ends, so no short-lived thread may ever start one.
 * Workers get an empty environment; the worker sets the function's own from the init frame.
 */
final class WorkerLauncher {

    private final Path executable;
    private final Path script;
    private final int maxFrame;
    private final ScheduledExecutorService timer;
    private final String jvmPid = Long.toString(ProcessHandle.current().pid());
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fnk-python-spawner");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param executable the interpreter's own path
     * @param script the extracted {@code fnk_worker.py}
     * @param maxFrame the largest frame accepted from a worker
     * @param timer runs start-up timeouts
     */
    WorkerLauncher(Path executable, Path script, int maxFrame, ScheduledExecutorService timer) {
        this.executable = executable;
        this.script = script;
        this.maxFrame = maxFrame;
        this.timer = timer;
    }

    /**
     * Starts a worker on the spawner thread, sends it the init frame and starts its threads.
     *
     * @param label {@code name@version}, for thread names and logs
     * @param directory the working directory: the function's folder
     * @param init the init frame
     * @param startTimeoutMs how long it may take to answer the init frame before it is killed
     * @param listener told about the worker, first with {@link Worker.Listener#started}
     * @return the started worker, or fails with the {@link IOException} of a process that could not start
     */
    CompletableFuture<Worker> launch(String label, Path directory, byte[] init, int startTimeoutMs, Worker.Listener listener) {
        return CompletableFuture.supplyAsync(() -> {
            Process p;
            try {
                ProcessBuilder pb = new ProcessBuilder(List.of(executable.toString(), "-u", "-X", "utf8", script.toString(), jvmPid))
                        .directory(directory.toFile());
                pb.environment().clear();
                p = pb.start();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Worker w = new Worker(p, label, maxFrame);
            listener.started(w);
            try {
                timer.schedule(() -> {
                    if (!w.helloSeen) {
                        w.startFailure = "the python worker did not import its handler within " + startTimeoutMs + " ms ("
                                + PythonConfig.LOAD_TIMEOUT_MS + ")";
                        w.kill();
                    }
                }, startTimeoutMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                w.retired = true;
                w.kill(); // the runtime is stopping
            }
            try {
                w.send(init);
            } catch (IOException e) {
                // it died at once; the reader reports how
            }
            w.startThreads(listener);
            return w;
        }, spawner);
    }

    /** Stops the spawner thread; call only once every worker is gone (its end kills any left). */
    void close() {
        spawner.shutdown();
    }
}
