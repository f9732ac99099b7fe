package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * The pool grows for overlapping calls but not past the gate's slots for calls that never sleep, keeps a thread on its
 * context, refuses past its maximum, and shrinks when idle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContextPoolTest {

    private NodeRuntime runtime;
    private Path root;

    @BeforeAll
    void start(@TempDir Path root) {
        this.root = root;
        runtime = new NodeRuntime(NodeRuntimeConfig.from(Map.of("fnk.node.contexts", "1", "fnk.node.contexts.idle.ms", "0")::get));
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private FunctionVersion sleeper(String name, int maxConcurrency) {
        try {
            return runtime.load(source(folder(root, name, "handler.js", """
                    const id = Math.random();
                    exports.handler = async (e) => { await new Promise((r) => setTimeout(r, Number(e.query.ms || 0))); return String(id); };
                    """), b -> b.maxConcurrency(maxConcurrency), Map.of()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> slowCall(FunctionVersion v, int ms) {
        return CompletableFuture.supplyAsync(() -> call(v, get("/").query(Map.of("ms", List.of(Integer.toString(ms)))).build()).bodyText(),
                r -> new Thread(r).start());
    }

    private static void awaitBusy(FunctionVersion v) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (((NodeFunctionVersion) v).busy() == 0 && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void aThreadKeepsItsContext() {
        FunctionVersion v = sleeper("sticky", 4);
        String first = text(v);
        for (int i = 0; i < 20; i++) {
            assertEquals(first, text(v), "the same thread got another context");
        }
    }

    @Test
    void callsBeyondTheMaximumWaitThenAreRefused() throws Exception {
        FunctionVersion v = sleeper("single", 1);
        CompletableFuture<String> busy = slowCall(v, 1500);
        awaitBusy(v);
        FunctionException e = assertThrows(FunctionException.class, () -> call(v, get("/").timeoutMs(200).build()));
        assertEquals(FunctionException.Kind.OVERLOADED, e.kind());
        busy.get(10, TimeUnit.SECONDS);
        assertEquals(1, ((NodeFunctionVersion) v).contexts());
    }

    @Test
    void idleContextsBeyondTheWarmOnesAreRetired() throws Exception {
        FunctionVersion v = sleeper("shrinks", 4);
        // Checked while both calls hold a context: once one ends, its context may be retired at once (idle 0 ms).
        CompletableFuture<String> a = slowCall(v, 1500);
        awaitBusy(v);
        CompletableFuture<String> b = slowCall(v, 300);
        NodeFunctionVersion n = (NodeFunctionVersion) v;
        long opening = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (n.contexts() < 2 && !a.isDone() && System.nanoTime() < opening) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertTrue(n.contexts() >= 2, "overlapping calls opened a second context");
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (n.contexts() > 1 && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertEquals(1, n.contexts(), "idle extra contexts were retired");
        assertTrue(text(v).startsWith("0."), "the warm context still serves");
    }

    @Test
    void synchronousCallsNeverOpenMoreContextsThanCanRun() throws Exception {
        Set<String> contexts = contextsOnTwoSlots("busy", """
                const id = Math.random();
                exports.handler = () => { const t = Date.now(); while (Date.now() - t < 3) {} return String(id); };
                """, 16, 15);
        assertTrue(contexts.size() <= 2, "16 callers of a synchronous handler on 2 slots opened " + contexts.size() + " contexts");
    }

    @Test
    void callsSleepingOnTimersLetThePoolGrowPastTheSlots() throws Exception {
        Set<String> contexts = contextsOnTwoSlots("sleepy", """
                const id = Math.random();
                exports.handler = async () => { await new Promise((r) => setTimeout(r, 300)); return String(id); };
                """, 8, 1);
        assertTrue(contexts.size() > 2, "8 sleeping calls on 2 slots shared " + contexts.size() + " contexts");
    }

    /** Calls a handler that answers its context's id from parallel callers on a runtime with two slots; returns the ids seen. */
    private Set<String> contextsOnTwoSlots(String name, String handler, int callers, int callsEach) throws Exception {
        NodeRuntime two = new NodeRuntime(NodeRuntimeConfig.from(Map.of("fnk.node.contexts", "1", "fnk.node.running", "2")::get));
        try {
            FunctionVersion v = two.load(source(folder(root, name, "handler.js", handler)));
            List<CompletableFuture<Set<String>>> running = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                running.add(CompletableFuture.supplyAsync(() -> {
                    Set<String> seen = new HashSet<>();
                    for (int k = 0; k < callsEach; k++) {
                        seen.add(text(v));
                    }
                    return seen;
                }, r -> new Thread(r).start()));
            }
            Set<String> contexts = new HashSet<>();
            for (CompletableFuture<Set<String>> c : running) {
                contexts.addAll(c.get(60, TimeUnit.SECONDS));
            }
            return contexts;
        } finally {
            two.close();
        }
    }
}
