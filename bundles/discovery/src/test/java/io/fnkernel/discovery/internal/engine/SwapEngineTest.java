package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.dto.PlatformDTO;

import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.dto.FunctionDTO;
import io.fnkernel.api.dto.VersionDTO;
import io.fnkernel.discovery.internal.fakes.FakeRegistrar;
import io.fnkernel.discovery.internal.fakes.FakeRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fnkernel.discovery.internal.scan.Scanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.fnkernel.discovery.internal.scan.Files2.handler;
import static io.fnkernel.discovery.internal.scan.Files2.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Make-before-break swaps, failures that keep the old version, deletes and snapshots, without OSGi. */
class SwapEngineTest {

    @TempDir
    Path root;

    EngineHarness h;
    FakeRuntime node = new FakeRuntime("node");

    @BeforeEach
    void start() {
        h = new EngineHarness(root);
        h.runtime("node", ".js", 0, node);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static VersionDTO version(PlatformDTO s, String name, String version) {
        return s.functions.stream().filter(f -> f.name.equals(name)).flatMap(f -> f.versions.stream())
                .filter(v -> v.version.equals(version)).findFirst()
                .orElseThrow(() -> new AssertionError(name + "@" + version + " not in snapshot"));
    }

    @Test
    void registersEveryVersionWithItsServiceProperties() throws Exception {
        handler(root, "hello/handler.js");
        handler(root, "hello/v2/handler.js");
        handler(root, "users/[id].js");
        h.sync();
        assertEquals(List.of("hello@default", "hello@v2", "users/[id].js@default"), h.registrar.refs());
        FakeRegistrar.Entry e = h.registrar.only("users/[id].js@default");
        assertEquals("node", e.properties().get(FunctionVersion.PROP_RUNTIME));
        assertArrayEquals(new String[] {"GET /users/:id"}, (String[]) e.properties().get(FunctionVersion.PROP_ROUTES));
        assertEquals(root.resolve("users/[id].js").toString(), e.properties().get(FunctionVersion.PROP_ENTRY));
        assertEquals(e.version().source().revision(), e.properties().get(FunctionVersion.PROP_REVISION));
        assertArrayEquals(new String[0], (String[]) h.registrar.only("hello@v2").properties().get(FunctionVersion.PROP_ROUTES));
        PlatformDTO s = h.engine.snapshot();
        assertEquals(VersionDTO.STATE_ACTIVE, version(s, "hello", "v2").state);
        assertEquals("hello/v2/handler.js", version(s, "hello", "v2").entry);
        assertTrue(s.functions.stream().filter(f -> f.name.equals("hello")).allMatch(f -> f.hasDefault));
    }

    @Test
    void editRegistersTheNewRevisionBeforeRetiringTheOld() throws Exception {
        handler(root, "hello/handler.js");
        h.sync();
        FakeRuntime.Version old = (FakeRuntime.Version) h.registrar.only("hello@default").version();
        write(root, "hello/handler.js", "// edited");
        h.sync();
        FakeRegistrar.Entry now = h.registrar.only("hello@default");
        assertNotEquals(old.source.revision(), now.revision());
        assertEquals(List.of("+hello@default#" + old.source.revision(), "+hello@default#" + now.revision(),
                "-hello@default#" + old.source.revision()), h.registrar.events);
        assertTrue(old.awaitClosed());
        assertTrue(old.closedOnThread.startsWith("close-"), old.closedOnThread);
        assertFalse(((FakeRuntime.Version) now.version()).isClosed());
    }

    @Test
    void unchangedRescanLoadsNothing() throws Exception {
        handler(root, "a/handler.js");
        h.sync();
        long count = h.engine.changeCount();
        h.sync();
        h.sync();
        assertEquals(1, node.loads.size());
        assertEquals(count, h.engine.changeCount());
    }

    @Test
    void failedLoadKeepsTheOldVersionAndIsPublishedOnce() throws Exception {
        handler(root, "hello/handler.js");
        h.sync();
        String good = h.registrar.only("hello@default").revision();
        write(root, "hello/handler.js", "line1\nSYNTAX ERROR at 2:7\n");
        h.sync();
        assertEquals(good, h.registrar.only("hello@default").revision());
        PlatformDTO s = h.engine.snapshot();
        FailureDTO f = s.failures.get(0);
        assertEquals(List.of("load", "hello", "default", "hello/handler.js", 2, 7, "Unexpected token"),
                List.of(f.kind, f.name, f.version, f.file, f.line, f.column, f.message));
        assertEquals(VersionDTO.STATE_ACTIVE, version(s, "hello", "default").state);
        assertEquals(good, version(s, "hello", "default").revision);
        String bad = node.loads.get(node.loads.size() - 1).revision();
        h.sync();
        assertEquals(1, node.loadsOf(bad), "a failed revision is not retried on rescan");
        assertEquals(f.since, h.engine.snapshot().failures.get(0).since);
        h.reload();
        assertEquals(2, node.loadsOf(bad), "a forced reload retries it");
        write(root, "hello/handler.js", "// fixed");
        h.sync();
        assertNotEquals(good, h.registrar.only("hello@default").revision());
        assertTrue(h.engine.snapshot().failures.isEmpty());
    }

    @Test
    void newFunctionThatFailsIsPublishedAsFailed() throws Exception {
        write(root, "broken/handler.js", "SYNTAX ERROR at 1:1");
        h.sync();
        assertTrue(h.registrar.active().isEmpty());
        assertEquals(VersionDTO.STATE_FAILED, version(h.engine.snapshot(), "broken", "default").state);
        assertFalse(h.engine.snapshot().functions.get(0).hasDefault);
    }

    @Test
    void deleteUnregistersAndCloses() throws Exception {
        handler(root, "a/handler.js");
        handler(root, "b/handler.js");
        h.sync();
        FakeRuntime.Version a = (FakeRuntime.Version) h.registrar.only("a@default").version();
        Files.delete(root.resolve("a/handler.js"));
        h.sync();
        assertEquals(List.of("b@default"), h.registrar.refs());
        assertTrue(a.awaitClosed());
        assertEquals(List.of("b"), h.engine.snapshot().functions.stream().map(f -> f.name).toList());
    }

    @Test
    void aDeletedVersionIsStillShownWhileItsServiceIsBeingUnregistered() throws Exception {
        handler(root, "a/handler.js");
        handler(root, "b/handler.js");
        h.sync();
        List<List<String>> shown = new CopyOnWriteArrayList<>();
        h.registrar.onUnregister = e -> shown.add(h.engine.snapshot().functions.stream().map(f -> f.name).toList());
        Files.delete(root.resolve("a/handler.js"));
        h.sync();
        assertEquals(List.of(List.of("a", "b")), shown);
        assertEquals(List.of("b"), h.engine.snapshot().functions.stream().map(f -> f.name).toList());
    }

    @Test
    void aSourceRestoredWhileItsOldVersionIsRetiredLoadsAgain() throws Exception {
        handler(root, "a/handler.js");
        h.sync();
        h.registrar.onUnregister = e -> {
            h.registrar.onUnregister = x -> { };
            handler(root, "a/handler.js"); // the same file again: the slot being retired wants it back
            h.engine.apply(new Scanner(root, h.runtimes.extensions(), h.hasher).scan(), false); // not awaited: this lane is busy
        };
        Files.delete(root.resolve("a/handler.js"));
        h.sync();
        assertEquals(List.of("a@default"), h.registrar.refs());
        assertEquals(List.of("a"), h.engine.snapshot().functions.stream().map(f -> f.name).toList());
    }

    @Test
    void changingTheEntryFileSwapsWithinTheFunction() throws Exception {
        handler(root, "svc/handler.js");
        h.sync();
        Files.move(root.resolve("svc/handler.js"), root.resolve("svc/index.js"));
        h.sync();
        FakeRegistrar.Entry e = h.registrar.only("svc@default");
        assertTrue(e.version().source().entry().endsWith("svc/index.js"));
        assertTrue(h.registrar.events.get(1).startsWith("+svc@default"), h.registrar.events.toString());
        assertTrue(h.registrar.events.get(2).startsWith("-svc@default"), h.registrar.events.toString());
    }

    @Test
    void renamedEntryThatFailsToLoadLeavesTheOldOneServing() throws Exception {
        handler(root, "svc/handler.js");
        h.sync();
        String good = h.registrar.only("svc@default").revision();
        Files.move(root.resolve("svc/handler.js"), root.resolve("svc/index.js"));
        write(root, "svc/index.js", "SYNTAX ERROR at 1:3");
        h.sync();
        assertEquals(good, h.registrar.only("svc@default").revision(), h.registrar.events.toString());
        assertEquals("svc/index.js", h.engine.snapshot().failures.get(0).file);
        h.sync();
        assertEquals(good, h.registrar.only("svc@default").revision(), "a rescan does not retire it either");
        write(root, "svc/index.js", "// fixed");
        h.sync();
        assertTrue(h.registrar.only("svc@default").version().source().entry().endsWith("svc/index.js"));
        assertTrue(h.engine.snapshot().failures.isEmpty());
    }

    @Test
    void aRenamedEntryIsNeverPublishedAsAConflictWithItself() throws Exception {
        handler(root, "svc/handler.js");
        h.sync();
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        h.registrar.onUnregister = e -> seen.add(h.engine.snapshot().conflicts.size());
        Files.move(root.resolve("svc/handler.js"), root.resolve("svc/index.js"));
        h.sync();
        assertEquals(List.of(0), seen, "conflicts published while the old entry was being retired");
        assertTrue(h.engine.snapshot().failures.isEmpty());
    }

    @Test
    void entryMovedToARuntimeThatIsMissingLeavesTheOldOneServing() throws Exception {
        handler(root, "svc/handler.js");
        h.sync();
        Files.move(root.resolve("svc/handler.js"), root.resolve("svc/handler.py"));
        h.sync();
        assertTrue(h.registrar.only("svc@default").version().source().entry().endsWith("svc/handler.js"));
        FakeRuntime python = new FakeRuntime("python");
        h.runtime("python", ".py", 0, python);
        h.sync();
        assertTrue(h.registrar.only("svc@default").version().source().entry().endsWith("svc/handler.py"));
    }

    @Test
    void brokenConfigKeepsTheOldVersionServing() throws Exception {
        handler(root, "hello/handler.js");
        handler(root, "other/handler.js");
        h.sync();
        String rev = h.registrar.only("hello@default").revision();
        write(root, "hello/fn.config.json", "{\"timeout_ms\": }");
        write(root, "other/handler.js", "// other changed");
        h.sync();
        assertEquals(rev, h.registrar.only("hello@default").revision());
        FailureDTO f = h.engine.snapshot().failures.get(0);
        assertEquals(List.of("config", "hello", "hello/fn.config.json", 1), List.of(f.kind, f.name, f.file, f.line));
        assertEquals(2, node.loads.stream().filter(s -> s.name().equals("other")).count());
    }

    @Test
    void snapshotPublishesPolicyAndEnvNamesButNoValues() throws Exception {
        handler(root, "e/handler.js");
        write(root, "e/fn.env.json", "{\"TOKEN\": {\"value\": \"s3cret\", \"is_secret\": true}, \"MODE\": \"x\"}");
        write(root, "e/fn.config.json", "{\"timeout_ms\": 1500, \"invoke\": {\"methods\": [\"POST\"]}}");
        h.sync();
        VersionDTO v = version(h.engine.snapshot(), "e", "default");
        assertEquals(List.of("TOKEN", "MODE"), v.envKeys);
        assertEquals(1500, v.policy.timeoutMs);
        assertEquals(List.of("POST /e"), v.routes);
        assertFalse(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(h.engine.snapshot()).contains("s3cret"));
    }

    @Test
    void missingRootKeepsTheRoutesAndRecovers() throws Exception {
        Path fns = Files.createDirectories(root.resolve("fns"));
        EngineHarness hh = new EngineHarness(fns);
        try {
            hh.runtime("node", ".js", 0, node);
            handler(fns, "hello/handler.js");
            hh.sync();
            Files.move(fns, root.resolve("moved"));
            hh.sync();
            assertEquals(List.of("hello@default"), hh.registrar.refs());
            PlatformDTO s = hh.engine.snapshot();
            assertFalse(s.functionsRootPresent);
            assertEquals("scan", s.failures.get(0).kind);
            assertEquals(VersionDTO.STATE_ACTIVE, version(s, "hello", "default").state);
            Files.move(root.resolve("moved"), fns);
            hh.sync();
            assertTrue(hh.engine.snapshot().functionsRootPresent);
            assertTrue(hh.engine.snapshot().failures.isEmpty());
            assertEquals(1, hh.registrar.events.size());
        } finally {
            hh.close();
        }
    }

    @Test
    void functionsWithoutDefaultAreListedWithTheirVersions() throws Exception {
        handler(root, "hello/v2/handler.js");
        h.sync();
        FunctionDTO fn = h.engine.snapshot().functions.get(0);
        assertEquals("hello", fn.name);
        assertFalse(fn.hasDefault);
        assertEquals(List.of("v2"), fn.versions.stream().map(v -> v.version).toList());
    }
}
