package io.fnkernel.discovery.internal.engine;

import io.fnkernel.discovery.internal.fakes.FakeRegistrar;
import io.fnkernel.discovery.internal.fakes.FakeRuntime;
import io.fnkernel.discovery.internal.scan.ContentHasher;
import io.fnkernel.discovery.internal.scan.Scanner;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A swap engine on a folder with fake runtimes and a recording registrar. */
final class EngineHarness implements AutoCloseable {

    final Path root;
    final FakeRegistrar registrar = new FakeRegistrar();
    final Runtimes runtimes = new Runtimes();
    final ExecutorService loads = Executors.newFixedThreadPool(2, named("load"));
    final ExecutorService closer = Executors.newCachedThreadPool(named("close"));
    final ContentHasher hasher = new ContentHasher();
    final SwapEngine engine;
    private long nextServiceId = 100;

    EngineHarness(Path root) {
        this.root = root;
        this.engine = new SwapEngine(root, registrar, runtimes, loads, closer);
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Adds a runtime service; returns its handle. */
    RuntimeHandle runtime(String id, String ext, int ranking, FakeRuntime rt) {
        RuntimeHandle h = new RuntimeHandle(id, List.of(ext), "fake " + id, ranking, nextServiceId++, rt);
        runtimes.add(h);
        return h;
    }

    /** Scans and waits for every resulting (un)registration. */
    void sync() throws Exception {
        apply(false);
    }

    /** Scans with a forced retry of failed revisions. */
    void reload() throws Exception {
        apply(true);
    }

    private void apply(boolean retry) throws Exception {
        engine.apply(new Scanner(root, runtimes.extensions(), hasher).scan(), retry).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        engine.close();
        loads.shutdownNow();
        closer.shutdownNow();
    }
}
