package io.fnkernel.runtime.node.internal;

import java.util.function.Supplier;

/** Runs tasks of one kind so that the first runs alone: those started meanwhile wait for its end, later ones run at once. */
final class FirstRunsAlone {

    private final Object first = new Object();
    private volatile boolean done;

    /**
     * Runs the task, first waiting for the first task to end when that one is still running (also
     * when it fails: the first to end, however it ends, lets the others go).
     *
     * @param task the task
     * @param <T> what it makes
     * @return what it made
     */
    <T> T run(Supplier<T> task) {
        if (!done) {
            synchronized (first) {
                if (!done) {
                    try {
                        return task.get();
                    } finally {
                        done = true;
                    }
                }
            }
        }
        return task.get();
    }
}
