package io.fnkernel.discovery.internal;

import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.api.dto.PlatformDTO;
import io.fnkernel.discovery.internal.engine.Registrar;
import io.fnkernel.discovery.internal.engine.RuntimeHandle;
import io.fnkernel.discovery.internal.engine.Runtimes;
import io.fnkernel.discovery.internal.engine.SwapEngine;
import io.fnkernel.discovery.internal.scan.ContentHasher;
import io.fnkernel.discovery.internal.scan.ScanResult;
import io.fnkernel.discovery.internal.scan.Scanner;
import io.fnkernel.discovery.internal.watch.TreeWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Discovery without OSGi: scans on its own thread whenever the watcher, a runtime change or a
 * forced reload asks, and hands each scan to the swap engine. Implements {@link PlatformRuntime}.
 */
public final class Discovery implements PlatformRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.fnkernel.discovery");

    private final DiscoveryConfig config;
    private final Runtimes runtimes = new Runtimes();
    private final ContentHasher hasher = new ContentHasher();
    private final ExecutorService scanThread = Executors.newSingleThreadExecutor(threads("fnk-discovery-scan"));
    private final ExecutorService loads;
    private final ExecutorService closer = Executors.newCachedThreadPool(threads("fnk-discovery-close"));
    private final SwapEngine engine;
    private final TreeWatcher watcher;
    private final AtomicBoolean scanQueued = new AtomicBoolean();
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final Runnable onReady;
    private volatile boolean ready;
    private volatile boolean closed;

    /**
     * @param config the settings
     * @param registrar publishes loaded versions
     */
    public Discovery(DiscoveryConfig config, Registrar registrar) {
        this(config, registrar, () -> { });
    }

    /**
     * @param config the settings
     * @param registrar publishes loaded versions
     * @param onReady called once, on a discovery thread, when the first scan's loads have settled
     */
    public Discovery(DiscoveryConfig config, Registrar registrar, Runnable onReady) {
        this.config = config;
        this.onReady = onReady;
        this.loads = Executors.newFixedThreadPool(config.loadThreads(), threads("fnk-discovery-load"));
        this.engine = new SwapEngine(config.functionsDir(), registrar, runtimes, loads, closer);
        this.watcher = config.watch() == DiscoveryConfig.Watch.OFF ? null
                : new TreeWatcher(config.functionsDir(), config.debounceMs(), config.pollMs(),
                config.watch() == DiscoveryConfig.Watch.POLL, this::requestScan);
    }

    /** Starts watching and runs the first scan in the background. */
    public void start() {
        if (watcher != null) {
            watcher.start();
        }
        requestScan();
    }

    /** @param runtime a runtime that appeared; its functions load in the background */
    public void runtimeAdded(RuntimeHandle runtime) {
        runtimes.add(runtime);
        requestScan();
    }

    /** @param runtime a runtime whose properties changed */
    public void runtimeModified(RuntimeHandle runtime) {
        runtimes.add(runtime);
        requestScan();
    }

    /** @param serviceId a runtime that went away; what it loaded is unregistered now */
    public void runtimeRemoved(long serviceId) {
        engine.runtimeRemoved(serviceId);
        requestScan();
    }

    /** Queues a rescan unless one is already waiting to start. */
    public void requestScan() {
        if (closed || !scanQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            scanThread.execute(() -> {
                scanQueued.set(false);
                scan(false);
            });
        } catch (RejectedExecutionException e) {
            scanQueued.set(false);
        }
    }

    private CompletableFuture<Void> scan(boolean retry) {
        try {
            long t0 = System.nanoTime();
            ScanResult result = new Scanner(config.functionsDir(), runtimes.extensions(), hasher).scan();
            if (!result.rootPresent() && watcher != null) {
                watcher.rootMissing();
            }
            CompletableFuture<Void> done = engine.apply(result, retry);
            if (first.compareAndSet(true, false)) {
                done.whenComplete((r, e) -> {
                    LOG.info("discovered {} functions ({} versions) in {} in {} ms",
                            result.sources().stream().map(FunctionSource::name).distinct().count(),
                            result.sources().size(), config.functionsDir(), (System.nanoTime() - t0) / 1_000_000L);
                    ready = true;
                    onReady.run();
                });
            }
            return done;
        } catch (RuntimeException e) {
            LOG.error("scan of {} failed", config.functionsDir(), e);
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public PlatformDTO snapshot() {
        return engine.snapshot();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public long changeCount() {
        return engine.changeCount();
    }

    /** Rescans now, retrying failed revisions, and returns once every resulting (un)registration happened. */
    @Override
    public PlatformDTO reload() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.reloadTimeoutMs());
        try {
            Future<CompletableFuture<Void>> scanned = scanThread.submit(() -> scan(true));
            scanned.get(config.reloadTimeoutMs(), TimeUnit.MILLISECONDS)
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warn("reload: loads still running after {} ms; returning the state so far", config.reloadTimeoutMs());
        } catch (ExecutionException | RejectedExecutionException e) {
            LOG.warn("reload failed: {}", e.toString());
        }
        return engine.snapshot();
    }

    /**
     * Waits until the state changes past a counter value.
     *
     * @param after a value of {@link #changeCount()}
     * @param timeoutMs the longest wait
     * @return true when it changed
     * @throws InterruptedException when interrupted
     */
    public boolean awaitChange(long after, long timeoutMs) throws InterruptedException {
        return engine.awaitChange(after, timeoutMs);
    }

    /** @return true when the watcher polls instead of using the WatchService */
    public boolean polling() {
        return watcher != null && watcher.polling();
    }

    /** Stops watching and scanning, then unregisters and closes every version (waiting briefly for the closes). */
    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
        scanThread.shutdownNow();
        engine.close();
        loads.shutdownNow();
        closer.shutdown();
        try {
            if (!closer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("some function versions were still draining after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
