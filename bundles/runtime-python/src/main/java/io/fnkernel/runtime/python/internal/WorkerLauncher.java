package io.fnkernel.runtime.python.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts worker processes, all from one long-lived thread: Linux delivers a worker's parent-death
 * signal when the thread that started it ends, so no short-lived thread may ever start one.
 * Workers get an empty environment; the worker sets the function's own from the init frame.
 */
final class WorkerLauncher {

    private final Path executable;
    private final Path script;
    private final int maxFrame;
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
     */
    WorkerLauncher(Path executable, Path script, int maxFrame) {
        this.executable = executable;
        this.script = script;
        this.maxFrame = maxFrame;
    }

    /**
     * Starts a worker on the spawner thread, sends it the init frame and starts its threads.
     *
     * @param label {@code name@version}, for thread names and logs
     * @param directory the working directory: the function's folder
     * @param init the init frame
     * @param listener told about the worker, first with {@link Worker.Listener#started}
     * @return the started worker, or fails with the {@link IOException} of a process that could not start
     */
    CompletableFuture<Worker> launch(String label, Path directory, byte[] init, Worker.Listener listener) {
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
