package io.fnkernel.discovery.internal;

import io.fnkernel.api.KernelProperties;
import io.fnkernel.discovery.internal.engine.RuntimeHandle;
import io.fnkernel.discovery.internal.fakes.FakeRegistrar;
import io.fnkernel.discovery.internal.fakes.FakeRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures file-saved to new-version-registered latency through the real watcher and swap engine,
 * with a fake runtime (so the figure is discovery's own share) and the default debounce. Not a
 * test; run it with the command in the report. Arguments: [edits] [functions in the folder].
 */
public final class DiscoveryBenchmark {

    private DiscoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int edits = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int others = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path root = Files.createTempDirectory("fnk-bench");
        for (int i = 0; i < others; i++) {
            write(root.resolve("fn" + i + "/handler.js"), "// function " + i);
        }
        Path target = root.resolve("hello/handler.js");
        write(target, "// edit -1");
        Map<String, Long> registeredAt = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        FakeRegistrar registrar = new FakeRegistrar();
        registrar.onRegister = e -> {
            String code = ((FakeRuntime.Version) e.version()).code;
            registeredAt.put(code, System.nanoTime());
            CountDownLatch l = waiting.get(code);
            if (l != null) {
                l.countDown();
            }
        };
        DiscoveryConfig config = DiscoveryConfig.from(Map.of(KernelProperties.FUNCTIONS_DIR, root.toString())::get);
        List<Double> millis = new ArrayList<>();
        try (Discovery d = new Discovery(config, registrar)) {
            d.runtimeAdded(new RuntimeHandle("node", List.of(".js"), "fake", 0, 1, new FakeRuntime("node")));
            d.start();
            long t0 = System.nanoTime();
            while (registrar.active().size() < others + 1) {
                long seen = d.changeCount();
                if (!d.awaitChange(seen, 30_000)) {
                    throw new IllegalStateException("initial scan did not finish");
                }
            }
            System.out.printf("initial scan + load of %d functions: %.1f ms (debounce %d ms, %s)%n", others + 1,
                    (System.nanoTime() - t0) / 1e6, config.debounceMs(), d.polling() ? "polling" : "WatchService");
            for (int i = 0; i < edits; i++) {
                String code = "// edit " + i;
                CountDownLatch done = new CountDownLatch(1);
                waiting.put(code, done);
                long saved = write(target, code);
                if (!done.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("edit " + i + " was not registered within 10 s");
                }
                millis.add((registeredAt.get(code) - saved) / 1e6);
            }
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Collections.sort(millis);
        System.out.printf("file saved -> new version registered over %d edits: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                edits, percentile(millis, 50), percentile(millis, 95), millis.get(millis.size() - 1));
    }

    /** Writes a file the way an editor saves it; returns the time the write finished. */
    private static long write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return System.nanoTime();
    }

    private static double percentile(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
