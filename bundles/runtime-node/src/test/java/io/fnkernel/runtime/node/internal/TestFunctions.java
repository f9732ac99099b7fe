package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.runtime.support.FunctionOutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** Test helpers: function folders written on the fly, requests, calls, and captured console output. */
final class TestFunctions {

    private static final AtomicInteger IDS = new AtomicInteger();

    /** What one call printed, recorded before it is logged. */
    record Printed(FunctionRef ref, String requestId, String stdout, String stderr) {
    }

    /** Records every call's output with the function and request it came from, then logs it as the runtime would. */
    static final class Recorder implements OutputRouter {
        final List<Printed> printed = new CopyOnWriteArrayList<>();
        private final Map<FunctionOutput, Printed> open = new ConcurrentHashMap<>();

        @Override
        public FunctionOutput open(FunctionRef ref, String requestId) {
            FunctionOutput output = new FunctionOutput(ref, requestId);
            open.put(output, new Printed(ref, requestId, null, null));
            return output;
        }

        @Override
        public void close(FunctionOutput output) {
            Printed opened = open.remove(output);
            printed.add(new Printed(opened.ref(), opened.requestId(), output.stdout(), output.stderr()));
            output.flush();
        }
    }

    private TestFunctions() {
    }

    /**
     * Writes files into a new function folder.
     *
     * @param root the parent folder
     * @param name the function's folder name
     * @param files path and content pairs
     * @return the function folder
     */
    static Path folder(Path root, String name, String... files) {
        Path dir = root.resolve(name);
        try {
            for (int i = 0; i < files.length; i += 2) {
                Path f = dir.resolve(files[i]);
                Files.createDirectories(f.getParent());
                Files.writeString(f, files[i + 1]);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FunctionSource source(Path dir, UnaryOperator<FunctionPolicy.Builder> policy, Map<String, String> env) {
        return FunctionSource.builder(dir.getFileName().toString(), "default").runtime(NodeRuntime.ID).directory(dir)
                .entry(dir.resolve("handler.js")).policy(policy.apply(FunctionPolicy.builder()).build()).env(env)
                .revision("test-" + IDS.incrementAndGet()).build();
    }

    static FunctionSource source(Path dir) {
        return source(dir, b -> b, Map.of());
    }

    static FunctionRequest.Builder get(String path) {
        return FunctionRequest.builder("GET", path).id("req-" + IDS.incrementAndGet()).clientIp("127.0.0.1");
    }

    static FunctionResponse call(FunctionVersion v, FunctionRequest r) {
        try {
            return v.invoke(r).toCompletableFuture().get(r.timeoutMs() + 10_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FunctionException fe) {
                throw fe;
            }
            throw new AssertionError("call failed with " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("call did not complete: " + e, e);
        }
    }

    static String text(FunctionVersion v) {
        return call(v, get("/").build()).bodyText();
    }

    /**
     * @param v a version whose handler answers {@code cases[event.query.case]()}
     * @param name the case
     * @return the body the case answered
     */
    static String runCase(FunctionVersion v, String name) {
        return call(v, get("/").query(Map.of("case", List.of(name))).build()).bodyText();
    }

    /** @return the text with single quotes turned into double ones, for JSON written in Java strings */
    static String json(String text) {
        return text.replace('\'', '"');
    }
}
