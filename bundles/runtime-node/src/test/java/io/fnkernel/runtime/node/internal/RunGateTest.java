package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With one slot ({@code fnk.node.running=1}): a busy call keeps others out until their deadline, and
 * they wait in a queue rather than each in a context of its own; a call waiting for a timer does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunGateTest {

    private NodeRuntime runtime;
    private FunctionVersion hello;
    private FunctionVersion busy;
    private FunctionVersion sleeper;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        runtime = new NodeRuntime(NodeRuntimeConfig.from(k -> k.equals("fnk.node.running") ? "1" : null));
        hello = runtime.load(source(folder(root, "hello", "handler.js", "exports.handler = () => 'hi';")));
        busy = runtime.load(source(folder(root, "busy", "handler.js",
                "exports.handler = () => { const end = Date.now() + 1500; while (Date.now() < end) {} return 'done'; };"),
                b -> b.timeoutMs(10_000), Map.of()));
        sleeper = runtime.load(source(folder(root, "sleeper", "handler.js",
                "exports.handler = async () => { await new Promise((r) => setTimeout(r, 3000)); return 'slept'; };"),
                b -> b.timeoutMs(10_000), Map.of()));
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private void awaitGate(int free) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runtime.gate().free() != free) {
            assertTrue(System.nanoTime() < end, "the gate never had " + free + " free slots");
            Thread.sleep(5);
        }
    }

    @Test
    void aCallWaitingForATimerLeavesTheGate() throws Exception {
        CompletableFuture<FunctionResponse> sleeping = CompletableFuture.supplyAsync(() -> call(sleeper, get("/sleeper").timeoutMs(10_000).build()));
        Thread.sleep(200);
        awaitGate(1);
        assertEquals("hi", call(hello, get("/hello").timeoutMs(1000).build()).bodyText());
        assertEquals("slept", sleeping.get(15, TimeUnit.SECONDS).bodyText());
    }

    @Test
    void callsQueuedBehindABusyOneShareTheIdleContextInsteadOfOpeningOneEach() throws Exception {
        call(hello, get("/hello").timeoutMs(1000).build());
        CompletableFuture<FunctionResponse> running = CompletableFuture.supplyAsync(() -> call(busy, get("/busy").timeoutMs(10_000).build()));
        awaitGate(0);
        List<CompletableFuture<FunctionResponse>> queued = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            queued.add(hello.invoke(get("/hello").timeoutMs(10_000).build()).toCompletableFuture());
        }
        assertTrue(queued.stream().noneMatch(CompletableFuture::isDone), "nothing runs while the only slot is taken");
        for (CompletableFuture<FunctionResponse> f : queued) {
            assertEquals("hi", f.get(15, TimeUnit.SECONDS).bodyText());
        }
        assertEquals(1, ((NodeFunctionVersion) hello).contexts(), "the queued calls ran one after another in one context");
        assertEquals("done", running.get(15, TimeUnit.SECONDS).bodyText());
    }

    @Test
    void aBusyCallKeepsOthersOutUntilTheirDeadline() throws Exception {
        CompletableFuture<FunctionResponse> running = CompletableFuture.supplyAsync(() -> call(busy, get("/busy").timeoutMs(10_000).build()));
        awaitGate(0);
        FunctionException e = assertThrows(FunctionException.class, () -> call(hello, get("/hello").timeoutMs(200).build()));
        assertEquals(FunctionException.Kind.TIMEOUT, e.kind());
        assertEquals("done", running.get(15, TimeUnit.SECONDS).bodyText());
        awaitGate(1);
        assertEquals("hi", call(hello, get("/hello").timeoutMs(1000).build()).bodyText());
    }
}
