package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionVersion;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints the Python runtime's own throughput (no HTTP): a hello handler on 2 workers driven by 2 and
 * 16 caller threads in a closed loop, with p50/p99 call latency, and worker spawn-to-ready time.
 * Not a test; run with {@code java -cp <test classpath> io.fnkernel.runtime.python.internal.PythonBenchmark [seconds]}.
 */
public final class PythonBenchmark {

    private PythonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        PythonRuntime runtime = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.WORKERS, "2")::get),
                Files.createTempDirectory("fnk-bench"));
        try {
            System.out.println("interpreter: " + runtime.interpreter().description() + ", JVM " + Runtime.version());
            spawnToReady(runtime);
            PythonVersion v = (PythonVersion) runtime.load(TestSupport.source("hello"));
            run(v, 16, 3, false); // warm-up; grows the pool to 2 workers
            System.out.println("workers: " + v.workerPids().size());
            for (int threads : new int[]{2, 16}) {
                run(v, threads, seconds, true);
            }
            v.close();
        } finally {
            runtime.close();
        }
    }

    private static void spawnToReady(PythonRuntime runtime) throws Exception {
        double[] ms = new double[8];
        for (int i = 0; i < ms.length; i++) {
            PythonVersion v = (PythonVersion) runtime.load(TestSupport.source("hello"));
            ms[i] = v.lastStartMillis();
            v.close();
        }
        Arrays.sort(ms);
        System.out.printf("spawn-to-ready: median %.1f ms, min %.1f ms, max %.1f ms (%d spawns)%n", ms[ms.length / 2], ms[0],
                ms[ms.length - 1], ms.length);
    }

    private static void run(FunctionVersion v, int threads, int seconds, boolean print) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[4_000_000];
            latencies.add(lat);
            int slot = t;
            callers.add(new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    FunctionRequest r = TestSupport.get("/hello", "name", "bench").build();
                    long t0 = System.nanoTime();
                    v.invoke(r).toCompletableFuture().join();
                    if (n < lat.length) {
                        lat[n] = System.nanoTime() - t0;
                    }
                    n++;
                }
                counts[slot] = n;
            }));
        }
        long start = System.nanoTime();
        callers.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : callers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!print) {
            return;
        }
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) Math.min(total, (long) threads * 4_000_000)];
        int k = 0;
        for (int t = 0; t < threads; t++) {
            int n = Math.min(counts[t], latencies.get(t).length);
            System.arraycopy(latencies.get(t), 0, all, k, n);
            k += n;
        }
        Arrays.sort(all, 0, k);
        System.out.printf("2 workers, %2d caller threads, %ds: %,.0f calls/s, p50 %.1f us, p99 %.1f us%n", threads, seconds,
                total / elapsed, all[k / 2] / 1e3, all[(int) (k * 0.99)] / 1e3);
    }
}
