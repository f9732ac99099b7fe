package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionException.Kind;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.fnkernel.runtime.python.internal.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Workers that die, hang or are cancelled mid-call: the call fails with the right kind and the version keeps serving. */
class WorkerFailureTest {

    @TempDir
    static Path work;
    static PythonRuntime runtime;
    static PythonRuntime single;
    private final List<FunctionVersion> loaded = new ArrayList<>();

    @BeforeAll
    static void start() {
        runtime = new PythonRuntime(PythonConfig.defaults(), work.resolve("a"));
        single = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.WORKERS, "1")::get), work.resolve("b"));
    }

    @AfterAll
    static void stop() {
        runtime.close();
        single.close();
    }

    @org.junit.jupiter.api.AfterEach
    void closeVersions() {
        loaded.forEach(FunctionVersion::close);
    }

    private PythonVersion load(PythonRuntime rt, String name) throws Exception {
        PythonVersion v = (PythonVersion) rt.load(source(name));
        loaded.add(v);
        return v;
    }

    private static long pidOf(FunctionResponse r) {
        return Long.parseLong(r.bodyText().replaceAll("\\D", ""));
    }

    @Test
    void sigkillMidCallIsACrashAndAFreshWorkerServes() throws Exception {
        PythonVersion v = load(runtime, "sleepy");
        long pid = v.workerPids().get(0);
        CompletableFuture<FunctionResponse> running = begin(v, get("/sleepy", "ms", "10000").timeoutMs(30_000).build());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        long t0 = System.nanoTime();
        var e = assertThrows(io.fnkernel.api.FunctionException.class, () -> await(running, 10_000));
        assertEquals(Kind.CRASHED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("SIGKILL"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "crash noticed late");
        long next = pidOf(call(v, get("/sleepy").build()));
        assertNotEquals(pid, next);
        assertFalse(alive(pid));
    }

    @Test
    void handlerCallingOsExitIsACrash() throws Exception {
        PythonVersion v = load(runtime, "crash");
        var e = failure(v, get("/crash", "exit", "1").build(), Kind.CRASHED);
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertEquals(200, call(v, get("/crash").build()).status());
    }

    @Test
    void segfaultIsACrash() throws Exception {
        PythonVersion v = load(runtime, "crash");
        var e = failure(v, get("/crash", "segv", "1").build(), Kind.CRASHED);
        assertTrue(e.getMessage().contains("SIGSEGV"), e.getMessage());
        assertEquals(200, call(v, get("/crash").build()).status());
    }

    @Test
    void crashLoopBacksOffButKeepsAnswering() throws Exception {
        PythonVersion v = load(runtime, "crash");
        for (int i = 0; i < 5; i++) {
            failure(v, get("/crash", "exit", "1").timeoutMs(10_000).build(), Kind.CRASHED);
        }
        assertEquals(200, call(v, get("/crash").timeoutMs(10_000).build()).status());
    }

    @Test
    void timeoutAnswersOnTimeAndKillsTheWorkerWithWhatItStarted() throws Exception {
        PythonVersion v = load(runtime, "spawner");
        long pid = v.workerPids().get(0);
        Path pidFile = work.resolve("child.pid");
        long t0 = System.nanoTime();
        failure(v, get("/spawner", "pidfile", pidFile.toString()).timeoutMs(700).build(), Kind.TIMEOUT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 650 && ms < 2_000, "answered after " + ms + " ms");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        waitDead(List.of(pid, child), 5_000);
        assertEquals("ok", call(v, get("/spawner").build()).bodyText());
    }

    @Test
    void queuedCallTimesOutWithoutKillingTheBusyWorker() throws Exception {
        PythonVersion v = load(single, "sleepy");
        long pid = v.workerPids().get(0);
        CompletableFuture<FunctionResponse> slow = begin(v, get("/sleepy", "ms", "1500").timeoutMs(10_000).build());
        failure(v, get("/sleepy").timeoutMs(300).build(), Kind.TIMEOUT);
        assertEquals(pid, pidOf(await(slow, 10_000)));
        assertEquals(List.of(pid), v.workerPids());
    }

    @Test
    void cancellingARunningCallReplacesItsWorker() throws Exception {
        PythonVersion v = load(single, "sleepy");
        long pid = v.workerPids().get(0);
        CompletableFuture<FunctionResponse> f = begin(v, get("/sleepy", "ms", "30000").timeoutMs(60_000).build());
        assertTrue(f.cancel(true));
        waitDead(List.of(pid), 5_000);
        assertNotEquals(pid, pidOf(call(v, get("/sleepy").build())));
    }
}
