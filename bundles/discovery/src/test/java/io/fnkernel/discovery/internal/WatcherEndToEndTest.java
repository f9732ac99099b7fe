package io.fnkernel.discovery.internal;

import io.fnkernel.api.dto.PlatformDTO;
import io.fnkernel.discovery.internal.fakes.FakeRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.fnkernel.discovery.internal.DiscoveryFixture.active;
import static io.fnkernel.discovery.internal.DiscoveryFixture.gone;
import static io.fnkernel.discovery.internal.DiscoveryFixture.version;
import static io.fnkernel.discovery.internal.scan.Files2.handler;
import static io.fnkernel.discovery.internal.scan.Files2.write;
import static io.fnkernel.discovery.internal.scan.Files2.writeAtomically;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real watcher and swap engine on a temp folder: every kind of change applies without restart. */
class WatcherEndToEndTest {

    @TempDir
    Path root;

    DiscoveryFixture f;

    @BeforeEach
    void start() throws Exception {
        handler(root, "hello/handler.js");
        f = new DiscoveryFixture(root, DiscoveryConfig.DEBOUNCE, "50");
        f.await("hello loaded", active("hello", "default"));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /**
     * Waits until exactly these are registered: a snapshot is published once its own lane is done, but
     * another function's lane may still be between registering a new version and retiring the old.
     */
    private void awaitRegistered(String... refs) throws InterruptedException {
        f.await("registered " + List.of(refs), s -> f.registrar.refs().equals(List.of(refs)));
    }

    private String revision(String name, String version) {
        return version(f.discovery.snapshot(), name, version).orElseThrow().revision;
    }

    @Test
    void addEditDeleteApplyWithoutRestart() throws Exception {
        handler(root, "users/[id].js");
        f.await("file route added", active("users/[id].js", "default"));
        awaitRegistered("hello@default", "users/[id].js@default");

        String before = revision("hello", "default");
        write(root, "hello/handler.js", "// edited\n");
        f.await("edit applied", s -> !version(s, "hello", "default").orElseThrow().revision.equals(before));
        assertEquals("// edited\n", ((FakeRuntime.Version) f.registrar.only("hello@default").version()).code);

        Files.delete(root.resolve("users/[id].js"));
        f.await("file route removed", gone("users/[id].js"));
        awaitRegistered("hello@default");
    }

    @Test
    void renamingAFolderRenamesTheFunction() throws Exception {
        Files.move(root.resolve("hello"), root.resolve("greet"));
        f.await("renamed", s -> active("greet", "default").test(s) && gone("hello").test(s));
        awaitRegistered("greet@default");
        assertEquals(List.of("GET /greet"), version(f.discovery.snapshot(), "greet", "default").orElseThrow().routes);
    }

    @Test
    void newVersionFolderAppears() throws Exception {
        handler(root, "hello/v3/handler.js");
        f.await("v3 loaded", active("hello", "v3"));
        awaitRegistered("hello@default", "hello@v3");
    }

    @Test
    void brokenEditKeepsTheOldVersionUntilFixed() throws Exception {
        String good = revision("hello", "default");
        // atomically: an in-place write could be scanned while still empty, which the fake runtime accepts
        writeAtomically(root, "hello/handler.js", "oops\nSYNTAX ERROR at 2:3\n");
        PlatformDTO s = f.await("failure published", x -> !x.failures.isEmpty());
        assertEquals("hello/handler.js", s.failures.get(0).file);
        assertEquals(2, s.failures.get(0).line);
        assertEquals(good, f.registrar.only("hello@default").revision());
        assertEquals("active", version(s, "hello", "default").orElseThrow().state);
        writeAtomically(root, "hello/handler.js", "// fixed\n");
        f.await("fixed", x -> x.failures.isEmpty());
        assertEquals("// fixed\n", ((FakeRuntime.Version) f.registrar.only("hello@default").version()).code);
    }

    @Test
    void configAndEnvChangesApply() throws Exception {
        write(root, "hello/fn.config.json", "{\"invoke\": {\"methods\": [\"POST\"]}}");
        f.await("methods changed", s -> version(s, "hello", "default").orElseThrow().routes.equals(List.of("POST /hello")));
        write(root, "hello/fn.env.json", "{\"GREETING\": \"hi\"}");
        f.await("env changed", s -> version(s, "hello", "default").orElseThrow().envKeys.equals(List.of("GREETING")));
        assertEquals("hi", f.registrar.only("hello@default").version().source().env().get("GREETING"));
    }

    @Test
    void editorTempFilesAloneChangeNothing() throws Exception {
        long count = f.discovery.changeCount();
        write(root, "hello/.handler.js.swp", "swap");
        write(root, "hello/4913", "");
        write(root, "hello/handler.js~", "backup");
        write(root, "hello/x.tmp", "t");
        handler(root, "marker.js");
        f.await("marker loaded", active("marker.js", "default"));
        assertEquals(1, f.node.loads.stream().filter(src -> src.name().equals("hello")).count(),
                "hello was not reloaded by temp files");
        assertTrue(f.discovery.changeCount() > count);
    }

    @Test
    void functionsFolderDisappearingKeepsRoutesAndRecovers() throws Exception {
        Path away = root.resolveSibling(root.getFileName() + "-away");
        Files.move(root, away);
        try {
            PlatformDTO s = f.await("root missing", x -> !x.functionsRootPresent);
            assertEquals("scan", s.failures.get(0).kind);
            awaitRegistered("hello@default");
        } finally {
            Files.move(away, root);
        }
        f.await("root back", x -> x.functionsRootPresent && x.failures.isEmpty());
        handler(root, "after/handler.js");
        f.await("watching again", active("after", "default"));
    }

    @Test
    void runtimeAppearingLaterLoadsItsFunctions() throws Exception {
        handler(root, "py/handler.py");
        f.await("no runtime published", s -> s.failures.stream().anyMatch(x -> x.kind.equals("no-runtime")));
        f.discovery.runtimeAdded(DiscoveryFixture.handle("python", ".py", new FakeRuntime("python")));
        f.await("python function loaded", active("py", "default"));
    }

    @Test
    void reloadReturnsOnceRegistrationsHappened(@TempDir Path other) throws Exception {
        // No watcher: only the forced rescan can have loaded the new function by the time it returns.
        try (DiscoveryFixture unwatched = new DiscoveryFixture(other, DiscoveryConfig.WATCH, "off")) {
            handler(other, "now/handler.js");
            PlatformDTO s = unwatched.discovery.reload();
            assertTrue(active("now", "default").test(s));
            assertTrue(unwatched.registrar.refs().contains("now@default"));
        }
    }

    @Test
    void pollingModeSeesChangesToo(@TempDir Path other) throws Exception {
        handler(other, "p/handler.js");
        try (DiscoveryFixture polled = new DiscoveryFixture(other, DiscoveryConfig.WATCH, "poll",
                DiscoveryConfig.POLL, "50", DiscoveryConfig.DEBOUNCE, "50")) {
            assertTrue(polled.discovery.polling());
            polled.await("initial", active("p", "default"));
            handler(other, "q/handler.js");
            polled.await("added by polling", active("q", "default"));
            Files.delete(other.resolve("p/handler.js"));
            polled.await("removed by polling", gone("p"));
        }
        assertFalse(f.discovery.polling());
    }
}
