package io.fnkernel.runtime.python.internal;

import io.fnkernel.runtime.support.testing.LogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionException.Kind;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.fnkernel.runtime.python.internal.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Python's side of the handler contract: parameter injection, tuples, bytes, env, async, tracebacks, load errors. */
class PythonHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static PythonRuntime runtime;
    private final List<FunctionVersion> loaded = new ArrayList<>();

    @BeforeAll
    static void start() {
        runtime = new PythonRuntime(PythonConfig.defaults(), work);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @AfterEach
    void closeVersions() {
        loaded.forEach(FunctionVersion::close);
    }

    private FunctionVersion load(String name) throws Exception {
        FunctionVersion v = runtime.load(source(name));
        loaded.add(v);
        return v;
    }

    private static JsonNode json(FunctionResponse r) throws Exception {
        assertEquals("application/json", r.header("Content-Type"));
        return JSON.readTree(r.body());
    }

    @Test
    void serviceDescribesTheInterpreter() {
        runtime.interpreter(); // the first look runs in the background
        Map<String, Object> p = runtime.serviceProperties();
        assertEquals("python", p.get(FunctionRuntime.PROP_ID));
        assertArrayEquals(new String[]{".py"}, (String[]) p.get(FunctionRuntime.PROP_EXTENSIONS));
        assertTrue(p.get(FunctionRuntime.PROP_DESCRIPTION).toString().matches("CPython 3\\.\\d+\\.\\d+.*"), p.toString());
    }

    @Test
    void routeParamsReachKwargsAndKeywordOnlyParameters() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("a", "1");
        params.put("b", "2");
        JsonNode kw = json(call(load("kwargs"), get("/kwargs").params(params).build()));
        assertEquals("{\"a\":\"1\",\"b\":\"2\"}", kw.get("params").toString());
        assertTrue(kw.get("event_is_dict").asBoolean());
        JsonNode only = json(call(load("kwonly"), get("/kwonly/9").params(Map.of("id", "9")).build()));
        assertEquals("{\"id\":\"9\",\"kind\":\"none\"}", only.toString());
    }

    @Test
    void zeroArgumentHandlerIsCalledWithNothing() throws Exception {
        assertEquals("zero", call(load("zero"), get("/zero").build()).bodyText());
    }

    @Test
    void tuplesBecomeEnvelopes() throws Exception {
        FunctionVersion v = load("tuples");
        FunctionResponse full = call(v, get("/t", "case", "full").build());
        assertEquals(418, full.status());
        assertEquals("yes", full.header("X-Tea"));
        assertEquals("{\"teapot\":true}", json(full).toString());
        FunctionResponse one = call(v, get("/t", "case", "one").build());
        assertEquals(200, one.status());
        assertEquals("just body", one.bodyText());
        FunctionResponse bytes = call(v, get("/t", "case", "bytes-body").build());
        assertEquals(202, bytes.status());
        assertArrayEquals(new byte[]{0, 1}, bytes.body());
        FunctionResponse none = call(v, get("/t").build());
        assertEquals(0, none.body().length);
    }

    @Test
    void resultsThatCannotBeSentAreBadResponses() throws Exception {
        FunctionVersion v = load("tuples");
        assertTrue(failure(v, get("/t", "case", "bad-status").build(), Kind.BAD_RESPONSE).getMessage().contains("100-599"));
        assertTrue(failure(v, get("/t", "case", "four").build(), Kind.BAD_RESPONSE).getMessage().contains("tuple"));
        assertTrue(failure(v, get("/t", "case", "not-json").build(), Kind.BAD_RESPONSE).getMessage().contains("datetime"));
        failure(v, get("/t", "case", "nan").build(), Kind.BAD_RESPONSE);
        assertEquals(200, call(v, get("/t", "case", "one").build()).status());
    }

    @Test
    void nonAsciiJsonIsSentAsUtf8() throws Exception {
        FunctionResponse r = call(load("tuples"), get("/t", "case", "unicode").build());
        assertEquals("{\"name\":\"José ✓\"}", new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void systemExitInAHandlerFailsTheCallNotTheWorker() throws Exception {
        PythonVersion v = (PythonVersion) load("tuples");
        List<Long> pids = v.workerPids();
        assertEquals("2", failure(v, get("/t", "case", "exit").build(), Kind.HANDLER_ERROR).getMessage());
        assertEquals(200, call(v, get("/t", "case", "one").build()).status());
        assertEquals(pids, v.workerPids());
    }

    @Test
    void environmentIsExactlyTheFunctionsOwnEvenForChildProcesses() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GREETING", "hola");
        env.put("API_URL", "http://x");
        FunctionVersion v = runtime.load(source(fixture("cases", "env-exact"), b -> b, env));
        loaded.add(v);
        JsonNode e = json(call(v, get("/env").build()));
        assertEquals("[\"API_URL\",\"GREETING\"]", e.get("keys").toString());
        assertEquals("GREETING=hola\nAPI_URL=http://x", e.get("child").asText());
        assertEquals(fixture("cases", "env-exact").toString(), e.get("cwd").asText());
    }

    @Test
    void asyncHandlersShareOneEventLoopPerWorkerAndTracebacksShowOnlyUserFrames() throws Exception {
        FunctionVersion v = load("async-state");
        for (int i = 1; i <= 3; i++) {
            assertEquals(i, json(call(v, get("/a").build())).get("calls").asInt());
        }
        try (LogCapture log = new LogCapture("fn")) {
            var e = failure(v, get("/a", "fail", "1").build(), Kind.HANDLER_ERROR);
            assertEquals("async failure", e.getMessage());
            String line = log.lines().stream().filter(l -> l.contains("[fn:async-state@default error]")).findFirst().orElseThrow();
            assertTrue(line.contains("Traceback (most recent call last)") && line.contains("async-state/handler.py\", line 16"), line);
            assertFalse(line.contains("fnk_worker"), line);
            assertFalse(line.contains("asyncio"), line);
        }
    }

    @Test
    void importErrorNamesFileAndLine() {
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> load("import-error"));
        assertTrue(e.file().endsWith(Path.of("import-error", "handler.py")), e.describe());
        assertEquals(3, e.line(), e.describe());
        assertTrue(e.getMessage().contains("fnk_no_such_module_xyz") && e.getMessage().contains("requirements.txt"), e.describe());
    }

    @Test
    void errorInAnImportedSiblingNamesThatFileLineAndColumn() {
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> load("sibling-error"));
        assertTrue(e.file().endsWith(Path.of("sibling-error", "helper.py")), e.describe());
        assertEquals(2, e.line(), e.describe());
        assertEquals(10, e.column(), e.describe());
        assertTrue(e.getMessage().startsWith("ZeroDivisionError"), e.describe());
    }

    @Test
    void syntaxErrorNamesTheColumn() {
        FunctionLoadException e = assertThrows(FunctionLoadException.class,
                () -> runtime.load(source(fixture("contract", "syntax-error"), b -> b, Map.of())));
        assertEquals(1, e.line(), e.describe());
        assertEquals(19, e.column(), e.describe());
        assertTrue(e.getMessage().startsWith("SyntaxError"), e.describe());
    }

    @Test
    void importThatNeverFinishesFailsTheLoadAfterTheStartTimeout() {
        PythonRuntime quick = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.LOAD_TIMEOUT_MS, "700")::get), work.resolve("quick"));
        try {
            long t0 = System.nanoTime();
            FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> quick.load(source("import-hangs")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage().contains("within 700 ms") && e.getMessage().contains(PythonConfig.LOAD_TIMEOUT_MS), e.describe());
            assertTrue(ms < 5_000, "took " + ms + " ms");
        } finally {
            quick.close();
        }
    }

    @Test
    void missingInterpreterFailsLoadsButNotTheRuntime() {
        PythonRuntime none = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.EXECUTABLE, "/nonexistent/python3")::get),
                work.resolve("none"));
        try {
            assertFalse(none.interpreter().usable());
            assertTrue(none.serviceProperties().get(FunctionRuntime.PROP_DESCRIPTION).toString().startsWith("Python unavailable"));
            FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> none.load(source("zero")));
            assertTrue(e.getMessage().contains("/nonexistent/python3") && e.getMessage().contains(PythonConfig.EXECUTABLE), e.describe());
            assertTrue(e.file().endsWith("handler.py"));
        } finally {
            none.close();
        }
    }
}
