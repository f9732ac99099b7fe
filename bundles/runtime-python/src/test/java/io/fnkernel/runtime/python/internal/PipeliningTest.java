package io.fnkernel.runtime.python.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionException.Kind;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.fnkernel.runtime.python.internal.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Calls sent to a busy worker ahead of its answer: when that happens, and what becomes of them when things go wrong. */
class PipeliningTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private PythonRuntime runtime;
    private PythonVersion version;

    @AfterEach
    void stop() {
        if (version != null) {
            version.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void policySendsAheadOnlyShortSmallCallsToAFullPool() {
        Pipelining p = new Pipelining(1_000_000);
        assertTrue(p.allows(0, false, 1 << 20), "an idle worker takes any call");
        assertFalse(p.allows(1, true, 100), "nothing is known about the calls yet");
        p.record(200_000);
        assertTrue(p.allows(1, true, 100));
        assertTrue(p.allows(1, true, Pipelining.MAX_FRAME));
        assertFalse(p.allows(1, true, Pipelining.MAX_FRAME + 1), "a frame that might not fit in the pipe");
        assertFalse(p.allows(1, false, 100), "the pool can still start a worker");
        assertFalse(p.allows(Pipelining.DEPTH, true, 100), "one call waits in the pipe at most");
        for (int i = 0; i < 40; i++) {
            p.record(5_000_000);
        }
        assertFalse(p.allows(1, true, 100), "calls now take 5 ms on average");
        Pipelining off = new Pipelining(0);
        off.record(1);
        assertFalse(off.allows(1, true, 100), "0 turns it off");
    }

    @Test
    void aFloodOfShortCallsIsSentAheadAndEveryReplyReachesItsOwnCall() throws Exception {
        load("60000000");
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<FunctionResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String n = Integer.toString(i);
                calls.add(CompletableFuture.supplyAsync(() -> call(version, get("/ahead", "n", n).timeoutMs(20_000).build()), callers));
            }
            Set<Long> pids = new HashSet<>();
            for (int i = 0; i < calls.size(); i++) {
                JsonNode r = JSON.readTree(calls.get(i).get(60, TimeUnit.SECONDS).body());
                assertEquals(Integer.toString(i), r.get("n").asText(), "call " + i + " got another call's reply");
                pids.add(r.get("pid").asLong());
            }
            assertEquals(1, pids.size(), "one worker ran them all: " + pids);
        } finally {
            callers.shutdownNow();
        }
        assertTrue(version.sentAhead() > 0, "no call was sent ahead");
    }

    @Test
    void callsThatTakeLongerThanTheLimitAreNeverSentAhead() throws Exception {
        load("1000");
        List<CompletableFuture<FunctionResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(begin(version, get("/ahead", "ms", "5").timeoutMs(20_000).build()));
        }
        for (CompletableFuture<FunctionResponse> c : calls) {
            assertEquals(200, await(c, 30_000).status());
        }
        assertEquals(0, version.sentAhead());
    }

    @Test
    void aCallThatTimesOutWhileSentAheadNeverRunsAndTheWorkerStays() throws Exception {
        load("60000000");
        long pid = pidOf(call(version, get("/ahead").build()));
        Path marker = work.resolve("ran");
        CompletableFuture<FunctionResponse> first = begin(version, ahead("ms", "400").timeoutMs(10_000).build());
        CompletableFuture<FunctionResponse> slow = begin(version, ahead("ms", "1500").timeoutMs(10_000).build());
        CompletableFuture<FunctionResponse> late = begin(version, ahead("touch", marker.toString()).timeoutMs(900).build());
        assertEquals(pid, pidOf(await(first, 10_000)));
        assertEquals(1, version.sentAhead(), "the last call should have gone ahead behind the slow one");
        assertEquals(Kind.TIMEOUT, kindOf(late));
        assertEquals(pid, pidOf(await(slow, 10_000)), "the call it waited behind was not disturbed");
        assertEquals(pid, pidOf(call(version, get("/ahead").build())), "the same worker goes on");
        assertFalse(Files.exists(marker), "the given-up call ran");
        assertEquals(List.of(pid), version.workerPids());
    }

    @Test
    void callsSentAheadOfACrashOrATimeoutRunOnTheNextWorker() throws Exception {
        load("60000000");
        for (Map.Entry<String, String> fault : List.of(Map.entry("exit", "1"), Map.entry("ms", "3000"))) {
            long pid = pidOf(call(version, get("/ahead").build()));
            CompletableFuture<FunctionResponse> first = begin(version, ahead("ms", "400").timeoutMs(10_000).build());
            CompletableFuture<FunctionResponse> bad = begin(version, ahead(fault.getKey(), fault.getValue()).timeoutMs(1_000).build());
            CompletableFuture<FunctionResponse> behind = begin(version, ahead("n", "behind").timeoutMs(15_000).build());
            long sent = version.sentAhead();
            assertEquals(pid, pidOf(await(first, 10_000)));
            assertEquals(fault.getKey().equals("exit") ? Kind.CRASHED : Kind.TIMEOUT, kindOf(bad));
            FunctionResponse r = await(behind, 20_000);
            assertNotEquals(pid, pidOf(r), "it ran on the worker that " + fault.getKey());
            assertEquals("behind", JSON.readTree(r.body()).get("n").asText());
            assertEquals(sent + 1, version.sentAhead(), "the call behind the fault was sent ahead");
        }
    }

    private void load(String pipelineMaxUs) throws Exception {
        runtime = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.WORKERS, "1", PythonConfig.PIPELINE_MAX_US, pipelineMaxUs)::get), work);
        version = (PythonVersion) runtime.load(source("ahead"));
    }

    private static FunctionRequest.Builder ahead(String key, String value) {
        return get("/ahead", key, value);
    }

    private static long pidOf(FunctionResponse r) throws Exception {
        return JSON.readTree(r.body()).get("pid").asLong();
    }

    private static Kind kindOf(CompletableFuture<FunctionResponse> f) throws Exception {
        try {
            FunctionResponse r = f.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + r.status() + " " + r.bodyText());
        } catch (ExecutionException e) {
            return ((io.fnkernel.api.FunctionException) e.getCause()).kind();
        }
    }
}
