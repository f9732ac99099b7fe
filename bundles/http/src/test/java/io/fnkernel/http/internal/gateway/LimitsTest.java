package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.http.internal.GatewayConfig;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitsTest {

    private Harness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private FakeVersion echo(FunctionPolicy policy) {
        FakeVersion v = new FakeVersion("echo", "default", policy, "POST /echo", "GET /echo");
        v.behaviour(r -> CompletableFuture.completedFuture(FunctionResponse.of(200, java.util.Map.of(), r.body())));
        return h.register(v);
    }

    @Test
    void declaredBodyOverTheLimitIs413WithoutReadingIt() throws Exception {
        h = Harness.start();
        FakeVersion v = echo(FunctionPolicy.builder().maxBodyBytes(10).build());
        // Only headers are sent: the answer must come without waiting for the million bytes announced.
        String raw = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n";
        HttpTester.Response r = HttpTester.parseResponse(h.local().getResponse(raw, 5, TimeUnit.SECONDS));
        assertEquals(413, r.getStatus());
        assertTrue(r.getContent().contains("payload too large"));
        assertTrue(v.requests().isEmpty());
        assertEquals(200, h.send("POST", "/echo", "0123456789".getBytes(StandardCharsets.UTF_8)).getStatus());
    }

    @Test
    void chunkedBodyOverTheLimitIs413ByCounting() {
        h = Harness.start();
        FakeVersion v = echo(FunctionPolicy.builder().maxBodyBytes(10).build());
        HttpTester.Response r = h.raw("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n");
        assertEquals(413, r.getStatus());
        assertTrue(v.requests().isEmpty());
        HttpTester.Response ok = h.raw("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nabcde\r\n5\r\nfghij\r\n0\r\n\r\n");
        assertEquals(200, ok.getStatus());
        assertEquals("abcdefghij", ok.getContent());
    }

    @Test
    void binaryBodiesArriveIntact() {
        h = Harness.start();
        FakeVersion v = echo(FunctionPolicy.defaults());
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        HttpTester.Response r = h.send("POST", "/echo", body, "Content-Type: application/octet-stream");
        assertEquals(200, r.getStatus());
        assertArrayEquals(body, v.last().body());
        assertArrayEquals(body, r.getContentBytes());
    }

    @Test
    void fullPermitsAndQueueAre429WithRetryAfter() throws Exception {
        h = Harness.start();
        List<CompletableFuture<FunctionResponse>> pending = new CopyOnWriteArrayList<>();
        FakeVersion v = new FakeVersion("slow", "default", FunctionPolicy.builder().maxConcurrency(1).maxQueue(1).timeoutMs(10_000).build(), "GET /slow");
        v.behaviour(r -> {
            CompletableFuture<FunctionResponse> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        });
        h.register(v);
        String req = "GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
        LocalConnector.LocalEndPoint first = h.local().executeRequest(req);
        waitFor(() -> pending.size() == 1);
        LocalConnector.LocalEndPoint second = h.local().executeRequest(req);
        io.fnkernel.http.internal.routing.Limiter limiter =
                h.registry().state().byRef(new io.fnkernel.api.FunctionRef("slow", "default")).limiter();
        waitFor(() -> limiter.queued() == 1);
        HttpTester.Response third = h.raw(req);
        assertEquals(429, third.getStatus());
        assertEquals("1", third.get("Retry-After"));
        assertTrue(third.getContent().contains("function busy"));
        assertEquals(1, pending.size());

        pending.get(0).complete(FunctionResponse.text(200, null, "one"));
        assertEquals("one", HttpTester.parseResponse(first.waitForResponse(false, 5, TimeUnit.SECONDS)).getContent());
        waitFor(() -> pending.size() == 2);
        pending.get(1).complete(FunctionResponse.text(200, null, "two"));
        HttpTester.Response waited = HttpTester.parseResponse(second.waitForResponse(false, 5, TimeUnit.SECONDS));
        assertEquals("two", waited.getContent());
        assertEquals("true", waited.get("X-FastFN-Queued"));
    }

    @Test
    void defaultsQueueABurstOf64InsteadOfRejecting() throws Exception {
        h = Harness.start();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            FakeVersion v = new FakeVersion("burst", "default", FunctionPolicy.defaults(), "GET /burst");
            v.behaviour(r -> {
                CompletableFuture<FunctionResponse> f = new CompletableFuture<>();
                timer.schedule(() -> f.complete(FunctionResponse.text(200, null, "ok")), 30, TimeUnit.MILLISECONDS);
                return f;
            });
            h.register(v);
            List<LocalConnector.LocalEndPoint> eps = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                eps.add(h.local().executeRequest("GET /burst HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
            }
            for (LocalConnector.LocalEndPoint ep : eps) {
                assertEquals(200, HttpTester.parseResponse(ep.waitForResponse(false, 10, TimeUnit.SECONDS)).getStatus());
            }
            assertEquals(64, v.requests().size());
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void headersOver16KiBAre431() {
        h = Harness.start();
        h.register("hello", "default", "GET /hello");
        HttpTester.Response r = h.get("/hello", "X-Big: " + "a".repeat(17 * 1024));
        assertEquals(431, r.getStatus());
        assertTrue(r.getContent().contains("\"error\""), r.getContent());
        assertTrue(r.get("Content-Type").startsWith("application/json"));
        assertEquals(200, h.get("/hello", "X-Big: " + "a".repeat(15 * 1024)).getStatus());
    }

    @Test
    void requestLineOver16KiBIsRefused() {
        h = Harness.start();
        HttpTester.Response r = h.get("/hello?q=" + "a".repeat(17 * 1024));
        assertEquals(431, r.getStatus());
        assertTrue(r.getContent().contains("\"error\""), r.getContent());
    }

    @Test
    void functionThatNeverAnswersGets504AndIsCancelled() {
        h = Harness.start();
        CompletableFuture<FunctionResponse> never = new CompletableFuture<>();
        FakeVersion v = new FakeVersion("stuck", "default", FunctionPolicy.builder().timeoutMs(100).build(), "GET /stuck");
        v.behaviour(r -> never);
        h.register(v);
        long t0 = System.nanoTime();
        HttpTester.Response r = h.get("/stuck");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(504, r.getStatus());
        assertTrue(r.getContent().contains("runtime timeout"));
        assertTrue(ms >= 100, "answered after " + ms + " ms");
        assertTrue(never.isCancelled());
        assertTrue(v.last().timeoutMs() <= 100 && v.last().timeoutMs() > 0);
    }

    @Test
    void runtimeTimeoutIs504WithItsMessage() {
        h = Harness.start();
        FakeVersion v = h.register("t", "default", "GET /t");
        v.behaviour(r -> CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.TIMEOUT, "handler timed out after 2500 ms")));
        HttpTester.Response r = h.get("/t");
        assertEquals(504, r.getStatus());
        assertTrue(r.getContent().contains("handler timed out after 2500 ms"));
    }

    @Test
    void waitingPastTheTimeoutIs504() throws Exception {
        h = Harness.start();
        List<CompletableFuture<FunctionResponse>> pending = new CopyOnWriteArrayList<>();
        FakeVersion v = new FakeVersion("q", "default", FunctionPolicy.builder().maxConcurrency(1).maxQueue(5).timeoutMs(150).build(), "GET /q");
        v.behaviour(r -> {
            CompletableFuture<FunctionResponse> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        });
        h.register(v);
        String req = "GET /q HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
        LocalConnector.LocalEndPoint first = h.local().executeRequest(req);
        waitFor(() -> pending.size() == 1);
        HttpTester.Response queued = h.raw(req);
        assertEquals(504, queued.getStatus());
        assertEquals(504, HttpTester.parseResponse(first.waitForResponse(false, 5, TimeUnit.SECONDS)).getStatus());
        assertEquals(1, v.requests().size(), "the queued call never ran");
    }

    @Test
    void ambiguousAndEscapingUrisAre400() {
        h = Harness.start();
        FakeVersion v = h.register("grab", "default", "GET /:all*");
        for (String target : List.of("/%2e%2e/etc/passwd", "/a/%2e%2e/b", "/a%2fb", "/..%2fx", "/../x", "/a/..%2f..%2fb", "/%2e%2e%2f")) {
            HttpTester.Response r = h.get(target);
            assertEquals(400, r.getStatus(), target + " -> " + r.getStatus() + " " + r.getContent());
            assertTrue(r.getContent().contains("\"error\""), r.getContent());
        }
        assertTrue(v.requests().isEmpty(), "no ambiguous path reached the function: " + v.requests());
    }

    @Test
    void malformedHttpIsAJsonClientError() {
        h = Harness.start();
        for (String raw : List.of("GARBAGE\r\n\r\n", "GET /x HTTP/1.1\r\nHost: t\r\nBad Header Line\r\n\r\n",
                "GET /x HTTP/9.9\r\nHost: t\r\n\r\n", "GET /x HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n")) {
            HttpTester.Response r = h.raw(raw);
            assertTrue(r.getStatus() == 400 || r.getStatus() == 505, raw + " -> " + r.getStatus());
            assertTrue(r.getContent().startsWith("{\"error\":"), raw + " -> " + r.getContent());
            assertTrue(!r.getContent().contains("Exception") && !r.getContent().contains("\tat "), r.getContent());
        }
    }

    @Test
    void slowHeadersAreCutOffAtTheDeadline() throws Exception {
        h = Harness.start(GatewayConfig.from(k -> null).withPort(0).withTimeouts(30_000, 300));
        LocalConnector.LocalEndPoint ep = h.local().connect();
        ep.addInput("GET /x HTTP/1.1\r\nHost: t\r\n");
        for (int i = 0; i < 8 && ep.isOpen(); i++) {
            Thread.sleep(100);
            ep.addInput("X-A" + i + ": b\r\n");
        }
        ep.waitUntilClosedOrIdleFor(2, TimeUnit.SECONDS);
        assertTrue(!ep.isOpen(), "connection still open after the header deadline");
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        h = Harness.start(GatewayConfig.from(k -> null).withPort(0).withTimeouts(300, 10_000));
        LocalConnector.LocalEndPoint ep = h.local().connect();
        ep.waitUntilClosedOrIdleFor(3, TimeUnit.SECONDS);
        assertTrue(!ep.isOpen(), "idle connection still open");
    }

    @Test
    void slowFunctionOutlivesTheIdleTimeout() throws Exception {
        h = Harness.start(GatewayConfig.from(k -> null).withPort(0).withTimeouts(300, 10_000));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            FakeVersion v = new FakeVersion("slow", "default", FunctionPolicy.builder().timeoutMs(5000).build(), "GET /slow");
            v.behaviour(r -> {
                CompletableFuture<FunctionResponse> f = new CompletableFuture<>();
                timer.schedule(() -> f.complete(FunctionResponse.text(200, null, "late")), 900, TimeUnit.MILLISECONDS);
                return f;
            });
            h.register(v);
            HttpTester.Response r = h.loopback("GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.getStatus());
            assertEquals("late", r.getContent());
        } finally {
            timer.shutdownNow();
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
