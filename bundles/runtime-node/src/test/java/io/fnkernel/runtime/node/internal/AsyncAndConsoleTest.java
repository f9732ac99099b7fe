package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.fnkernel.runtime.node.internal.TestFunctions.call;
import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.get;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timers and promises within one call, console capture per call, and the result conversions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncAndConsoleTest {

    private final TestFunctions.Recorder printed = new TestFunctions.Recorder();
    private NodeRuntime runtime;
    private FunctionVersion v;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        runtime = new NodeRuntime(NodeRuntimeConfig.defaults(), printed);
        v = runtime.load(source(folder(root, "async", "handler.js", """
                const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
                const cases = {
                  sleep: async (e) => { await sleep(Number(e.query.ms)); return { slept: Number(e.query.ms) }; },
                  order: async () => {
                    const seen = [];
                    setTimeout(() => seen.push('timeout 200'), 200);
                    setTimeout(() => seen.push('timeout 0'), 0);
                    setImmediate(() => seen.push('immediate'));
                    queueMicrotask(() => seen.push('microtask'));
                    process.nextTick(() => seen.push('tick'));
                    const t = setTimeout(() => seen.push('cleared'), 5);
                    clearTimeout(t);
                    let n = 0;
                    await new Promise((done) => { const i = setInterval(() => { n++; if (n === 3) { clearInterval(i); done(); } }, 2); });
                    seen.push('interval x' + n);
                    await sleep(250);
                    return seen;
                  },
                  timerThrows: () => new Promise(() => setTimeout(() => { throw new Error('late boom'); }, 1)),
                  rejects: async () => { await sleep(1); throw new TypeError('async boom'); },
                  rejectsString: () => Promise.reject('plain reason'),
                  print: (e) => {
                    console.log('out', e.query.n, { a: 1, b: [1, 'two'], c: { d: { e: { f: 1 } } } });
                    console.info('info %s=%d', 'n', 5);
                    console.debug(new Map([['k', 1]]), new Set([1]), null, undefined, 1.5, true);
                    console.warn('warn', e.query.n);
                    console.error(new Error('shown'));
                    return 'printed';
                  },
                  tagged: async (e) => { console.log('call', e.query.n, 'start'); await sleep(20); console.log('call', e.query.n, 'end'); return e.query.n; },
                  bytes: () => new Uint8Array([104, 105]).buffer,
                  view: () => ({ status: 202, headers: { 'Content-Type': 'image/png' }, body: new Uint8Array([1, 2, 3]).subarray(1) }),
                  forgotten: () => { Promise.reject(new Error('nobody waits for me')); return 'answered'; },
                  undef: () => undefined,
                  number: () => 42,
                };
                exports.handler = (e) => cases[e.query.case](e);
                """)));
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    @BeforeEach
    void clear() {
        printed.printed.clear();
    }

    private FunctionResponse run(String which, String... query) {
        Map<String, List<String>> q = new java.util.LinkedHashMap<>();
        q.put("case", List.of(which));
        for (int i = 0; i < query.length; i += 2) {
            q.put(query[i], List.of(query[i + 1]));
        }
        return call(v, get("/async").query(q).build());
    }

    @Test
    void awaitedTimeoutsWork() {
        long t0 = System.nanoTime();
        assertEquals("{\"slept\":200}", run("sleep", "ms", "200").bodyText());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200), "the timer fired early");
    }

    @Test
    void timersIntervalsImmediatesAndMicrotasksRunInOrder() {
        // Immediates run before zero-delay timeouts, as in Node inside an I/O callback.
        assertEquals("[\"microtask\",\"tick\",\"immediate\",\"timeout 0\",\"interval x3\",\"timeout 200\"]", run("order").bodyText());
    }

    @Test
    void errorsInTimersAndRejectionsFailTheCall() {
        FunctionException late = assertThrows(FunctionException.class, () -> run("timerThrows"));
        assertEquals("late boom", late.getMessage());
        assertEquals("async boom", assertThrows(FunctionException.class, () -> run("rejects")).getMessage());
        assertEquals("plain reason", assertThrows(FunctionException.class, () -> run("rejectsString")).getMessage());
    }

    @Test
    void concurrentSlowCallsGetTheirOwnContexts() throws Exception {
        List<CompletableFuture<FunctionResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> run("sleep", "ms", "200"), runnable -> new Thread(runnable).start()));
        }
        for (CompletableFuture<FunctionResponse> c : calls) {
            assertEquals(200, c.get(10, TimeUnit.SECONDS).status());
        }
        assertTrue(((NodeFunctionVersion) v).contexts() > 1, "the pool grew for overlapping calls");
    }

    @Test
    void consoleGoesToStdoutAndStderrFormattedLikeNode() {
        assertEquals("printed", run("print", "n", "1").bodyText());
        assertEquals(1, printed.printed.size());
        TestFunctions.Printed p = printed.printed.get(0);
        assertEquals("out 1 { a: 1, b: [ 1, 'two' ], c: { d: { e: [Object] } } }\ninfo n=5\nMap(1) { 'k' => 1 } Set(1) { 1 } null undefined 1.5 true\n",
                p.stdout());
        assertTrue(p.stderr().startsWith("warn 1\nError: shown\n    at "), p.stderr());
    }

    @Test
    void concurrentCallsKeepTheirOutputApart() throws Exception {
        List<CompletableFuture<FunctionResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String n = Integer.toString(i);
            calls.add(CompletableFuture.supplyAsync(() -> run("tagged", "n", n), runnable -> new Thread(runnable).start()));
        }
        for (CompletableFuture<FunctionResponse> c : calls) {
            c.get(10, TimeUnit.SECONDS);
        }
        assertEquals(4, printed.printed.size());
        for (TestFunctions.Printed p : printed.printed) {
            String n = p.stdout().substring("call ".length(), "call ".length() + 1);
            assertEquals("call " + n + " start\ncall " + n + " end\n", p.stdout());
        }
    }

    @Test
    void unhandledRejectionsAreReportedOnStderr() {
        assertEquals("answered", run("forgotten").bodyText());
        String stderr = printed.printed.stream().map(TestFunctions.Printed::stderr).reduce("", String::concat);
        assertTrue(stderr.contains("nobody waits for me"), "stderr: " + stderr);
    }

    @Test
    void binaryResultsBecomeBytes() {
        FunctionResponse bytes = run("bytes");
        assertArrayEquals(new byte[]{104, 105}, bytes.body());
        assertEquals("application/octet-stream", bytes.header("content-type"));
        FunctionResponse view = run("view");
        assertEquals(202, view.status());
        assertEquals("image/png", view.header("content-type"));
        assertArrayEquals(new byte[]{2, 3}, view.body());
    }

    @Test
    void undefinedIsEmptyAndNumbersAreText() {
        FunctionResponse none = run("undef");
        assertEquals(200, none.status());
        assertEquals(0, none.body().length);
        assertEquals("42", run("number").bodyText());
    }
}
