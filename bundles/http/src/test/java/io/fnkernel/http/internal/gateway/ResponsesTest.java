package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponsesTest {

    private Harness h;
    private FakeVersion fn;

    @BeforeEach
    void start() {
        h = Harness.start();
        fn = h.register("fn", "default", "GET /fn");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private HttpTester.Response answer(Map<String, List<String>> headers, String body, String... requestHeaders) {
        fn.answer(FunctionResponse.of(200, headers, body.getBytes(StandardCharsets.UTF_8)));
        return h.get("/fn", requestHeaders);
    }

    @Test
    void invalidHeadersAre502NamingTheHeaderAndNeverReachTheWire() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("Bad Name", "v");
        cases.put("X-Split", "a\r\nInjected: yes");
        cases.put("X-Nul", "a\u0000b");
        cases.put("Connection", "close");
        cases.put("Transfer-Encoding", "chunked");
        cases.put("Keep-Alive", "timeout=5");
        cases.put("Upgrade", "websocket");
        cases.put("TE", "trailers");
        cases.put("Trailer", "X");
        cases.put("Proxy-Connection", "keep-alive");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpTester.Response r = answer(Map.of(c.getKey(), List.of(c.getValue())), "hi");
            assertEquals(502, r.getStatus(), c.getKey());
            assertTrue(r.getContent().contains(c.getKey().replace("\r", "").split(" ")[0]), r.getContent());
            assertNull(r.get("Injected"));
            assertNull(r.get("X-Split"));
            assertEquals("application/json", r.get("Content-Type"));
        }
    }

    @Test
    void wrongContentLengthIs502AndARightOneIsKept() {
        HttpTester.Response bad = answer(Map.of("Content-Length", List.of("5")), "abc");
        assertEquals(502, bad.getStatus());
        assertTrue(bad.getContent().contains("Content-Length"));
        HttpTester.Response good = answer(Map.of("Content-Length", List.of("3")), "abc");
        assertEquals(200, good.getStatus());
        assertEquals("3", good.get("Content-Length"));
    }

    @Test
    void oversizedResponseHeadersFailCleanly() {
        HttpTester.Response r = answer(Map.of("X-Huge", List.of("v".repeat(40_000))), "body");
        assertTrue(r.getStatus() >= 500, "status " + r.getStatus());
        assertFalse(r.getContent().contains("Exception"), r.getContent());
        assertNull(r.get("X-Huge"));
        assertEquals(200, answer(Map.of(), "fine").getStatus());
    }

    @Test
    void severalSetCookieHeadersAreKept() {
        HttpTester.Response r = answer(Map.of("Set-Cookie", List.of("a=1; Path=/", "b=2; HttpOnly")), "ok");
        List<String> cookies = r.getValuesList("Set-Cookie");
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), cookies);
    }

    @Test
    void statusAndHeadersPassThrough() {
        fn.answer(FunctionResponse.of(201, Map.of("Content-Type", List.of("application/json"), "X-Custom", List.of("1")),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        HttpTester.Response r = h.get("/fn");
        assertEquals(201, r.getStatus());
        assertEquals("1", r.get("X-Custom"));
        assertEquals("{\"a\":1}", r.getContent());
        assertTrue(r.get("X-Request-Id").startsWith("req-"));
    }

    @Test
    void noContentStatusHasNoBody() {
        fn.answer(FunctionResponse.of(204, Map.of(), new byte[0]));
        HttpTester.Response r = h.get("/fn");
        assertEquals(204, r.getStatus());
        assertEquals("", r.getContent());
    }

    @Test
    void textBodiesOver1KiBAreGzippedForClientsThatAcceptIt() throws IOException {
        String big = "hello gzip ".repeat(200);
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json; charset=utf-8"));
        HttpTester.Response zipped = answer(json, big, "Accept-Encoding: br, gzip;q=0.8");
        assertEquals("gzip", zipped.get("Content-Encoding"));
        assertEquals("Accept-Encoding", zipped.get("Vary"));
        assertTrue(zipped.getContentBytes().length < big.length());
        assertEquals(big, new String(new GZIPInputStream(new ByteArrayInputStream(zipped.getContentBytes())).readAllBytes(), StandardCharsets.UTF_8));

        assertNull(answer(json, big).get("Content-Encoding"));
        assertNull(answer(json, big, "Accept-Encoding: gzip;q=0").get("Content-Encoding"));
        assertNull(answer(json, "small", "Accept-Encoding: gzip").get("Content-Encoding"));
        assertNull(answer(Map.of("Content-Type", List.of("image/png")), big, "Accept-Encoding: gzip").get("Content-Encoding"));
        HttpTester.Response own = answer(Map.of("Content-Type", List.of("text/plain"), "Content-Encoding", List.of("identity")), big, "Accept-Encoding: gzip");
        assertEquals("identity", own.get("Content-Encoding"));
        assertEquals(big, own.getContent());
    }

    @Test
    void closedVersionIsRetriedOnTheCurrentOneSoSwapsShowNoError() {
        FakeVersion next = new FakeVersion("fn", "default", FunctionPolicy.defaults(), "GET /fn");
        next.answer(FunctionResponse.text(200, null, "new"));
        fn.behaviour(r -> {
            h.register(next);
            fn.close();
            return CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.CLOSED, "closed"));
        });
        HttpTester.Response r = h.get("/fn");
        assertEquals(200, r.getStatus());
        assertEquals("new", r.getContent());
        assertEquals(200, h.get("/fn").getStatus());
    }

    @Test
    void closedVersionByNameIsRetriedToo() {
        FakeVersion v2 = h.register("svc", "v2");
        FakeVersion next = new FakeVersion("svc", "v2", FunctionPolicy.defaults());
        v2.behaviour(r -> {
            h.register(next);
            return CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.CLOSED, "closed"));
        });
        assertEquals("svc@v2", h.get("/svc@v2").getContent());
        assertEquals(1, next.requests().size());
    }

    @Test
    void closedTwiceIsAnErrorNotALoop() {
        FakeVersion next = new FakeVersion("fn", "default", FunctionPolicy.defaults(), "GET /fn");
        next.behaviour(r -> CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.CLOSED, "closed again")));
        fn.behaviour(r -> {
            h.register(next);
            return CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.CLOSED, "closed"));
        });
        HttpTester.Response r = h.get("/fn");
        assertEquals(503, r.getStatus());
        assertEquals(1, next.requests().size());
    }

    @Test
    void functionExceptionsAnswerTheirStatusAndMessage() {
        fn.behaviour(r -> CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.HANDLER_ERROR, "boom at handler.js:3")));
        HttpTester.Response r = h.get("/fn");
        assertEquals(500, r.getStatus());
        assertTrue(r.getContent().contains("\"error\":\"boom at handler.js:3\""));
        fn.behaviour(r2 -> CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.BAD_RESPONSE, "status must be a valid HTTP code")));
        assertEquals(502, h.get("/fn").getStatus());
        fn.behaviour(r3 -> CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.OVERLOADED, "no context free")));
        assertEquals(503, h.get("/fn").getStatus());
    }

    @Test
    void unexpectedThrowablesAre500WithoutAStackTrace() {
        fn.behaviour(r -> {
            throw new IllegalStateException("secret internal detail");
        });
        HttpTester.Response thrown = h.get("/fn");
        assertEquals(500, thrown.getStatus());
        assertEquals("{\"error\":\"internal error\",\"request_id\":\"" + thrown.get("X-Request-Id") + "\"}", thrown.getContent());
        fn.behaviour(r -> CompletableFuture.failedFuture(new NullPointerException("npe detail")));
        HttpTester.Response failed = h.get("/fn");
        assertEquals(500, failed.getStatus());
        assertFalse(failed.getContent().contains("npe detail"));
        fn.behaviour(r -> null);
        assertEquals(500, h.get("/fn").getStatus());
        fn.behaviour(r -> CompletableFuture.completedFuture(null));
        assertEquals(502, h.get("/fn").getStatus());
    }

    @Test
    void warmStateHeadersFollowFastFn() {
        fn.behaviour(r -> CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.UNAVAILABLE, "runtime down")));
        HttpTester.Response cold = h.get("/fn");
        assertEquals(503, cold.getStatus());
        assertEquals("cold", cold.get("X-FastFN-Function-State"));
        assertEquals("true", cold.get("X-FastFN-Warming"));
        assertEquals("1", cold.get("Retry-After"));
        fn.answer(FunctionResponse.text(200, null, "ok"));
        HttpTester.Response first = h.get("/fn");
        assertEquals("warm", first.get("X-FastFN-Function-State"));
        assertEquals("true", first.get("X-FastFN-Warmed"));
        HttpTester.Response second = h.get("/fn");
        assertEquals("warm", second.get("X-FastFN-Function-State"));
        assertNull(second.get("X-FastFN-Warmed"));
        assertNull(second.get("X-FastFN-Queued"));
        fn.behaviour(r -> CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.UNAVAILABLE, "runtime down")));
        HttpTester.Response warmError = h.get("/fn");
        assertNull(warmError.get("X-FastFN-Warming"));
        assertEquals("warm", warmError.get("X-FastFN-Function-State"));
        assertNull(h.get("/missing").get("X-FastFN-Function-State"));
    }

    @Test
    void platformHeadersReplaceTheFunctionsOwn() {
        Map<String, List<String>> own = new LinkedHashMap<>();
        own.put("x-request-id", List.of("from-function"));
        own.put("x-fastfn-function-state", List.of("cold", "odd"));
        own.put("X-FastFN-Warmed", List.of("no"));
        own.put("Content-Length", List.of("2", "2"));
        own.put("X-Own", List.of("kept"));
        fn.answer(FunctionResponse.of(200, own, "ok".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 2; i++) { // only the first call has the platform say X-FastFN-Warmed
            HttpTester.Response r = h.get("/fn", "X-Request-Id: from-client");
            assertEquals(List.of("from-client"), r.getValuesList("X-Request-Id"));
            assertEquals(List.of("warm"), r.getValuesList("X-FastFN-Function-State"));
            assertEquals(i == 0 ? List.of("true") : List.of("no"), r.getValuesList("X-FastFN-Warmed"));
            assertEquals(List.of("2"), r.getValuesList("Content-Length"));
            assertEquals("kept", r.get("X-Own"));
            assertEquals("ok", r.getContent());
        }
    }

    @Test
    void everyResponseCarriesTheRequestId() {
        for (HttpTester.Response r : List.of(h.get("/fn", "X-Request-Id: abc"), h.get("/missing", "X-Request-Id: abc"),
                h.send("DELETE", "/fn", "X-Request-Id: abc"), h.send("OPTIONS", "/fn", "X-Request-Id: abc"),
                h.get("/_fn/health", "X-Request-Id: abc"), h.get("/a%2fb", "X-Request-Id: abc"))) {
            HttpField f = r.getField("X-Request-Id");
            assertEquals("abc", f == null ? null : f.getValue(), r.getStatus() + " " + r.getContent());
        }
    }
}
