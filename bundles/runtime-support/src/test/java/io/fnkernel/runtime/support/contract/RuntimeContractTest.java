package io.fnkernel.runtime.support.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every runtime keeps, run against each runtime with its own handlers: a runtime's
 * test extends this and points it at a folder holding one sub-folder per case
 * ({@code echo/handler.js}, {@code echo/handler.py}, ...) that behave the same in every language.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RuntimeContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final List<FunctionVersion> loaded = new ArrayList<>();

    /** @return the runtime under test; created once per test class */
    protected abstract FunctionRuntime runtime();

    /** @return the runtime's id, as in {@link FunctionRuntime#PROP_ID} */
    protected abstract String runtimeId();

    /** @return the handler file extension with the dot */
    protected abstract String extension();

    /** @return the folder holding the case folders */
    protected abstract Path fixtures();

    @AfterAll
    void closeAll() {
        loaded.forEach(FunctionVersion::close);
    }

    /**
     * Loads a case.
     *
     * @param name the case folder
     * @param policy changes to the default policy
     * @param env the environment
     * @return the loaded version
     * @throws FunctionLoadException when the runtime refuses it
     */
    protected FunctionVersion load(String name, UnaryOperator<FunctionPolicy.Builder> policy, Map<String, String> env)
            throws FunctionLoadException {
        Path dir = fixtures().resolve(name).toAbsolutePath();
        FunctionSource source = FunctionSource.builder(name, "default").runtime(runtimeId()).directory(dir)
                .entry(dir.resolve("handler" + extension())).policy(policy.apply(FunctionPolicy.builder()).build())
                .env(env).revision("test-" + name).build();
        FunctionVersion v = runtime().load(source);
        loaded.add(v);
        return v;
    }

    /**
     * @param name the case folder
     * @return the loaded version with the default policy and no env
     * @throws FunctionLoadException when the runtime refuses it
     */
    protected FunctionVersion load(String name) throws FunctionLoadException {
        return load(name, b -> b, Map.of());
    }

    /**
     * @param method method
     * @param path path
     * @return a request builder with an id
     */
    protected static FunctionRequest.Builder request(String method, String path) {
        return FunctionRequest.builder(method, path).id("req-" + IDS.incrementAndGet()).clientIp("127.0.0.1");
    }

    /**
     * Calls a version and waits for the answer.
     *
     * @param v the version
     * @param r the request
     * @return the response
     * @throws FunctionException when the call failed
     */
    protected static FunctionResponse call(FunctionVersion v, FunctionRequest r) {
        try {
            return v.invoke(r).toCompletableFuture().get(r.timeoutMs() + 10_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof FunctionException fe) {
                throw fe;
            }
            throw new AssertionError("call failed with " + c, c);
        } catch (Exception e) {
            throw new AssertionError("call did not complete: " + e, e);
        }
    }

    private static JsonNode json(FunctionResponse r) throws Exception {
        assertTrue(String.valueOf(r.header("content-type")).startsWith("application/json"), "content type " + r.header("content-type"));
        return JSON.readTree(r.body());
    }

    @Test
    void eventCarriesTheRequest() throws Exception {
        FunctionVersion v = load("echo");
        FunctionRequest r = request("POST", "/echo/7").rawPath("/echo/7?a=1&a=2&flag")
                .query(Map.of("a", List.of("1", "2"), "flag", java.util.Collections.singletonList(null)))
                .params(Map.of("userId", "7")).headers(Map.of("X-Test", List.of("yes"), "Cookie", List.of("sid=abc; theme=dark")))
                .body("{\"x\":1}".getBytes(StandardCharsets.UTF_8)).userAgent("contract").build();
        JsonNode e = json(call(v, r));
        assertEquals("POST", e.get("method").asText());
        assertEquals("/echo/7", e.get("path").asText());
        assertEquals("/echo/7?a=1&a=2&flag", e.get("raw_path").asText());
        assertEquals("[\"1\",\"2\"]", e.get("query").get("a").toString());
        assertTrue(e.get("query").get("flag").asBoolean());
        assertEquals("7", e.get("params").get("userId").asText());
        assertEquals("{\"x\":1}", e.get("request_body").asText());
        assertEquals("yes", e.get("header").asText());
        assertEquals("echo", e.get("function_name").asText());
        assertEquals("default", e.get("version").asText());
        assertEquals(r.id(), e.get("request_id").asText());
        assertEquals("127.0.0.1", e.get("client_ip").asText());
        assertEquals("abc", e.get("session_id").asText());
    }

    @Test
    void invokeContextBecomesContextUser() throws Exception {
        FunctionVersion v = load("echo");
        JsonNode e = json(call(v, request("GET", "/echo").user(Map.of("tenant", "t1")).build()));
        assertEquals("t1", e.get("user").get("tenant").asText());
    }

    @Test
    void envelopeSetsStatusHeadersAndBody() {
        FunctionResponse r = call(load0("envelope"), request("GET", "/envelope").build());
        assertEquals(201, r.status());
        assertEquals("yes", r.header("X-Custom"));
        List<String> cookies = r.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("set-cookie"))
                .flatMap(h -> h.getValue().stream()).toList();
        assertEquals(List.of("a=1", "b=2"), cookies);
        assertEquals("created", r.bodyText());
    }

    @Test
    void objectWithNonNumericStatusIsData() throws Exception {
        FunctionResponse r = call(load0("data-status"), request("GET", "/data-status").query(Map.of("name", List.of("World"))).build());
        assertEquals(200, r.status());
        assertEquals("{\"status\":\"success\",\"data\":{\"greeting\":\"Hello from V2, World\"}}", json(r).toString());
    }

    @Test
    void shorthandValues() throws Exception {
        FunctionResponse text = call(load0("text"), request("GET", "/text").build());
        assertEquals("plain text", text.bodyText());
        assertTrue(text.header("content-type").startsWith("text/plain"));
        FunctionResponse html = call(load0("html"), request("GET", "/html").build());
        assertTrue(html.header("content-type").startsWith("text/html"));
        FunctionResponse list = call(load0("list"), request("GET", "/list").build());
        assertEquals("[1,2,3]", json(list).toString());
        FunctionResponse none = call(load0("null"), request("GET", "/null").build());
        assertEquals(200, none.status());
        assertEquals(0, none.body().length);
    }

    @Test
    void binaryBodiesSurviveBothWays() {
        FunctionResponse out = call(load0("binary"), request("GET", "/binary").build());
        assertArrayEquals(new byte[]{0, 1, 2, (byte) 255}, out.body());
        assertEquals("application/octet-stream", out.header("content-type"));
        byte[] in = {(byte) 0xff, (byte) 0xfe, 0, 65, (byte) 0x80};
        FunctionResponse echoed = call(load0("binary-echo"), request("POST", "/binary-echo").body(in).build());
        assertArrayEquals(in, echoed.body());
    }

    @Test
    void throwingHandlerIsAHandlerError() {
        FunctionException e = assertThrows(FunctionException.class, () -> call(load0("throws"), request("GET", "/throws").build()));
        assertEquals(FunctionException.Kind.HANDLER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void runawayHandlerTimesOutAndTheVersionRecovers() throws Exception {
        FunctionVersion v = load("slow", b -> b.timeoutMs(500), Map.of());
        long t0 = System.nanoTime();
        FunctionException e = assertThrows(FunctionException.class,
                () -> call(v, request("GET", "/slow").query(Map.of("loop", List.of("1"))).timeoutMs(500).build()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(FunctionException.Kind.TIMEOUT, e.kind());
        assertTrue(ms < 3000, "timed out after " + ms + " ms");
        assertEquals("ok", call(v, request("GET", "/slow").build()).bodyText());
    }

    @Test
    void envShowsOnlyTheFunctionsValues() throws Exception {
        JsonNode e = json(call(load("env", b -> b, Map.of("GREETING", "hola")), request("GET", "/env").build()));
        assertEquals("hola", e.get("greeting").asText());
        assertEquals("hola", e.get("event_env").asText());
        assertTrue(e.get("path").isNull(), "host PATH leaked: " + e.get("path"));
    }

    @Test
    void routeParamsReachTheHandler() throws Exception {
        JsonNode e = json(call(load0("params"), request("GET", "/params/42").params(Map.of("id", "42")).build()));
        assertEquals("42", e.get("id").asText());
    }

    @Test
    void moduleStateLastsBetweenCalls() throws Exception {
        FunctionVersion v = load("state");
        int max = 0;
        for (int i = 0; i < 6; i++) {
            max = Math.max(max, json(call(v, request("GET", "/state").build())).get("count").asInt());
        }
        assertTrue(max >= 2, "module state was reset on every call (max count " + max + ")");
    }

    @Test
    void asyncHandlersAreAwaited() throws Exception {
        assertTrue(json(call(load0("async"), request("GET", "/async").build())).get("ok").asBoolean());
    }

    @Test
    void configuredHandlerNameIsUsed() {
        FunctionVersion v = load1("custom-handler", b -> b.handler("run"));
        assertEquals("ran", call(v, request("GET", "/custom-handler").build()).bodyText());
    }

    @Test
    void syntaxErrorNamesFileAndLine() {
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> load("syntax-error"));
        assertNotNull(e.file(), e.describe());
        assertTrue(e.file().toString().endsWith("handler" + extension()), e.describe());
        assertTrue(e.line() > 0, e.describe());
    }

    @Test
    void missingHandlerIsALoadError() {
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> load("no-handler"));
        assertTrue(e.getMessage().contains("handler"), e.describe());
    }

    @Test
    void closedVersionRefusesNewCalls() throws Exception {
        FunctionVersion v = load("echo");
        assertEquals(200, call(v, request("GET", "/echo").build()).status());
        v.close();
        FunctionException e = assertThrows(FunctionException.class, () -> call(v, request("GET", "/echo").build()));
        assertEquals(FunctionException.Kind.CLOSED, e.kind());
    }

    @Test
    void concurrentCallsDoNotMix() throws Exception {
        FunctionVersion v = load("echo");
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String n = Integer.toString(i);
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return json(call(v, request("GET", "/echo").query(Map.of("n", List.of(n))).build())).get("query").get("n").asText();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(Integer.toString(i), calls.get(i).get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void everyFixtureExists() {
        for (String c : List.of("echo", "envelope", "data-status", "text", "html", "list", "null", "binary", "binary-echo",
                "throws", "slow", "env", "params", "state", "async", "custom-handler", "syntax-error", "no-handler")) {
            assertTrue(Files.isRegularFile(fixtures().resolve(c).resolve("handler" + extension())), "missing fixture " + c);
        }
        assertFalse(fixtures().toString().isEmpty());
    }

    private FunctionVersion load0(String name) {
        return load1(name, b -> b);
    }

    private FunctionVersion load1(String name, UnaryOperator<FunctionPolicy.Builder> policy) {
        try {
            return load(name, policy, Map.of());
        } catch (FunctionLoadException e) {
            throw new AssertionError(e.describe(), e);
        }
    }
}
