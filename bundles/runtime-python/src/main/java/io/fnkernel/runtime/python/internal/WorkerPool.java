package io.fnkernel.runtime.python.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionException.Kind;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The worker processes of one function version: one call in flight per worker, calls queue when
 * all are busy and the pool grows up to its maximum; a timed-out worker is killed and replaced, a
 * crashed one replaced with back-off. One warm worker is always kept.
 */
final class WorkerPool implements Worker.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final int MIN_WARM = 1;
    private static final long CLOSE_GRACE_MS = 200;
    private static final long EXIT_WAIT_MS = 1_000;

    private final FunctionSource source;
    private final String label;
    private final WorkerLauncher launcher;
    private final ScheduledExecutorService timer;
    private final byte[] init;
    private final int maxWorkers;
    private final int startTimeoutMs;
    private final Replies replies;
    private final CompletableFuture<JsonNode> firstHello = new CompletableFuture<>();
    private final Object closing = new Object();

    // Guarded by this.
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private final Set<Worker> workers = new HashSet<>();
    private int live;
    private int starting;
    private int inflight;
    private long latestDeadline;
    private final CrashBackoff backoff = new CrashBackoff();
    private boolean respawnPending;
    private volatile boolean loaded;
    private boolean stopped;
    private volatile boolean closed;
    private volatile long lastStartNanos;

    WorkerPool(FunctionSource source, WorkerLauncher launcher, ScheduledExecutorService timer, byte[] init, int maxWorkers,
            int startTimeoutMs) {
        this.source = source;
        this.label = source.name() + "@" + source.version();
        this.launcher = launcher;
        this.timer = timer;
        this.init = init;
        this.maxWorkers = maxWorkers;
        this.startTimeoutMs = startTimeoutMs;
        this.replies = new Replies(source.ref());
    }

    /**
     * Starts the first worker and waits until it has imported the handler.
     *
     * @throws FunctionLoadException naming file and line when the import failed, or why the worker did not start
     */
    void start() throws FunctionLoadException {
        synchronized (this) {
            live++;
            starting++;
        }
        launch();
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

    /** @return milliseconds from spawn to ready of the latest worker that started */
    double lastStartMillis() {
        return lastStartNanos / 1e6;
    }

    /** @return the pids of the worker processes alive now */
    synchronized List<Long> pids() {
        return workers.stream().map(w -> w.pid).sorted().toList();
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Runs one call: on an idle worker at once, or queued for the next free one.
     *
     * @param request the request
     * @param event the event frame
     * @return the response stage, completed from a worker's reader thread or the timer
     */
    CompletionStage<FunctionResponse> submit(FunctionRequest request, byte[] event) {
        Call call = new Call(request, event, this::cancelled);
        if (closed) {
            call.fail(closedError());
            return call.future;
        }
        try {
            call.timer = timer.schedule(() -> expire(call), request.timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            call.fail(closedError());
            return call.future;
        }
        Worker w = null;
        int launches = 0;
        boolean rejected = false;
        synchronized (this) {
            if (closed) {
                rejected = true;
            } else {
                inflight++;
                latestDeadline = Math.max(latestDeadline, System.nanoTime() + request.timeoutMs() * 1_000_000L);
                w = idle.pollFirst();
                if (w != null && !call.start(w)) {
                    idle.addFirst(w);
                    w = null;
                } else if (w == null && call.enqueue()) {
                    queue.addLast(call);
                    launches = reserveLaunches();
                }
            }
        }
        if (rejected) {
            call.fail(closedError());
        }
        if (w != null) {
            dispatch(w, call);
        }
        for (int i = 0; i < launches; i++) {
            launch();
        }
        return call.future;
    }

    private static FunctionException closedError() {
        return new FunctionException(Kind.CLOSED, "function version was replaced; retry");
    }

    /** Under the lock: how many workers to start now for the queue and the warm minimum, counted as started. */
    private int reserveLaunches() {
        if (stopped || respawnPending) {
            return 0;
        }
        int n = Math.max(0, Math.min(maxWorkers - live, Math.max(MIN_WARM - live, queue.size() - starting)));
        live += n;
        starting += n;
        return n;
    }

    private void launch() {
        try {
            launcher.launch(label, source.directory(), init, startTimeoutMs, this).whenComplete((w, err) -> {
                if (err != null) {
                    Throwable cause = err.getCause() != null ? err.getCause() : err;
                    launchFailed("could not start the python worker: " + cause.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            launchFailed("the python runtime is stopping");
        }
    }

    private void launchFailed(String why) {
        List<Call> orphans;
        boolean respawn;
        synchronized (this) {
            live--;
            starting--;
            backoff.failed();
            orphans = live == 0 ? drainQueue() : List.of();
            respawn = claimRespawn();
        }
        failStart(why, orphans, respawn);
    }

    private void failStart(String why, List<Call> orphans, boolean respawn) {
        if (!firstHello.completeExceptionally(new FunctionLoadException(why, source.entry())) && loaded) {
            LOG.warn("{}: {}", label, why);
        }
        orphans.forEach(c -> c.fail(new FunctionException(Kind.UNAVAILABLE, "the function's python worker could not start")));
        if (respawn) {
            scheduleRespawn(delay());
        }
    }

    @Override
    public void started(Worker w) {
        boolean kill;
        synchronized (this) {
            workers.add(w);
            kill = stopped;
        }
        if (kill) {
            w.retired = true;
            w.kill();
        }
    }

    @Override
    public void hello(Worker w, JsonNode hello) {
        if (!hello.path("ok").asBoolean(false)) {
            replies.logOutput(hello, "load");
            FunctionLoadException e = Replies.loadError(hello, source.entry());
            w.startFailure = e.describe();
            firstHello.completeExceptionally(e);
            return;
        }
        w.readyNanos = System.nanoTime();
        lastStartNanos = w.readyNanos - w.startedNanos;
        replies.logOutput(hello, "load");
        Call next = null;
        boolean kill;
        synchronized (this) {
            starting--;
            kill = stopped;
            if (!kill) {
                next = nextQueued(w);
                if (next == null) {
                    idle.addFirst(w);
                }
            }
        }
        firstHello.complete(hello);
        if (kill) {
            w.retired = true;
            w.kill();
        } else if (next != null) {
            dispatch(w, next);
        }
    }

    /** Under the lock: the next queued call still waiting, now running on {@code w}. */
    private Call nextQueued(Worker w) {
        Call c;
        while ((c = queue.pollFirst()) != null) {
            if (c.start(w)) {
                return c;
            }
        }
        return null;
    }

    private void dispatch(Worker w, Call c) {
        w.current.set(c);
        try {
            w.send(c.event);
        } catch (IOException e) {
            // The worker died while idle; its reader reports the death. The call never reached it: queue it again.
            if (w.current.compareAndSet(c, null) && c.requeue()) {
                int launches;
                synchronized (this) {
                    queue.addFirst(c);
                    launches = reserveLaunches();
                }
                for (int i = 0; i < launches; i++) {
                    launch();
                }
            }
        }
    }

    @Override
    public void reply(Worker w, JsonNode meta, byte[] payload, Frames.TooLargeException oversize) {
        Call c = w.current.getAndSet(null);
        if (c == null) {
            if (!w.retired) {
                LOG.warn("{}: python worker pid {} sent a reply without a call; killing it", label, w.pid);
                w.kill();
            }
            return;
        }
        if (c.settle() != Call.RUNNING) {
            return; // timed out or cancelled meanwhile: the worker is being killed
        }
        Call next = null;
        synchronized (this) {
            inflight--;
            backoff.succeeded();
            if (!stopped) {
                next = nextQueued(w);
                if (next == null) {
                    idle.addFirst(w);
                }
            }
            if (inflight <= 0) {
                notifyAll();
            }
        }
        if (next != null) {
            dispatch(w, next);
        }
        replies.settle(c, meta, payload, oversize);
    }

    @Override
    public void exited(Worker w, String how) {
        Call c = w.current.getAndSet(null);
        List<Call> orphans = List.of();
        String startFailure = null;
        boolean respawn;
        boolean stopping;
        boolean crashed = !w.retired;
        synchronized (this) {
            stopping = stopped;
            workers.remove(w);
            idle.remove(w);
            live--;
            if (!w.helloSeen) {
                starting--;
            }
            if (w.readyNanos == 0 && crashed) {
                startFailure = w.startFailure != null ? w.startFailure : w.startFailureText(how);
                orphans = live == 0 ? drainQueue() : List.of();
            }
            if (crashed) {
                backoff.failed();
            }
            respawn = claimRespawn();
            notifyAll();
        }
        long delay = crashed ? delay() : 0;
        if (startFailure != null) {
            failStart(startFailure, orphans, false);
        } else if (crashed && c == null && !stopping) {
            LOG.warn("{}: python worker pid {} exited while idle ({})", label, w.pid, how);
        }
        if (c != null && c.settle() == Call.RUNNING) {
            synchronized (this) {
                inflight--;
                notifyAll();
            }
            LOG.warn("{}: python worker pid {} died during call {} ({}); a new worker replaces it", label, w.pid, c.request.id(), how);
            c.fail(new FunctionException(Kind.CRASHED, "the handler's python process died during the call (" + how + ")"));
        }
        if (respawn) {
            scheduleRespawn(delay);
        }
    }

    /** Under the lock: true when a respawn should follow and none is pending yet. */
    private boolean claimRespawn() {
        if (stopped || !loaded || respawnPending || live >= maxWorkers || (live >= MIN_WARM && queue.size() <= starting)) {
            return false;
        }
        respawnPending = true;
        return true;
    }

    private synchronized long delay() {
        return backoff.delayMs();
    }

    private void scheduleRespawn(long delayMs) {
        Runnable respawn = () -> {
            int launches;
            synchronized (this) {
                respawnPending = false;
                launches = reserveLaunches();
            }
            for (int i = 0; i < launches; i++) {
                launch();
            }
        };
        if (delayMs <= 0) {
            respawn.run();
            return;
        }
        try {
            timer.schedule(respawn, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** Under the lock: removes and settles every queued call; the caller fails them outside the lock. */
    private List<Call> drainQueue() {
        List<Call> out = new ArrayList<>();
        Call c;
        while ((c = queue.pollFirst()) != null) {
            if (c.settle() == Call.QUEUED) {
                inflight--;
                out.add(c);
            }
        }
        return out;
    }

    private void expire(Call call) {
        int ms = call.request.timeoutMs();
        abandon(call, "ran past its timeout of " + ms + " ms", new FunctionException(Kind.TIMEOUT, "timeout after " + ms + " ms"));
    }

    private void cancelled(Call call) {
        abandon(call, "was cancelled by the caller", null);
    }

    /** Settles a call nobody waits for any more; a worker running it is killed (and replaced). */
    private void abandon(Call call, String why, FunctionException error) {
        int prev = call.settle();
        if (prev == Call.DONE) {
            return;
        }
        call.stopTimer();
        synchronized (this) {
            inflight--;
            queue.remove(call);
            notifyAll();
        }
        if (error != null) {
            call.future.completeExceptionally(error);
        }
        if (prev == Call.RUNNING) {
            Worker w = call.worker;
            w.retired = true;
            w.current.compareAndSet(call, null);
            LOG.warn("{}: call {} {}; killing python worker pid {}", label, call.request.id(), why, w.pid);
            w.kill();
        }
    }

    /**
     * Refuses new calls, lets accepted ones finish (each within its own timeout), then stops the
     * workers: stdin closed, a moment to exit, then killed with everything they started. Idempotent.
     */
    void close() {
        synchronized (closing) {
            List<Worker> stopping;
            List<Call> leftovers;
            synchronized (this) {
                closed = true;
                if (stopped) {
                    return;
                }
                try {
                    long waitMs;
                    while (inflight > 0 && (waitMs = (latestDeadline - System.nanoTime()) / 1_000_000L + CLOSE_GRACE_MS) > 0) {
                        wait(waitMs);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stopped = true;
                stopping = new ArrayList<>(workers);
                leftovers = drainQueue();
                idle.clear();
            }
            leftovers.forEach(c -> c.fail(closedError()));
            Worker.stopAll(stopping, EXIT_WAIT_MS);
        }
    }

    /** Kills every worker now, without waiting for calls: load failures and JVM shutdown. */
    void stopNow() {
        List<Worker> stopping;
        List<Call> leftovers;
        synchronized (this) {
            closed = true;
            stopped = true;
            stopping = new ArrayList<>(workers);
            leftovers = drainQueue();
            idle.clear();
            notifyAll();
        }
        leftovers.forEach(c -> c.fail(closedError()));
        Worker.stopAll(stopping, 0);
    }
}
