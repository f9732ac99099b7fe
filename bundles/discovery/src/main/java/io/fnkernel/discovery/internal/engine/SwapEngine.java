package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.dto.PlatformDTO;

import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.discovery.internal.scan.ScanResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the registered function versions in step with the latest scan, make-before-break: a new
 * revision is loaded on a worker thread, registered, and only then is the old one unregistered and
 * closed (off the engine's threads). A revision that fails to load never replaces a working one.
 * Work for one {@code name@version} runs in order; different functions load in parallel.
 */
public final class SwapEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.fnkernel.discovery");

    private final Path root;
    private final Runtimes runtimes;
    private final Lanes lanes;
    private final Installer installer;
    private final Publisher publisher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<SourceKey, Slot> slots = new LinkedHashMap<>();
    private ScanResult scan;

    /**
     * @param root the functions folder
     * @param registrar publishes loaded versions
     * @param runtimes the available runtimes
     * @param loads runs loads, several at once
     * @param closer runs {@code close()} of retired versions, which may block while draining
     */
    public SwapEngine(Path root, Registrar registrar, Runtimes runtimes, Executor loads, Executor closer) {
        this.root = root.toAbsolutePath().normalize();
        this.runtimes = runtimes;
        this.lanes = new Lanes(loads);
        this.installer = new Installer(this.root, registrar, runtimes, closer);
        this.publisher = new Publisher();
        publish();
    }

    /**
     * Makes a scan the wanted state: new and changed functions are queued for loading, deleted ones
     * for removal; folders the scan could not read keep what they serve.
     *
     * @param next the scan
     * @param retryFailed true to load again revisions that failed before (a forced reload)
     * @return completes once every (un)registration resulting from the scan has happened
     */
    public CompletableFuture<Void> apply(ScanResult next, boolean retryFailed) {
        Set<FunctionRef> work = new HashSet<>();
        if (LOG.isDebugEnabled()) {
            LOG.debug("scan: present={} sources={} held={} problems={}", next.rootPresent(),
                    next.sources().size(), next.held(), next.problems());
        }
        lock.lock();
        try {
            Map<SourceKey, FunctionSource> wanted = new LinkedHashMap<>();
            for (FunctionSource s : next.sources()) {
                wanted.put(key(s), s);
            }
            for (Slot s : slots.values()) {
                FunctionSource kept = s.desired != null ? s.desired : s.live == null ? null : s.live.source();
                if (kept != null && !wanted.containsKey(s.key) && held(next, kept)) {
                    wanted.put(s.key, kept);
                }
            }
            boolean changed = !next.equals(scan);
            scan = next;
            for (Slot s : slots.values()) {
                if (!wanted.containsKey(s.key) && s.desired != null) {
                    s.desired = null;
                    changed = true;
                }
            }
            for (Map.Entry<SourceKey, FunctionSource> e : wanted.entrySet()) {
                Slot s = slots.computeIfAbsent(e.getKey(), Slot::new);
                changed |= !e.getValue().equals(s.desired);
                s.desired = e.getValue();
                s.retry |= retryFailed;
            }
            changed |= settle(work);
            changed |= publisher.runtimesChanged(runtimes.bestPerId());
            if (changed) {
                publish();
            }
        } finally {
            lock.unlock();
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (FunctionRef ref : work) {
            futures.add(lanes.submit(ref, () -> sync(ref)));
        }
        if (retryFailed) {
            // A load started by an earlier scan may have set its slot live without having published
            // it yet, so this scan saw nothing to do for it: a forced reload waits for that work too.
            futures.add(lanes.drained());
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
    }

    /** Decides what each slot needs; records missing runtimes and drops empty slots. Call under the lock. */
    private boolean settle(Set<FunctionRef> work) {
        boolean changed = false;
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            Slot s = it.next();
            Decision p = Decision.of(s, runtimes);
            if (p.action() != Decision.Action.LOAD) {
                s.retry = false;
            }
            switch (p.action()) {
                case DROP -> {
                    it.remove();
                    changed = true;
                }
                case NO_RUNTIME -> changed |= installer.noRuntime(s);
                case LOAD, REMOVE -> work.add(s.key.ref());
                case NONE -> { }
            }
        }
        return changed;
    }

    /**
     * The lane work for one function version: load what changed and swap, then remove what is gone,
     * all under the latest state. A version whose entry file was replaced (renamed, or moved to
     * another runtime's extension) is only removed once its replacement serves: while the
     * replacement fails to load or has no runtime, the old one keeps serving.
     */
    private void sync(FunctionRef ref) {
        for (Installer.Job job : jobs(ref, Decision.Action.LOAD)) {
            swap(job);
        }
        boolean retired = false;
        for (Installer.Job job : jobs(ref, Decision.Action.REMOVE)) {
            // It stays in the snapshot until its service is gone, so no snapshot (another lane may
            // publish meanwhile) shows a removal the service registry has not finished.
            Slot.Live taken = underLock(() -> installer.take(job.key, slots), t -> false);
            if (taken != null) {
                installer.retire(taken);
                underLock(() -> installer.forget(job.key, taken, slots), changed -> changed);
                retired = true;
            }
        }
        if (retired) { // a source that came back while its old version was being retired loads now
            for (Installer.Job job : jobs(ref, Decision.Action.LOAD)) {
                swap(job);
            }
        }
    }

    /** The jobs of one kind that a function version needs now, taken under the lock. */
    private List<Installer.Job> jobs(FunctionRef ref, Decision.Action action) {
        List<Installer.Job> jobs = new ArrayList<>();
        lock.lock();
        try {
            for (Slot s : slots.values()) {
                if (!s.key.ref().equals(ref)) {
                    continue;
                }
                Decision p = Decision.of(s, runtimes);
                if (p.action() != action) {
                    continue;
                }
                if (action == Decision.Action.LOAD) {
                    jobs.add(new Installer.Job(s.key, s.desired, p.runtime()));
                    s.retry = false;
                } else if (!replacementPending(s)) {
                    jobs.add(new Installer.Job(s.key, null, null));
                }
            }
        } finally {
            lock.unlock();
        }
        return jobs;
    }

    /**
     * @return true when a slot replacing this one (the same function version from the same folder:
     *         a renamed entry) is wanted but not serving yet. Call under the lock.
     */
    private boolean replacementPending(Slot gone) {
        for (Slot s : slots.values()) {
            if (replaces(s, gone) && s.live == null) {
                return true;
            }
        }
        return false;
    }

    /** @return true when {@code s} is wanted in place of the deleted, still serving {@code gone} */
    private static boolean replaces(Slot s, Slot gone) {
        return s != gone && s.desired != null && gone.desired == null && gone.live != null
                && s.key.ref().equals(gone.key.ref())
                && s.desired.directory().equals(gone.live.source().directory());
    }

    /**
     * Loads, registers, then retires what it replaces, and only then publishes, so a snapshot never
     * shows a swap the service registry has not finished. The framework is called without the lock
     * held, so service listeners never run under it.
     */
    private void swap(Installer.Job job) {
        installer.load(job);
        if (job.failure == null) {
            if (!underLock(() -> installer.wanted(job, slots), w -> false)) {
                installer.discard(job);
                return;
            }
            Registrar.Registration reg = installer.register(job);
            if (reg != null) {
                installer.retire(underLock(() -> installer.commit(job, reg, slots), replaced -> false));
                underLock(() -> true, published -> true);
                return;
            }
        }
        underLock(() -> installer.recordFailure(job, slots), changed -> changed);
    }

    /**
     * Runs a step under the lock.
     *
     * @param changed tells from the step's result whether to publish
     */
    private <T> T underLock(java.util.function.Supplier<T> step, java.util.function.Predicate<T> changed) {
        lock.lock();
        try {
            T result = step.get();
            if (changed.test(result)) {
                publish();
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A runtime went away: unregisters (without closing: the runtime owns them and is stopping) every
     * version it loaded and marks them pending until a runtime for them is back.
     *
     * @param serviceId the runtime's service id
     */
    public void runtimeRemoved(long serviceId) {
        runtimes.remove(serviceId);
        List<Slot.Live> gone;
        lock.lock();
        try {
            gone = installer.takeLoadedBy(serviceId, slots.values());
        } finally {
            lock.unlock();
        }
        gone.forEach(installer::retire);
        underLock(() -> !gone.isEmpty() | publisher.runtimesChanged(runtimes.bestPerId()), changed -> changed);
    }

    /** Unregisters and closes every version; used when discovery stops. */
    @Override
    public void close() {
        List<Slot.Live> all = underLock(() -> {
            List<Slot.Live> taken = installer.takeAll(slots.values());
            slots.clear();
            return taken;
        }, t -> false);
        all.forEach(installer::retire);
        underLock(() -> true, published -> true);
    }

    /** @return the latest published state */
    public PlatformDTO snapshot() {
        return publisher.snapshot();
    }

    /** @return the change counter */
    public long changeCount() {
        return publisher.changeCount();
    }

    /**
     * Waits until the change counter passes a value.
     *
     * @param after the value to pass
     * @param timeoutMs the longest wait
     * @return true when it passed
     * @throws InterruptedException when interrupted
     */
    public boolean awaitChange(long after, long timeoutMs) throws InterruptedException {
        return publisher.await(after, timeoutMs);
    }

    /**
     * Publishes the state. Conflicts are found among the versions that serve, as the gateway's
     * table does, so a claimant that failed to load or has no runtime is not reported as one, nor
     * is a renamed entry's old version in the moment between its replacement's registration and
     * its own retirement.
     */
    private void publish() {
        List<FunctionSource> serving = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.live != null && !replacedAndServing(s)) {
                serving.add(s.live.source());
            }
        }
        publisher.publish(SnapshotBuilder.build(root, scan, slots.values(), Conflicts.of(serving, root),
                runtimes.bestPerId()));
    }

    /** @return true when a slot that replaces this deleted one already serves (the moment before it is retired) */
    private boolean replacedAndServing(Slot gone) {
        for (Slot s : slots.values()) {
            if (replaces(s, gone) && s.live != null) {
                return true;
            }
        }
        return false;
    }

    private SourceKey key(FunctionSource s) {
        return new SourceKey(s.ref(), Paths.rel(root, s.entry()));
    }

    private static boolean held(ScanResult next, FunctionSource s) {
        for (Path h : next.held()) {
            if (s.entry().startsWith(h) || s.directory().startsWith(h)) {
                return true;
            }
        }
        return false;
    }
}
