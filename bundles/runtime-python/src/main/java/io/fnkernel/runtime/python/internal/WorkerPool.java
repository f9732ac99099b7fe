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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The worker processes of one function version: calls go to idle workers, queue when all are busy
 * and the pool grows up to its maximum; a full pool of short calls sends each worker its next call
 * ahead ({@link Pipelining}). A timed-out worker is killed and replaced, a crashed one replaced
 * with back-off, and calls it had not started yet go back to the queue. One warm worker is always kept.
 */
final class WorkerPool implements Worker.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final long CLOSE_GRACE_MS = 200;
    private static final long EXIT_WAIT_MS = 1_000;
    /** How long a worker may still run a call sent ahead after the call was given up. */
    private static final long GIVEN_UP_GRACE_MS = 250;
    private static final long CLOCK_SKEW_NANOS = 1_000_000_000L;

    private final FunctionSource source;
    private final String label;
    private final ScheduledExecutorService timer;
    private final Replies replies;
    private final Spawner spawner;
    private final Object closing = new Object();

    // Guarded by this.
    private final Dispatcher calls;
    private final Set<Worker> workers = new HashSet<>();
    private final Headcount heads;
    private int inflight;
    private long latestDeadline;
    private boolean stopped;
    private volatile boolean closed;

    WorkerPool(FunctionSource source, WorkerLauncher launcher, ScheduledExecutorService timer, byte[] init, int maxWorkers,
            int startTimeoutMs, Pipelining pipelining) {
        this.source = source;
        this.label = source.name() + "@" + source.version();
        this.spawner = new Spawner(source, label, launcher, init, startTimeoutMs);
        this.timer = timer;
        this.heads = new Headcount(maxWorkers);
        this.calls = new Dispatcher(pipelining);
        this.replies = new Replies(source.ref());
    }

    /**
     * Starts the first worker and waits until it has imported the handler.
     *
     * @throws FunctionLoadException naming file and line when the import failed, or why the worker did not start
     */
    void start() throws FunctionLoadException {
        synchronized (this) {
            heads.reserve(0);
        }
        launch(1);
        spawner.awaitFirst();
    }

    /** @return milliseconds from spawn to ready of the latest worker that started */
    double lastStartMillis() {
        return spawner.lastStartMillis();
    }

    /** @return the pids of the worker processes alive now */
    synchronized List<Long> pids() {
        return workers.stream().map(w -> w.pid).sorted().toList();
    }

    /** @return how many calls went to a worker before it had answered the one it ran */
    synchronized long sentAhead() {
        return calls.sentAhead();
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
                latestDeadline = Math.max(latestDeadline, call.deadlineNanos);
                w = calls.pollIdle();
                if (w != null && !call.start(w)) {
                    calls.idle(w);
                    w = null;
                } else if (w != null) {
                    calls.assign(w, call);
                } else if (call.enqueue()) {
                    calls.enqueue(call);
                    launches = reserveLaunches();
                }
            }
        }
        if (rejected) {
            call.fail(closedError());
        }
        if (w != null) {
            send(w, List.of(call));
        }
        launch(launches);
        return call.future;
    }

    private static FunctionException closedError() {
        return new FunctionException(Kind.CLOSED, "function version was replaced; retry");
    }

    /** Under the lock: how many workers to start now for the queue and the warm minimum, counted as started. */
    private int reserveLaunches() {
        return stopped ? 0 : heads.reserve(calls.waiting());
    }

    private void launch(int n) {
        for (int i = 0; i < n; i++) {
            spawner.launch(this, this::launchFailed);
        }
    }

    private void launchFailed(String why) {
        List<Call> orphans;
        boolean respawn;
        synchronized (this) {
            orphans = heads.gone(false, true) == 0 ? drainQueue() : List.of();
            respawn = claimRespawn();
        }
        failStart(why, orphans, respawn);
    }

    private void failStart(String why, List<Call> orphans, boolean respawn) {
        if (spawner.failed(new FunctionLoadException(why, source.entry()))) {
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
            spawner.failed(e);
            return;
        }
        w.readyNanos = System.nanoTime();
        w.clockShared = Math.abs(hello.path("clock").asLong(0) - w.readyNanos) < CLOCK_SKEW_NANOS;
        replies.logOutput(hello, "load");
        Call next = null;
        boolean kill;
        synchronized (this) {
            heads.ready();
            kill = stopped;
            if (!kill) {
                next = calls.take(w, heads.full());
                if (next == null) {
                    calls.idle(w);
                }
            }
        }
        spawner.ready(w, hello);
        if (kill) {
            w.retired = true;
            w.kill();
        } else if (next != null) {
            send(w, List.of(next));
        }
    }

    /**
     * Writes the frames of calls assigned to {@code w}, in their order. Only the thread that
     * assigned them writes them: a submitter that took the worker idle, or the worker's own reader.
     */
    private void send(Worker w, List<Call> batch) {
        for (int i = 0; i < batch.size(); i++) {
            try {
                w.sendCall(batch.get(i));
            } catch (IOException e) {
                requeueUnsent(w, batch.subList(i, batch.size()));
                return;
            }
        }
    }

    /** The worker died before these calls reached it (its reader reports the death): they queue again. */
    private void requeueUnsent(Worker w, List<Call> unsent) {
        int launches;
        List<Call> fed;
        synchronized (this) {
            calls.requeue(w, unsent);
            fed = calls.feedIdle();
            launches = reserveLaunches();
        }
        fed.forEach(c -> send(c.worker, List.of(c)));
        launch(launches);
    }

    @Override
    public void reply(Worker w, JsonNode meta, byte[] payload, Frames.TooLargeException oversize) {
        Call c;
        synchronized (this) {
            c = calls.replied(w);
        }
        if (c == null) {
            if (!w.retired) {
                LOG.warn("{}: python worker pid {} sent a reply without a call; killing it", label, w.pid);
                w.kill();
            }
            return;
        }
        int prev = c.settle(); // DONE: timed out or cancelled meanwhile, and nobody waits for this reply
        List<Call> next = new ArrayList<>(Pipelining.DEPTH);
        Call givenUp;
        synchronized (this) {
            if (prev == Call.RUNNING) {
                inflight--;
                heads.succeeded();
                if (inflight <= 0) {
                    notifyAll();
                }
            }
            Call head = w.calls.peekFirst();
            givenUp = head != null && head.settled() ? head : null; // sent ahead, then timed out meanwhile
            if (!stopped && !w.retired) {
                Call n;
                while ((n = calls.take(w, heads.full())) != null) {
                    next.add(n);
                }
                if (w.calls.isEmpty()) {
                    calls.idle(w);
                }
            }
        }
        if (givenUp != null) {
            watchGivenUp(w, givenUp);
        }
        send(w, next);
        if (prev == Call.RUNNING) {
            replies.settle(c, meta, payload, oversize);
        }
    }

    /**
     * A call sent ahead was given up before its turn came: the worker skips it once past its
     * deadline and answers at once; if it started it just before, it is killed after a grace period.
     */
    private void watchGivenUp(Worker w, Call c) {
        try {
            timer.schedule(() -> {
                boolean kill;
                synchronized (this) {
                    kill = w.calls.peekFirst() == c && !w.retired;
                    if (kill) {
                        w.retired = true;
                    }
                }
                if (kill) {
                    LOG.warn("{}: python worker pid {} still ran call {} {} ms after it was given up; killing it",
                            label, w.pid, c.request.id(), GIVEN_UP_GRACE_MS);
                    w.kill();
                }
            }, GIVEN_UP_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: the workers are being killed anyway
        }
    }

    @Override
    public void exited(Worker w, String how) {
        Call c;
        List<Call> unsent = new ArrayList<>();
        List<Call> fed;
        List<Call> orphans = List.of();
        String startFailure = null;
        boolean respawn;
        boolean stopping;
        boolean crashed = !w.retired;
        synchronized (this) {
            stopping = stopped;
            workers.remove(w);
            calls.removeIdle(w);
            int left = heads.gone(w.helloSeen, crashed);
            if (w.readyNanos == 0 && crashed) {
                startFailure = w.startFailure != null ? w.startFailure : w.startFailureText(how);
                orphans = left == 0 ? drainQueue() : List.of();
            }
            c = calls.release(w, stopping, unsent);
            inflight -= unsent.size();
            fed = calls.feedIdle();
            respawn = claimRespawn();
            notifyAll();
        }
        unsent.forEach(b -> b.fail(closedError()));
        fed.forEach(b -> send(b.worker, List.of(b)));
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
        return !stopped && spawner.loaded() && heads.claimRespawn(calls.waiting());
    }

    private synchronized long delay() {
        return heads.delayMs();
    }

    private void scheduleRespawn(long delayMs) {
        Runnable respawn = () -> {
            int launches;
            synchronized (this) {
                heads.respawnDue();
                launches = reserveLaunches();
            }
            launch(launches);
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
        List<Call> out = calls.drainQueue();
        inflight -= out.size();
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
        Worker w = call.worker;
        boolean running = false;
        synchronized (this) {
            inflight--;
            calls.dequeue(call);
            notifyAll();
            // A call sent ahead that still waits behind another is left to the reader (watchGivenUp):
            // past its deadline the worker skips it; run anyway, its reply is dropped, or the worker is
            // killed if it still runs it after the grace period.
            if (prev == Call.RUNNING && w.calls.peekFirst() == call) {
                running = true;
                w.retired = true;
            }
        }
        if (error != null) {
            call.future.completeExceptionally(error);
        }
        if (running) {
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
            List<Worker> stopping = new ArrayList<>();
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
                leftovers = stopUnderLock(stopping);
            }
            leftovers.forEach(c -> c.fail(closedError()));
            Worker.stopAll(stopping, EXIT_WAIT_MS);
        }
    }

    /** Kills every worker now, without waiting for calls: load failures and JVM shutdown. */
    void stopNow() {
        List<Worker> stopping = new ArrayList<>();
        List<Call> leftovers;
        synchronized (this) {
            closed = true;
            leftovers = stopUnderLock(stopping);
            notifyAll();
        }
        leftovers.forEach(c -> c.fail(closedError()));
        Worker.stopAll(stopping, 0);
    }

    /**
     * Under the lock: marks the pool stopped, collects its workers into {@code stopping} and settles
     * the queued calls, which the caller fails outside the lock.
     */
    private List<Call> stopUnderLock(List<Worker> stopping) {
        stopped = true;
        stopping.addAll(workers);
        List<Call> leftovers = calls.drain();
        inflight -= leftovers.size();
        return leftovers;
    }
}
