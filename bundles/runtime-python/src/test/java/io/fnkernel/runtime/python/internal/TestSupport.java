package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Fixtures, calls and bounded waits on state shared by the runtime's tests. */
final class TestSupport {

    private static final AtomicInteger IDS = new AtomicInteger();

    private TestSupport() {
    }

    /** @return the folder of a test handler case under {@code src/test/resources/cases} (or {@code contract}) */
    static Path fixture(String root, String name) {
        try {
            return Path.of(TestSupport.class.getResource("/" + root).toURI()).resolve(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static FunctionSource source(Path dir, UnaryOperator<FunctionPolicy.Builder> policy, Map<String, String> env) {
        return FunctionSource.builder(dir.getFileName().toString(), "default").runtime(PythonRuntime.ID).directory(dir)
                .entry(dir.resolve("handler.py")).policy(policy.apply(FunctionPolicy.builder()).build()).env(env)
                .revision("test-" + dir.getFileName()).build();
    }

    static FunctionSource source(String caseName) {
        return source(fixture("cases", caseName), b -> b, Map.of());
    }

    static FunctionRequest.Builder get(String path) {
        return FunctionRequest.builder("GET", path).id("req-" + IDS.incrementAndGet()).clientIp("127.0.0.1");
    }

    static FunctionRequest.Builder get(String path, String key, String value) {
        return get(path).query(Map.of(key, List.of(value)));
    }

    static CompletableFuture<FunctionResponse> begin(FunctionVersion v, FunctionRequest r) {
        return v.invoke(r).toCompletableFuture();
    }

    /** Calls and waits; rethrows the call's {@link FunctionException}. */
    static FunctionResponse call(FunctionVersion v, FunctionRequest r) {
        return await(begin(v, r), r.timeoutMs() + 15_000L);
    }

    static FunctionResponse await(CompletableFuture<FunctionResponse> f, long timeoutMs) {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FunctionException fe) {
                throw fe;
            }
            throw new AssertionError("call failed with " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("call did not complete: " + e, e);
        }
    }

    /** Calls and expects a failure of the given kind. */
    static FunctionException failure(FunctionVersion v, FunctionRequest r, FunctionException.Kind kind) {
        try {
            FunctionResponse ok = call(v, r);
            throw new AssertionError("expected " + kind + " but got " + ok + " " + ok.bodyText());
        } catch (FunctionException e) {
            if (e.kind() != kind) {
                throw new AssertionError("expected " + kind + " but got " + e.kind() + ": " + e.getMessage(), e);
            }
            return e;
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits (bounded) until a condition holds; fails naming it otherwise. */
    static void waitFor(String what, long timeoutMs, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    static void waitDead(List<Long> pids, long timeoutMs) {
        waitFor("processes " + pids + " to end", timeoutMs, () -> pids.stream().noneMatch(TestSupport::alive));
    }

    /** @return the pids of the processes in a process group that have not ended, read from {@code /proc} (Linux) */
    static List<Long> groupMembers(long pgid) {
        List<Long> out = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(d.resolve("stat"));
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (!f[0].equals("Z") && Long.parseLong(f[2]) == pgid) {
                    out.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
