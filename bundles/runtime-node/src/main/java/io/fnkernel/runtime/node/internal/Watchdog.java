package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread that watches every running call of the runtime: it cancels calls past their
 * deadline (queued ones too), calls that allocate more than their budget, and under heap pressure the call that
 * allocated most; it also retires idle contexts. The request path only writes a few fields.
 */
final class Watchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final long REAP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PRESSURE_MIN_BYTES = 16L << 20;

    private final NodeRuntimeConfig config;
    private final RunGate gate;
    private final ThreadAllocation allocation = new ThreadAllocation();
    private final MemoryPoolMXBean oldGen = oldGen();
    private final Set<JsContext> contexts = ConcurrentHashMap.newKeySet();
    private final Set<NodeFunctionVersion> versions = ConcurrentHashMap.newKeySet();
    private final ExecutorService closer;
    private final Thread thread;
    private volatile boolean running = true;

    Watchdog(NodeRuntimeConfig config, RunGate gate) {
        this.config = config;
        this.gate = gate;
        AtomicInteger n = new AtomicInteger();
        this.closer = Executors.newCachedThreadPool(r -> daemon(r, "fnk-node-cancel-" + n.incrementAndGet()));
        this.thread = daemon(this::run, "fnk-node-watchdog");
        this.thread.start();
        if (!allocation.supported()) {
            LOG.info("this JVM does not report per-thread allocation: JavaScript calls are not limited by {}", "fnk.node.call.alloc.mb");
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static MemoryPoolMXBean oldGen() {
        MemoryPoolMXBean best = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0
                    && (best == null || p.getUsage().getMax() > best.getUsage().getMax())) {
                best = p;
            }
        }
        return best;
    }

    void watch(JsContext c) {
        contexts.add(c);
    }

    void forget(JsContext c) {
        contexts.remove(c);
    }

    void watch(NodeFunctionVersion v) {
        versions.add(v);
    }

    void forget(NodeFunctionVersion v) {
        versions.remove(v);
    }

    /**
     * Stops a running call now, from another thread.
     *
     * @param c the context running it
     * @param why what its caller is told
     */
    void cancel(JsContext c, Cancellation why) {
        if (c.cancel(why)) {
            closer.execute(c::close);
        }
    }

    private void run() {
        long lastReap = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(config.watchdogMillis());
                sweep();
                long now = System.nanoTime();
                if (now - lastReap >= REAP_EVERY_NANOS) {
                    lastReap = now;
                    versions.forEach(v -> v.retireIdle(config.idleMillis()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("watchdog sweep failed", e);
            }
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        gate.expire(now);
        versions.forEach(v -> v.expireWaiting(now));
        JsContext hog = null;
        long hogBytes = PRESSURE_MIN_BYTES;
        for (JsContext c : contexts) {
            if (!c.running()) {
                continue;
            }
            if (now - c.deadline() > 0) {
                cancel(c, c.timeoutCancellation());
                continue;
            }
            long used = c.allocatedDuringCall(allocation);
            if (used > config.maxCallAllocationBytes()) {
                cancel(c, new Cancellation(FunctionException.Kind.HANDLER_ERROR, "the handler allocated more than "
                        + (config.maxCallAllocationBytes() >> 20) + " MB in one call and was stopped (fnk.node.call.alloc.mb)"));
            } else if (used > hogBytes) {
                hog = c;
                hogBytes = used;
            }
        }
        if (hog != null && underPressure()) {
            LOG.warn("heap is {}% full after collection: stopping {} which allocated {} MB in its current call",
                    config.heapPressurePercent(), hog, hogBytes >> 20);
            cancel(hog, new Cancellation(FunctionException.Kind.HANDLER_ERROR,
                    "the server ran short of memory and this call, which allocated the most, was stopped"));
        }
    }

    private boolean underPressure() {
        if (oldGen == null || config.heapPressurePercent() == 0) {
            return false;
        }
        MemoryUsage after = oldGen.getCollectionUsage();
        long max = oldGen.getUsage().getMax();
        return after != null && max > 0 && after.getUsed() * 100 >= max * config.heapPressurePercent();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        closer.shutdown();
    }
}
