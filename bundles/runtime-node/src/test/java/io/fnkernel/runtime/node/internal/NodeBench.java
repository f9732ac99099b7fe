package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints the runtime's figures (not run by {@code mvn verify}; {@code bench.sh} runs it on JDK 25
 * with the JIT): calls/s of a hello handler through the runtime alone, and milliseconds to load a
 * new version and answer its first call on a warm engine. Settings: {@code -Dbench.threads=2},
 * {@code -Dbench.warmup.s=60}, {@code -Dbench.seconds=10}, {@code -Dbench.loads=20}.
 */
public final class NodeBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final String HELLO = "exports.handler = async (event) => ({ message: 'hi ' + event.query.name });\n";

    private NodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("bench.threads", 2);
        int warmup = Integer.getInteger("bench.warmup.s", 60);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int loads = Integer.getInteger("bench.loads", 20);
        Path root = Files.createTempDirectory("fnk-node-bench");
        try (NodeRuntime runtime = new NodeRuntime(NodeRuntimeConfig.defaults())) {
            System.out.printf(Locale.ROOT, "engine: %s | java %s (%s) | %d cores%n", runtime.description(),
                    System.getProperty("java.version"), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());
            FunctionVersion hello = runtime.load(source(root, "hello", "default", HELLO));
            FunctionRequest request = FunctionRequest.builder("GET", "/hello").rawPath("/hello?name=bench")
                    .query(Map.of("name", List.of("bench"))).id("req-bench").clientIp("127.0.0.1").build();
            String body = hello.invoke(request).toCompletableFuture().get().bodyText();
            System.out.println("hello answers: " + body);
            // Warm-up in windows of 10 s, printed: on two cores the Graal compiler (itself compiled by
            // HotSpot first, as there is no libgraal on a stock JDK) needs most of a minute to catch up.
            StringBuilder curve = new StringBuilder();
            for (int left = warmup; left > 0; left -= 10) {
                int w = Math.min(10, left);
                curve.append(curve.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d", run(hello, request, threads, w)[0] / w));
            }
            System.out.println("warm-up, calls/s per 10 s window: " + curve);
            long[] r = run(hello, request, threads, seconds);
            double cpuSeconds = r[1] / 1e9;
            System.out.printf(Locale.ROOT, "throughput: %,d calls/s (hello, %d threads, %d s after %d s warm-up); "
                    + "the calling threads got %.1f CPU-s of %d: %,.0f calls per CPU-second%n",
                    r[0] / seconds, threads, seconds, warmup, cpuSeconds, threads * seconds, r[0] / cpuSeconds);

            double[] ms = new double[loads];
            for (int i = -3; i < loads; i++) {
                String label = "v" + (i + 100);
                FunctionSource s = source(root, "fresh", label, HELLO.replace("'hi '", "'hi " + label + " '"));
                long t0 = System.nanoTime();
                FunctionVersion v = runtime.load(s);
                FunctionResponse first = v.invoke(request).toCompletableFuture().get();
                long t1 = System.nanoTime();
                if (first.status() != 200) {
                    throw new IllegalStateException("first call answered " + first);
                }
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
                v.close();
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "new version load + first call: p50 %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms (%d runs, warm engine)%n",
                    ms[loads / 2], ms[(int) (loads * 0.9)], ms[0], ms[loads - 1], loads);

            // FastFN's runtime-daemon benchmark: a burst of 6 concurrent calls to a handler that sleeps 200 ms.
            FunctionVersion sleeper = runtime.load(source(root, "sleeper", "default",
                    "exports.handler = async () => { await new Promise((r) => setTimeout(r, 200)); return 'ok'; };\n"));
            StringBuilder bursts = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                bursts.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", burst(sleeper, request, 6)));
            }
            System.out.println("burst of 6 concurrent calls sleeping 200 ms: " + bursts
                    + " ms (first one grows the pool from 1 context; FastFN native: 277 ms)");
        }
    }

    private static double burst(FunctionVersion v, FunctionRequest request, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<FunctionResponse>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return v.invoke(request).toCompletableFuture().get();
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<FunctionResponse> c : calls) {
                if (c.get().status() != 200) {
                    throw new IllegalStateException("burst call failed");
                }
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            pool.shutdown();
        }
    }

    private static FunctionSource source(Path root, String name, String version, String code) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name).resolve(version));
        Files.writeString(dir.resolve("handler.js"), code);
        return FunctionSource.builder(name, version).runtime(NodeRuntime.ID).directory(dir).entry(dir.resolve("handler.js"))
                .revision(name + "-" + version).build();
    }

    /** @return calls made and CPU nanoseconds the calling threads used */
    private static long[] run(FunctionVersion v, FunctionRequest request, int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Future<long[]>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<long[]> loop = () -> {
                    long cpu0 = CPU.getCurrentThreadCpuTime();
                    long n = 0;
                    while ((n & 255) != 0 || System.nanoTime() < end) {
                        if (v.invoke(request).toCompletableFuture().get().status() != 200) {
                            throw new IllegalStateException("bad answer");
                        }
                        n++;
                    }
                    return new long[]{n, CPU.getCurrentThreadCpuTime() - cpu0};
                };
                counts.add(pool.submit(loop));
            }
            long[] total = new long[2];
            for (Future<long[]> f : counts) {
                long[] one = f.get();
                total[0] += one[0];
                total[1] += one[1];
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }
}
