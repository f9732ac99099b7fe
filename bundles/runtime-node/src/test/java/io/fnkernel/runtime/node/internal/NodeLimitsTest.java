package io.fnkernel.runtime.node.internal;

import io.fnkernel.runtime.support.testing.LogCapture;
import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.fnkernel.runtime.node.internal.TestFunctions.call;
import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.get;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static io.fnkernel.runtime.node.internal.TestFunctions.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runaway handlers (time, stack, memory, output) fail alone and leave the runtime serving. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLimitsTest {

    private final NodeRuntimeConfig config = NodeRuntimeConfig.from(Map.of("fnk.node.call.alloc.mb", "64",
            "fnk.node.load.timeout.ms", "3000", "fnk.node.output.limit", "2048")::get);
    private NodeRuntime runtime;
    private FunctionVersion runaway;
    private FunctionVersion neighbour;
    private Path root;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        this.root = root;
        runtime = new NodeRuntime(config);
        runaway = runtime.load(source(folder(root, "runaway", "handler.js", """
                const cases = {
                  loop: () => { for (;;) { /* spin */ } },
                  interval: () => new Promise(() => setInterval(() => {}, 5)),
                  loopInTimer: () => new Promise(() => setTimeout(() => { for (;;) { /* spin */ } }, 1)),
                  pending: () => new Promise(() => {}),
                  recurse: () => { const f = (n) => f(n + 1) + 1; return f(0); },
                  hog: () => { const keep = []; for (;;) { keep.push(new Array(100000).fill(1.5)); } },
                  flood: () => { for (let i = 0; i < 5000; i++) { console.log('x'.repeat(100)); } return 'flooded'; },
                  ok: () => 'ok',
                };
                exports.handler = async (event) => cases[event.query.case]();
                """), b -> b.timeoutMs(700), Map.of()));
        neighbour = runtime.load(source(folder(root, "neighbour", "handler.js", "exports.handler = () => 'still here';")));
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private FunctionResponse run(String which) {
        return run(which, 700);
    }

    private FunctionResponse run(String which, int timeoutMs) {
        return call(runaway, get("/runaway").query(Map.of("case", List.of(which))).timeoutMs(timeoutMs).build());
    }

    private FunctionException fails(String which) {
        return fails(which, 700);
    }

    private FunctionException fails(String which, int timeoutMs) {
        FunctionException e = assertThrows(FunctionException.class, () -> run(which, timeoutMs));
        assertEquals("ok", run("ok").bodyText(), "the version serves again after " + which);
        assertEquals("still here", text(neighbour));
        return e;
    }

    @Test
    void endlessLoopTimesOutOnTime() {
        long t0 = System.nanoTime();
        FunctionException e = assertThrows(FunctionException.class, () -> run("loop"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(FunctionException.Kind.TIMEOUT, e.kind());
        assertTrue(ms < 700 + 1500, "answered after " + ms + " ms");
        assertEquals("ok", run("ok").bodyText());
    }

    @Test
    void timersThatNeverResolveTimeOut() {
        assertEquals(FunctionException.Kind.TIMEOUT, fails("interval").kind());
        assertEquals(FunctionException.Kind.TIMEOUT, fails("loopInTimer").kind());
    }

    @Test
    void promiseWithNothingLeftToWaitForFailsAtOnce() {
        FunctionException e = fails("pending");
        assertEquals(FunctionException.Kind.HANDLER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("never settled"), e.getMessage());
    }

    @Test
    void stackOverflowFailsAlone() {
        FunctionException e = fails("recurse");
        assertEquals(FunctionException.Kind.HANDLER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("Maximum call stack size exceeded"), e.getMessage());
    }

    @Test
    void memoryHogIsStoppedAlone() {
        // A deadline far past what allocating 64 MB takes even interpreted on a busy machine, so only
        // the allocation budget can stop this call.
        FunctionException e = fails("hog", 30_000);
        assertEquals(FunctionException.Kind.HANDLER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("allocated more than 64 MB"), e.getMessage());
    }

    @Test
    void outputFloodIsCappedAtTheConfiguredLimit() {
        try (LogCapture log = new LogCapture("fn")) {
            FunctionRequest r = get("/runaway").query(Map.of("case", List.of("flood"))).timeoutMs(10_000).build();
            assertEquals("flooded", call(runaway, r).bodyText());
            List<String> lines = log.lines();
            int kept = lines.stream().filter(l -> l.contains(" x")).mapToInt(l -> l.length() - l.indexOf("] ") - 2 - (r.id().length() + 3) + 1).sum();
            int limit = config.outputLimitBytes();
            assertTrue(kept >= limit && kept - 1 <= limit, "kept " + kept + " bytes for a limit of " + limit);
            assertTrue(lines.get(lines.size() - 1).contains("more bytes of output dropped (limit " + limit + " per call)"), lines.get(lines.size() - 1));
        }
    }

    @Test
    void endlessLoopAtTheTopLevelIsALoadError() {
        FunctionLoadException e = assertThrows(FunctionLoadException.class,
                () -> runtime.load(source(folder(root, "stuck", "handler.js", "for (;;) {}\nexports.handler = () => 1;"))));
        assertTrue(e.getMessage().contains("did not finish loading within 3000 ms"), e.describe());
        assertTrue(e.file().endsWith("handler.js"), e.describe());
    }

    @Test
    void closeLetsTheCallInFlightFinishAndRefusesLaterOnes() throws Exception {
        FunctionVersion v = runtime.load(source(folder(root, "closing", "handler.js",
                "exports.handler = async () => { await new Promise((r) => setTimeout(r, 300)); return 'finished'; };")));
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> text(v));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (((NodeFunctionVersion) v).busy() == 0 && !inFlight.isDone() && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        v.close();
        assertEquals("finished", inFlight.get(5, TimeUnit.SECONDS));
        FunctionException e = assertThrows(FunctionException.class, () -> text(v));
        assertEquals(FunctionException.Kind.CLOSED, e.kind());
    }
}
