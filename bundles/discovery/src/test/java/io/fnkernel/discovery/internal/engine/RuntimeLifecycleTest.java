package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.dto.PlatformDTO;

import io.fnkernel.api.dto.ConflictDTO;
import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.dto.VersionDTO;
import io.fnkernel.discovery.internal.fakes.FakeRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.fnkernel.discovery.internal.engine.SwapEngineTest.version;
import static io.fnkernel.discovery.internal.scan.Files2.handler;
import static io.fnkernel.discovery.internal.scan.Files2.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runtimes coming, going and being replaced; conflicts; ordering and parallelism of loads. */
class RuntimeLifecycleTest {

    @TempDir
    Path root;

    EngineHarness h;

    @BeforeEach
    void start() {
        h = new EngineHarness(root);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void missingRuntimeIsAFailureUntilTheRuntimeAppears() throws Exception {
        handler(root, "py/handler.py");
        h.sync();
        FailureDTO f = h.engine.snapshot().failures.get(0);
        assertEquals("no-runtime", f.kind);
        assertEquals("no runtime for .py: is the runtime-python bundle active?", f.message);
        assertEquals("py/handler.py", f.file);
        assertEquals(VersionDTO.STATE_FAILED, version(h.engine.snapshot(), "py", "default").state);
        h.runtime("python", ".py", 0, new FakeRuntime("python"));
        h.sync();
        assertEquals(List.of("py@default"), h.registrar.refs());
        assertTrue(h.engine.snapshot().failures.isEmpty());
        assertEquals("python", h.engine.snapshot().runtimes.get(0).id);
    }

    @Test
    void departingRuntimeUnregistersWithoutClosingAndComesBack() throws Exception {
        FakeRuntime node = new FakeRuntime("node");
        RuntimeHandle rt = h.runtime("node", ".js", 0, node);
        handler(root, "a/handler.js");
        handler(root, "b/handler.py");
        h.runtime("python", ".py", 0, new FakeRuntime("python"));
        h.sync();
        h.engine.runtimeRemoved(rt.serviceId());
        assertEquals(List.of("b@default"), h.registrar.refs());
        assertFalse(node.versions.get(0).isClosed());
        assertEquals(VersionDTO.STATE_PENDING, version(h.engine.snapshot(), "a", "default").state);
        h.sync();
        assertEquals(VersionDTO.STATE_PENDING, version(h.engine.snapshot(), "a", "default").state);
        assertEquals("no-runtime", h.engine.snapshot().failures.get(0).kind);
        FakeRuntime node2 = new FakeRuntime("node");
        h.runtime("node", ".js", 0, node2);
        h.sync();
        assertEquals(List.of("a@default", "b@default"), h.registrar.refs());
        assertEquals(1, node2.loads.size());
    }

    @Test
    void replacementRuntimeTakesOverMakeBeforeBreak() throws Exception {
        FakeRuntime old = new FakeRuntime("node");
        h.runtime("node", ".js", 0, old);
        handler(root, "a/handler.js");
        h.sync();
        FakeRuntime newer = new FakeRuntime("node");
        RuntimeHandle nh = h.runtime("node", ".js", 0, newer);
        h.sync();
        assertEquals(1, newer.loads.size());
        assertEquals("node", ((FakeRuntime.Version) h.registrar.only("a@default").version()).runtimeId);
        assertTrue(h.registrar.only("a@default").version() == newer.versions.get(0));
        assertTrue(old.versions.get(0).awaitClosed(), "the old runtime is still there, so its version is closed");
        List<String> ev = h.registrar.events;
        assertEquals(3, ev.size());
        assertTrue(ev.get(1).startsWith("+") && ev.get(2).startsWith("-"), ev.toString());
        FakeRuntime ranked = new FakeRuntime("node");
        h.runtime("node", ".js", -5, ranked);
        h.sync();
        assertEquals(0, ranked.loads.size(), "a lower ranking does not win even when newer");
        h.engine.runtimeRemoved(nh.serviceId());
        assertTrue(h.registrar.active().isEmpty());
        h.sync();
        assertEquals(2, old.loads.size(), "falls back to the remaining preferred runtime");
        assertTrue(h.registrar.only("a@default").version() == old.versions.get(1));
    }

    @Test
    void conflictingSourcesStayRegisteredAndTheConflictIsPublished() throws Exception {
        h.runtime("node", ".js", 0, new FakeRuntime("node"));
        h.runtime("python", ".py", 0, new FakeRuntime("python"));
        handler(root, "hello/handler.js");
        handler(root, "hello/handler.py");
        handler(root, "get.conflict.js");
        handler(root, "get.conflict.py");
        handler(root, "fine/handler.js");
        h.sync();
        assertEquals(5, h.registrar.active().size());
        PlatformDTO s = h.engine.snapshot();
        List<String> conflicts = new ArrayList<>();
        for (ConflictDTO c : s.conflicts) {
            conflicts.add(c.route + " " + c.sources);
        }
        assertEquals(List.of("GET /conflict [get.conflict.js, get.conflict.py]",
                "GET /hello [hello/handler.js, hello/handler.py]"), conflicts.stream().sorted().toList());
        assertEquals(2, s.failures.stream().filter(f -> f.kind.equals("conflict")).count());
        assertTrue(s.failures.stream().anyMatch(f -> f.message.equals(
                "GET /hello is claimed by hello/handler.js and hello/handler.py; it answers 409 until only one claims it")));
        java.nio.file.Files.delete(root.resolve("hello/handler.py"));
        h.sync();
        assertEquals(1, h.engine.snapshot().conflicts.size());
    }

    @Test
    void aClaimantThatDoesNotServeIsNoConflict() throws Exception {
        h.runtime("node", ".js", 0, new FakeRuntime("node"));
        handler(root, "get.conflict.js");
        write(root, "get.conflict.py", "# no python runtime");
        write(root, "get.other.js", "// fine");
        write(root, "other/handler.js", "SYNTAX ERROR at 1:1");
        h.sync();
        PlatformDTO s = h.engine.snapshot();
        assertTrue(s.conflicts.isEmpty(), s.conflicts.toString());
        assertEquals(List.of("load", "no-runtime"), s.failures.stream().map(f -> f.kind).sorted().toList());
        h.runtime("python", ".py", 0, new FakeRuntime("python"));
        h.sync();
        assertEquals(1, h.engine.snapshot().conflicts.size());
    }

    @Test
    void versionsClaimedTwiceAreAConflictToo() throws Exception {
        h.runtime("node", ".js", 0, new FakeRuntime("node"));
        h.runtime("python", ".py", 0, new FakeRuntime("python"));
        handler(root, "hello/handler.js");
        handler(root, "hello/v2/handler.js");
        handler(root, "hello/v2/handler.py");
        h.sync();
        ConflictDTO c = h.engine.snapshot().conflicts.get(0);
        assertEquals("/hello@v2", c.route);
        assertEquals(List.of("hello/v2/handler.js", "hello/v2/handler.py"), c.sources);
    }

    @Test
    void independentFunctionsLoadInParallel() throws Exception {
        FakeRuntime node = new FakeRuntime("node");
        h.runtime("node", ".js", 0, node);
        handler(root, "a/handler.js");
        handler(root, "b/handler.js");
        CountDownLatch both = new CountDownLatch(2);
        node.beforeLoad = s -> {
            both.countDown();
            try {
                if (!both.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("loads did not overlap");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        h.sync();
        assertEquals(List.of("a@default", "b@default"), h.registrar.refs());
    }

    @Test
    void swapsOfOneFunctionHappenInOrderAndEndOnTheLatest() throws Exception {
        FakeRuntime node = new FakeRuntime("node");
        h.runtime("node", ".js", 0, node);
        handler(root, "a/handler.js");
        h.sync();
        node.beforeLoad = s -> sleepQuietly(20);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            write(root, "a/handler.js", "// edit " + i);
            all.add(h.engine.apply(new io.fnkernel.discovery.internal.scan.Scanner(root, h.runtimes.extensions(),
                    h.hasher).scan(), false));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        String last = ((FakeRuntime.Version) h.registrar.only("a@default").version()).code;
        assertEquals("// edit 7", last);
        List<String> ev = h.registrar.events;
        String previous = ev.get(0);
        for (int i = 1; i < ev.size(); i += 2) {
            assertTrue(ev.get(i).startsWith("+"), ev.toString());
            assertEquals("-" + previous.substring(1), ev.get(i + 1), "each swap retires the previous one: " + ev);
            previous = ev.get(i);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
