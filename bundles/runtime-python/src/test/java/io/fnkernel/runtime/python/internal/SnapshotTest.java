package io.fnkernel.runtime.python.internal;

import io.fnkernel.runtime.support.testing.LogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionException.Kind;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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

import static io.fnkernel.runtime.python.internal.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** A loaded version keeps running the code it was loaded from, whatever happens to its folder, from every worker it starts. */
class SnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static PythonRuntime single;
    static PythonRuntime pair;
    private final List<FunctionVersion> loaded = new ArrayList<>();

    @BeforeAll
    static void start() {
        single = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.WORKERS, "1")::get), work.resolve("rt-single"));
        pair = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.WORKERS, "2")::get), work.resolve("rt-pair"));
    }

    @AfterAll
    static void stop() {
        single.close();
        pair.close();
    }

    @AfterEach
    void closeVersions() {
        loaded.forEach(FunctionVersion::close);
    }

    /** A function folder whose handler answers with its mark, a sibling module's mark and a data file's text. */
    private static Path function(String name, String mark) throws Exception {
        Path dir = Files.createDirectories(work.resolve("functions").resolve(name));
        write(dir, mark);
        return dir;
    }

    private static void write(Path dir, String mark) throws Exception {
        Files.writeString(dir.resolve("handler.py"), """
                import os
                import time

                import helper

                HERE = os.path.dirname(os.path.abspath(__file__))


                def handler(event):
                    q = event["query"]
                    if q.get("fail"):
                        print("about to fail in " + __file__)
                        raise ValueError("failing on purpose")
                    time.sleep(int(q.get("ms", "0")) / 1000)
                    with open(os.path.join(HERE, "data.txt")) as f:
                        data = f.read()
                    return {"mark": "%s", "helper": helper.MARK, "data": data, "pid": os.getpid(), "file": __file__,
                            "listing": sorted(os.listdir(HERE)), "cwd": os.getcwd()}
                """.formatted(mark));
        Files.writeString(dir.resolve("helper.py"), "MARK = '" + mark + "'\n");
        Files.writeString(dir.resolve("data.txt"), "data " + mark);
    }

    private PythonVersion load(PythonRuntime rt, Path dir) throws Exception {
        PythonVersion v = (PythonVersion) rt.load(source(dir, b -> b, Map.of()));
        loaded.add(v);
        return v;
    }

    private static JsonNode json(FunctionResponse r) throws Exception {
        assertEquals(200, r.status(), r.bodyText());
        return JSON.readTree(r.body());
    }

    private static void assertServes(String mark, JsonNode answer) {
        assertEquals(mark, answer.get("mark").asText(), answer.toString());
        assertEquals(mark, answer.get("helper").asText(), answer.toString());
        assertEquals("data " + mark, answer.get("data").asText(), answer.toString());
    }

    @Test
    void syntaxErrorSavedOnDiskDoesNotBreakTheLoadedVersionsNextWorker() throws Exception {
        Path dir = function("keeps-a", "A");
        PythonVersion v = load(single, dir);
        JsonNode first = json(call(v, get("/keeps-a").build()));
        assertServes("A", first);
        Files.writeString(dir.resolve("handler.py"), "def handler(event:\n    return 1\n");
        FunctionLoadException broken = assertThrows(FunctionLoadException.class, () -> single.load(source(dir, b -> b, Map.of())));
        assertEquals(dir.resolve("handler.py"), broken.file(), broken.describe());
        assertEquals(1, broken.line(), broken.describe());

        long pid = first.get("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        waitDead(List.of(pid), 5_000);
        JsonNode after = json(call(v, get("/keeps-a").timeoutMs(15_000).build()));
        assertNotEquals(pid, after.get("pid").asLong(), "a new worker should have answered");
        assertServes("A", after);
    }

    @Test
    void validEditDoesNotReachWorkersTheLoadedVersionStartsLater() throws Exception {
        Path dir = function("edited", "A");
        PythonVersion v = load(pair, dir);
        assertEquals(1, v.workerPids().size());
        write(dir, "B");
        List<CompletableFuture<FunctionResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            calls.add(begin(v, get("/edited", "ms", "1500").timeoutMs(20_000).build()));
        }
        Set<Long> pids = new HashSet<>();
        for (CompletableFuture<FunctionResponse> c : calls) {
            JsonNode answer = json(await(c, 30_000));
            assertServes("A", answer);
            pids.add(answer.get("pid").asLong());
        }
        assertEquals(2, pids.size(), "the pool should have grown to a second worker");
        assertServes("B", json(call(load(pair, dir), get("/edited").build())));
    }

    @Test
    void versionRunsFromAPrivateCopyWithoutCachesAndKeepsTheRealWorkingDirectory() throws Exception {
        Path dir = function("copied", "A");
        Files.createDirectories(dir.resolve(".fnk/python-deps/x"));
        Files.writeString(dir.resolve(".fnk/python-deps/x/big.py"), "X = 1\n");
        Files.createDirectories(dir.resolve("node_modules/m"));
        Files.writeString(dir.resolve("node_modules/m/index.js"), "module.exports = 1;\n");
        Files.createDirectories(dir.resolve("pkg"));
        Files.writeString(dir.resolve("pkg/__init__.py"), "");
        JsonNode a = json(call(load(single, dir), get("/copied").build()));
        Path file = Path.of(a.get("file").asText());
        assertTrue(file.startsWith(work.resolve("rt-single")), file.toString());
        assertTrue(Files.isRegularFile(file.resolveSibling("pkg").resolve("__init__.py")), file.toString());
        List<String> listing = new ArrayList<>();
        a.get("listing").forEach(n -> listing.add(n.asText()));
        assertFalse(listing.contains(".fnk") || listing.contains("node_modules"), listing.toString());
        assertTrue(listing.containsAll(List.of("data.txt", "handler.py", "helper.py", "pkg")), listing.toString());
        assertEquals(dir.toString(), a.get("cwd").asText());
    }

    @Test
    void closingTheVersionDeletesItsCopyAndClosingTheRuntimeDeletesTheRest() throws Exception {
        Path work2 = work.resolve("rt-closing");
        PythonRuntime rt = new PythonRuntime(PythonConfig.defaults(), work2);
        try {
            Path dir = function("closing", "A");
            FunctionVersion first = rt.load(source(dir, b -> b, Map.of()));
            FunctionVersion second = rt.load(source(dir, b -> b, Map.of()));
            Path copy1 = Path.of(json(call(first, get("/closing").build())).get("file").asText()).getParent();
            Path copy2 = Path.of(json(call(second, get("/closing").build())).get("file").asText()).getParent();
            assertNotEquals(copy1, copy2);
            assertTrue(Files.isDirectory(copy1) && Files.isDirectory(copy2));
            first.close();
            assertFalse(Files.exists(copy1), copy1 + " should be gone");
            assertTrue(Files.isDirectory(copy2));
            assertTrue(Files.isRegularFile(dir.resolve("handler.py")), "the real folder must stay");
            rt.close();
            assertFalse(Files.exists(copy2), copy2 + " should be gone");
            assertFalse(Files.exists(copy2.getParent()), "the runtime's snapshot folder should be gone");
        } finally {
            rt.close();
        }
    }

    @Test
    void tracebacksLoadErrorsAndPrintedPathsNameTheRealFiles() throws Exception {
        Path dir = function("names", "A");
        PythonVersion v = load(single, dir);
        try (LogCapture log = new LogCapture("fn")) {
            failure(v, get("/names", "fail", "1").build(), Kind.HANDLER_ERROR);
            String line = log.lines().stream().filter(l -> l.contains("failing on purpose")).findFirst().orElseThrow();
            assertTrue(line.contains("File \"" + dir.resolve("handler.py") + "\", line 13"), line);
            assertTrue(log.has("about to fail in " + dir.resolve("handler.py")), log.lines().toString());
            assertFalse(log.lines().stream().anyMatch(l -> l.contains(work.resolve("rt-single").toString())), log.lines().toString());
        }
        Files.writeString(dir.resolve("helper.py"), "MARK = 1 / 0\n");
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> single.load(source(dir, b -> b, Map.of())));
        assertEquals(dir.resolve("helper.py"), e.file(), e.describe());
        assertEquals(1, e.line(), e.describe());
    }

    @Test
    void folderLargerThanTheLimitFailsTheLoadNamingFolderAndProperty() throws Exception {
        Path dir = function("too-big", "A");
        Files.write(dir.resolve("blob.bin"), new byte[8192]);
        PythonRuntime small = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.SNAPSHOT_MAX_BYTES, "4096")::get),
                work.resolve("rt-small"));
        try {
            FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> small.load(source(dir, b -> b, Map.of())));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains(PythonConfig.SNAPSHOT_MAX_BYTES),
                    e.describe());
        } finally {
            small.close();
        }
    }
}
