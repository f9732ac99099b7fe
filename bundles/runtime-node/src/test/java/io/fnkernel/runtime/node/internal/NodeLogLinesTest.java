package io.fnkernel.runtime.node.internal;

import io.fnkernel.runtime.support.testing.LogCapture;
import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.fnkernel.runtime.node.internal.TestFunctions.call;
import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a handler prints and throws reaches the log through the runtime's own output path, labelled and capped. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLogLinesTest {

    private static final String HANDLER = """
            const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
            function explode() {
              throw new Error('kaboom');
            }
            async function explodeLater() {
              await sleep(1);
              throw new TypeError('later kaboom');
            }
            const cases = {
              print: (e) => { console.log('hello', e.query.n); console.error('oops', e.query.n); return 'printed'; },
              tagged: async (e) => {
                for (let i = 0; i < 5; i++) { console.log('call ' + e.query.n + ' line ' + i); await sleep(150); }
                return e.query.n;
              },
              flood: () => { for (let i = 0; i < 200; i++) { console.log('y'.repeat(19)); } return 'flooded'; },
              throws: () => explode(),
              rejects: () => explodeLater(),
            };
            exports.handler = (e) => cases[e.query.case](e);
            """;

    private final NodeRuntimeConfig config = NodeRuntimeConfig.from(Map.of("fnk.node.output.limit", "300")::get);
    private NodeRuntime runtime;
    private FunctionVersion v;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        runtime = new NodeRuntime(config);
        Path dir = folder(root, "hello", "handler.js", HANDLER);
        v = runtime.load(FunctionSource.builder("hello", "v2").runtime(NodeRuntime.ID).directory(dir)
                .entry(dir.resolve("handler.js")).revision("r1").build());
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private static FunctionRequest request(String which, String n) {
        return get("/hello").query(Map.of("case", List.of(which), "n", List.of(n))).timeoutMs(10_000).build();
    }

    @Test
    void printedLinesAreLabelledWithFunctionStreamAndRequestId() {
        try (LogCapture log = new LogCapture("fn")) {
            FunctionRequest r = request("print", "7");
            assertEquals("printed", call(v, r).bodyText());
            assertEquals(List.of("INFO [fn:hello@v2 stdout] hello 7 (" + r.id() + ")",
                    "WARN [fn:hello@v2 stderr] oops 7 (" + r.id() + ")"), log.lines());
        }
    }

    @Test
    void concurrentCallsNeverMixTheirLines() throws Exception {
        try (LogCapture log = new LogCapture("fn")) {
            FunctionRequest first = request("tagged", "A");
            FunctionRequest second = request("tagged", "B");
            CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> call(v, first).bodyText(), r -> new Thread(r).start());
            awaitTrue(() -> ((NodeFunctionVersion) v).busy() >= 1 || a.isDone());
            CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> call(v, second).bodyText(), r -> new Thread(r).start());
            awaitTrue(() -> ((NodeFunctionVersion) v).busy() == 2 || a.isDone());
            assertFalse(a.isDone(), "the calls did not overlap");
            assertEquals("A", a.get(10, TimeUnit.SECONDS));
            assertEquals("B", b.get(10, TimeUnit.SECONDS));
            for (Map.Entry<String, FunctionRequest> c : Map.of("A", first, "B", second).entrySet()) {
                List<String> mine = log.lines().stream().filter(l -> l.endsWith("(" + c.getValue().id() + ")")).toList();
                List<String> expected = java.util.stream.IntStream.range(0, 5)
                        .mapToObj(i -> "INFO [fn:hello@v2 stdout] call " + c.getKey() + " line " + i + " (" + c.getValue().id() + ")").toList();
                assertEquals(expected, mine);
            }
            assertEquals(10, log.lines().size(), String.join("\n", log.lines()));
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "timed out waiting");
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void theConfiguredOutputLimitTruncatesEachCall() {
        int limit = config.outputLimitBytes();
        int printed = 200 * ("y".repeat(19) + "\n").getBytes(StandardCharsets.UTF_8).length;
        assertTrue(printed > limit, "the flood must exceed the limit");
        try (LogCapture log = new LogCapture("fn")) {
            FunctionRequest r = request("flood", "1");
            assertEquals("flooded", call(v, r).bodyText());
            List<String> lines = log.lines();
            String prefix = "INFO [fn:hello@v2 stdout] ";
            String suffix = " (" + r.id() + ")";
            int kept = 0;
            for (String l : lines.subList(0, lines.size() - 1)) {
                assertTrue(l.startsWith(prefix) && l.endsWith(suffix), l);
                kept += l.substring(prefix.length(), l.length() - suffix.length()).length() + 1;
            }
            // The last kept line may be cut short and loses its newline.
            assertTrue(kept - 1 <= limit && kept >= limit, "kept " + kept + " bytes for a limit of " + limit);
            assertEquals(prefix + "... " + (printed - limit) + " more bytes of output dropped (limit " + limit + " per call)" + suffix,
                    lines.get(lines.size() - 1));
        }
    }

    @Test
    void aThrownErrorIsLoggedWithTheHandlersFileAndLineAndNoJavaFrames() {
        assertLoggedAt("throws", "kaboom", "throw new Error('kaboom')");
    }

    @Test
    void anAsyncRejectionIsLoggedWithTheHandlersFileAndLineAndNoJavaFrames() {
        assertLoggedAt("rejects", "later kaboom", "throw new TypeError('later kaboom')");
    }

    private void assertLoggedAt(String which, String message, String statement) {
        int line = lineOf(statement);
        try (LogCapture log = new LogCapture(JsContext.class.getName(), "fn")) {
            FunctionRequest r = request(which, "1");
            FunctionException e = assertThrows(FunctionException.class, () -> call(v, r));
            assertEquals(message, e.getMessage());
            List<String> failures = log.lines().stream().filter(l -> l.contains(r.id())).toList();
            assertEquals(1, failures.size(), String.join("\n", log.lines()));
            String logged = failures.get(0);
            assertTrue(logged.startsWith("WARN [fn:hello@v2] handler failed (" + r.id() + "): "), logged);
            assertTrue(logged.contains(message), logged);
            Matcher at = Pattern.compile("handler\\.js:(\\d+):\\d+").matcher(logged);
            assertTrue(at.find(), "no location in the handler's file: " + logged);
            assertEquals(line, Integer.parseInt(at.group(1)), logged);
            for (String javaFrame : List.of("at io.fnkernel", "at org.graalvm", "at com.oracle", "at java.")) {
                assertFalse(logged.contains(javaFrame), "Java frame '" + javaFrame + "' in: " + logged);
            }
        }
    }

    private static int lineOf(String statement) {
        List<String> lines = HANDLER.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(statement)) {
                return i + 1;
            }
        }
        throw new AssertionError(statement + " is not in the handler");
    }
}
