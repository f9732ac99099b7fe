package io.fnkernel.runtime.python.internal;

import io.fnkernel.runtime.support.testing.LogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionException.Kind;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.fnkernel.runtime.python.internal.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Many calls at once, large bodies both ways, floods of output and stray writes to fd 1: everything answers. */
class WorkerFloodTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static PythonRuntime runtime;
    private final List<FunctionVersion> loaded = new ArrayList<>();

    @BeforeAll
    static void start() {
        runtime = new PythonRuntime(PythonConfig.defaults(), work);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @AfterEach
    void closeVersions() {
        loaded.forEach(FunctionVersion::close);
    }

    private PythonVersion load(PythonRuntime rt, String name) throws Exception {
        PythonVersion v = (PythonVersion) rt.load(source(name));
        loaded.add(v);
        return v;
    }

    @Test
    void floodOfConcurrentCallsIsAllAnsweredByAtMostTheMaximumOfWorkers() throws Exception {
        PythonVersion v = load(runtime, "sleepy");
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<FunctionResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> call(v, get("/sleepy").timeoutMs(20_000).build()), callers));
            }
            Set<Long> pids = new HashSet<>();
            for (CompletableFuture<FunctionResponse> c : calls) {
                FunctionResponse r = c.get(60, TimeUnit.SECONDS);
                assertEquals(200, r.status());
                pids.add(JSON.readTree(r.body()).get("pid").asLong());
            }
            assertTrue(pids.size() >= 1 && pids.size() <= 2, "pids " + pids);
            assertTrue(v.workerPids().size() <= 2, "workers " + v.workerPids());
        } finally {
            callers.shutdownNow();
        }
        assertEquals(200, call(v, get("/sleepy").build()).status());
    }

    @Test
    void poolGrowsToTheMaximumWhenCallsQueue() throws Exception {
        PythonVersion v = load(runtime, "sleepy");
        assertEquals(1, v.workerPids().size(), "one warm worker after load");
        List<CompletableFuture<FunctionResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(begin(v, get("/sleepy", "ms", "300").timeoutMs(20_000).build()));
        }
        Set<Long> pids = new HashSet<>();
        for (CompletableFuture<FunctionResponse> c : calls) {
            pids.add(JSON.readTree(await(c, 30_000).body()).get("pid").asLong());
        }
        assertEquals(2, pids.size(), "calls ran on " + pids);
    }

    @Test
    void largeBinaryBodiesTravelIntactBothWays() throws Exception {
        PythonVersion v = load(runtime, "big");
        byte[] body = new byte[8 * 1024 * 1024];
        new Random(42).nextBytes(body);
        FunctionResponse echoed = call(v, TestSupport.get("/big").body(body).timeoutMs(30_000).build());
        assertArrayEquals(body, echoed.body());
        // 12 MiB: base64 of more than ~15 MB trips Jackson's default 20M-char string limit in ResponseRule.
        FunctionResponse made = call(v, get("/big", "n", Integer.toString(12 * 1024 * 1024)).timeoutMs(30_000).build());
        assertEquals(12 * 1024 * 1024, made.body().length);
        assertEquals((byte) (12345 % 251), made.body()[12345]);
        FunctionResponse text = call(v, get("/big").query(Map.of("n", List.of("5000000"), "text", List.of("1"))).timeoutMs(30_000).build());
        assertEquals(5_000_000, text.bodyText().length());
    }

    @Test
    void responseOverTheFrameLimitIsABadResponseAndTheWorkerLives() throws Exception {
        PythonRuntime small = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.MAX_FRAME_BYTES, "1048576")::get), work.resolve("small"));
        try {
            PythonVersion v = load(small, "big");
            long pid = v.workerPids().get(0);
            var e = failure(v, get("/big", "n", "2000000").build(), Kind.BAD_RESPONSE);
            assertTrue(e.getMessage().contains("too large"), e.getMessage());
            assertEquals(200, call(v, get("/big", "n", "10").build()).status());
            assertEquals(List.of(pid), v.workerPids());
        } finally {
            small.close();
        }
    }

    @Test
    void hugeOutputIsCappedAndLoggedWhileStrayFd1WritesNeverReachTheProtocol() throws Exception {
        try (LogCapture log = new LogCapture("fn")) {
            PythonVersion v = load(runtime, "noisy");
            for (int i = 0; i < 30; i++) {
                JsonNode r = JSON.readTree(call(v, get("/noisy", "n", Integer.toString(i)).build()).body());
                assertEquals(Integer.toString(i), r.get("n").asText());
                assertEquals("", r.get("stdin").asText(), "stdin must be empty, not the protocol");
            }
            FunctionResponse huge = call(v, get("/noisy").query(Map.of("n", List.of("h"), "huge", List.of(Integer.toString(10 << 20))))
                    .timeoutMs(30_000).build());
            assertEquals("h", JSON.readTree(huge.body()).get("n").asText());
            // Frame-shaped bytes from os.write(1), C stdio and sys.__stdout__ all end up as worker lines in the log.
            waitFor("fd-level lines in the log", 5_000, () -> log.has("[fn:noisy@default worker] \\x00\\x00\\x00\\x02{}")
                    && log.has("[fn:noisy@default worker]", "c-level 42") && log.has("[fn:noisy@default worker]", "original stdout"));
            assertTrue(log.has("INFO [fn:noisy@default stdout] imported noisy (load)"), String.join("\n", log.lines()));
            assertTrue(log.has("INFO [fn:noisy@default stdout] hello from 7 (req-"));
            assertTrue(log.has("WARN [fn:noisy@default stderr] careful (req-"));
            assertTrue(log.has("more bytes of output dropped"));
            long huger = log.lines().stream().filter(l -> l.contains("xxxxxxxxxx")).count();
            assertTrue(huger > 0 && huger <= 64, "kept " + huger + " lines of the flood");
        }
    }

    @Test
    void bodyTextWithMultibyteCharactersSurvives() throws Exception {
        PythonVersion v = load(runtime, "big");
        String text = "héllo ✓ 𝄞".repeat(1000);
        FunctionResponse r = call(v, get("/big").body(text.getBytes(StandardCharsets.UTF_8)).build());
        assertEquals(text, r.bodyText());
    }
}
