package io.fnkernel.http.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.http.internal.gateway.Json;
import io.fnkernel.http.internal.testing.FakePlatform;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminApiTest {

    private Harness h;

    @AfterEach
    void stop() {
        h.close();
    }

    static JsonNode json(HttpTester.Response r) {
        try {
            return Json.MAPPER.readTree(r.getContent());
        } catch (IOException e) {
            throw new AssertionError(r.getContent(), e);
        }
    }

    private static String req(String method, String path, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String x : headers) {
            b.append(x).append("\r\n");
        }
        return b.append("Content-Length: 0\r\nConnection: close\r\n\r\n").toString();
    }

    @Test
    void healthIsOpenAndWorksWithoutDiscovery() {
        h = Harness.start();
        h.register("hello", "default", "GET /hello");
        h.register("hello", "v2");
        HttpTester.Response r = h.get("/_fn/health");
        assertEquals(200, r.getStatus());
        JsonNode j = json(r);
        assertEquals("up", j.get("status").asText());
        assertEquals(1, j.get("functions").get("total").asInt());
        assertEquals(2, j.get("functions").get("versions").asInt());
        assertEquals("fake", j.get("runtimes").get(0).get("id").asText());
        assertEquals(1, j.get("routing").get("mapped_routes").asInt());
        assertTrue(j.get("failures").isArray());
        assertFalse(j.get("discovery").asBoolean());
        assertEquals(405, h.send("POST", "/_fn/health", new byte[0]).getStatus());
    }

    @Test
    void healthUsesDiscoverysSnapshot() {
        h = Harness.start();
        h.platform(new FakePlatform().failure("broken/handler.js", "SyntaxError: Unexpected token").function("ok", "default", "active"));
        JsonNode j = json(h.get("/_fn/health/"));
        assertTrue(j.get("discovery").asBoolean());
        assertEquals("/srv/functions", j.get("functions_root").asText());
        assertEquals("test runtime", j.get("runtimes").get(0).get("description").asText());
        assertEquals(1, j.get("functions").get("total").asInt());
        assertEquals("SyntaxError: Unexpected token", j.get("failures").get(0).get("message").asText());
        assertEquals(3, j.get("failures").get(0).get("line").asInt());
        assertEquals(7, j.get("change_count").asLong());
    }

    @Test
    void adminApiIsLoopbackOnlyWithoutAToken() {
        h = Harness.start();
        HttpTester.Response remote = h.get("/_fn/catalog");
        assertEquals(403, remote.getStatus());
        assertEquals("console api local-only", json(remote).get("error").asText());
        assertEquals(200, h.loopback(req("GET", "/_fn/catalog")).getStatus());
        HttpTester.Response proxied = h.loopback(req("GET", "/_fn/catalog", "X-Forwarded-For: 203.0.113.9"));
        assertEquals(403, proxied.getStatus());
    }

    @Test
    void tokenOpensTheAdminApiAndReplacesTheCsrfHeader() {
        h = Harness.start("s3cret");
        assertEquals(200, h.get("/_fn/catalog", "X-Fn-Admin-Token: s3cret").getStatus());
        assertEquals(403, h.get("/_fn/catalog", "X-Fn-Admin-Token: wrong").getStatus());
        assertEquals(403, h.get("/_fn/catalog", "X-Fn-Admin-Token: s3cret2").getStatus());
        h.platform(new FakePlatform());
        assertEquals(200, h.send("POST", "/_fn/reload", new byte[0], "X-Fn-Admin-Token: s3cret").getStatus());
    }

    @Test
    void writesNeedTheCsrfHeader() {
        h = Harness.start();
        h.platform(new FakePlatform());
        HttpTester.Response noHeader = h.loopback(req("POST", "/_fn/reload"));
        assertEquals(403, noHeader.getStatus());
        assertEquals("missing CSRF header", json(noHeader).get("error").asText());
        assertEquals(200, h.loopback(req("POST", "/_fn/reload", "X-Fn-Request: 1")).getStatus());
        assertEquals(200, h.loopback(req("GET", "/_fn/reload")).getStatus());
        HttpTester.Response put = h.loopback(req("PUT", "/_fn/reload", "X-Fn-Request: 1"));
        assertEquals(405, put.getStatus());
        assertEquals("GET, POST, OPTIONS", put.get("Allow"));
    }

    @Test
    void reloadReturnsWhenTheNewTableIsLive() {
        h = Harness.start("t");
        FakePlatform platform = new FakePlatform();
        platform.onReload(() -> h.register("fresh", "default", "GET /fresh"));
        h.platform(platform);
        assertEquals(404, h.get("/fresh").getStatus());
        HttpTester.Response r = h.send("POST", "/_fn/reload", new byte[0], "X-Fn-Admin-Token: t");
        assertEquals(200, r.getStatus());
        JsonNode j = json(r);
        assertTrue(j.get("ok").asBoolean());
        assertEquals(8, j.get("change_count").asLong());
        assertEquals(200, h.get("/fresh").getStatus());
    }

    @Test
    void reloadWithoutDiscoveryIs503AndFailureIs500() {
        h = Harness.start("t");
        assertEquals(503, h.get("/_fn/reload", "X-Fn-Admin-Token: t").getStatus());
        h.platform(new FakePlatform().onReload(() -> {
            throw new IllegalStateException("functions folder is gone");
        }));
        HttpTester.Response r = h.get("/_fn/reload", "X-Fn-Admin-Token: t");
        assertEquals(500, r.getStatus());
        assertEquals("reload failed: functions folder is gone", json(r).get("error").asText());
    }

    @Test
    void catalogListsRoutesConflictsAndFunctions() {
        h = Harness.start("t");
        h.register("hello", "default", "GET /hello");
        h.register("hello", "v2");
        h.register("a", "default", "GET /dup");
        h.register("b", "default", "GET /dup");
        JsonNode j = json(h.get("/_fn/catalog", "X-Fn-Admin-Token: t"));
        JsonNode hello = j.get("mapped_routes").get("/hello").get(0);
        assertEquals("hello", hello.get("fn_name").asText());
        assertEquals("fake", hello.get("runtime").asText());
        assertEquals("GET", hello.get("methods").get(0).asText());
        assertTrue(j.get("mapped_route_conflicts").get("/dup").asBoolean());
        assertEquals("GET /dup", j.get("conflicts").get(0).get("route").asText());
        assertEquals(2, j.get("conflicts").get(0).get("sources").size());
        JsonNode fns = j.get("functions");
        assertEquals(3, fns.size());
        JsonNode helloFn = fns.findParents("name").stream().filter(n -> n.get("name").asText().equals("hello")).findFirst().orElseThrow();
        assertEquals(2, helloFn.get("versions").size());
        assertEquals(2500, helloFn.get("versions").get(0).get("policy").get("timeout_ms").asInt());

        h.platform(new FakePlatform().function("hello", "default", "active").failure("broken/handler.js", "oops"));
        JsonNode withPlatform = json(h.get("/_fn/catalog", "X-Fn-Admin-Token: t"));
        assertEquals("oops", withPlatform.get("failures").get(0).get("message").asText());
        assertTrue(withPlatform.get("functions").get(0).get("versions").get(0).get("serving").asBoolean());
    }

    @Test
    void invokeCallsAVersionWithContextAndWrapsItsAnswer() {
        h = Harness.start("t");
        FakeVersion v = h.register(new FakeVersion("hello", "v2", FunctionPolicy.builder().methods(List.of("GET", "POST")).build()));
        v.answer(FunctionResponse.of(201, Map.of("Content-Type", List.of("text/plain"), "X-A", List.of("1", "2")), "hi".getBytes(StandardCharsets.UTF_8)));
        String payload = "{\"name\":\"hello\",\"version\":\"v2\",\"method\":\"post\",\"query\":{\"a\":[\"1\",\"2\"],\"flag\":true},"
                + "\"headers\":{\"X-Test\":\"yes\"},\"body\":{\"k\":1},\"context\":{\"user\":\"alice\",\"roles\":[\"admin\"]}}";
        HttpTester.Response r = h.send("POST", "/_fn/invoke", payload.getBytes(StandardCharsets.UTF_8), "X-Fn-Admin-Token: t");
        assertEquals(200, r.getStatus(), r.getContent());
        JsonNode j = json(r);
        assertEquals(201, j.get("status").asInt());
        assertEquals("hi", j.get("body").asText());
        assertEquals("2", j.get("headers").get("X-A").get(1).asText());
        assertTrue(j.get("latency_ms").isNumber());
        assertEquals("POST", v.last().method());
        assertEquals(Map.of("user", "alice", "roles", List.of("admin")), v.last().user());
        assertEquals(List.of("1", "2"), v.last().query().get("a"));
        assertEquals(java.util.Arrays.asList((String) null), v.last().query().get("flag"));
        assertEquals("yes", v.last().header("x-test"));
        assertEquals("{\"k\":1}", new String(v.last().body(), StandardCharsets.UTF_8));
        assertEquals("/hello@v2", v.last().path());
    }

    @Test
    void invokeReturnsBinaryAsBase64() {
        h = Harness.start("t");
        FakeVersion v = h.register("bin", "default");
        v.answer(FunctionResponse.of(200, Map.of(), new byte[] {(byte) 0xff, 0, 1}));
        JsonNode j = json(h.send("POST", "/_fn/invoke", "{\"name\":\"bin\"}".getBytes(StandardCharsets.UTF_8), "X-Fn-Admin-Token: t"));
        assertTrue(j.get("is_base64").asBoolean());
        assertEquals("/wAB", j.get("body_base64").asText());
    }

    @Test
    void invokeErrors() {
        h = Harness.start("t");
        h.register("hello", "default");
        String tok = "X-Fn-Admin-Token: t";
        assertEquals(400, h.send("POST", "/_fn/invoke", "not json".getBytes(StandardCharsets.UTF_8), tok).getStatus());
        assertEquals("name is required", json(h.send("POST", "/_fn/invoke", "{}".getBytes(StandardCharsets.UTF_8), tok)).get("error").asText());
        assertEquals(404, h.send("POST", "/_fn/invoke", "{\"name\":\"nope\"}".getBytes(StandardCharsets.UTF_8), tok).getStatus());
        HttpTester.Response m = h.send("POST", "/_fn/invoke", "{\"name\":\"hello\",\"method\":\"DELETE\"}".getBytes(StandardCharsets.UTF_8), tok);
        assertEquals(405, m.getStatus());
        assertEquals("GET", json(m).get("allowed_methods").get(0).asText());
        assertEquals(400, h.send("POST", "/_fn/invoke", "{\"name\":\"hello\",\"method\":\"TRACE\"}".getBytes(StandardCharsets.UTF_8), tok).getStatus());
        assertEquals(400, h.send("POST", "/_fn/invoke", "{\"name\":\"hello\",\"context\":[1]}".getBytes(StandardCharsets.UTF_8), tok).getStatus());
        assertEquals(405, h.get("/_fn/invoke", tok).getStatus());
        String body = "{\"name\":\"hello\",\"method\":\"TRACE\"}";
        String keepAlive = "POST /_fn/invoke HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length() + "\r\n";
        HttpTester.Response refused = h.raw(keepAlive + "\r\n" + body);
        assertEquals(403, refused.getStatus());
        assertEquals("close", refused.get("Connection"), "a refusal that leaves the body unread says the connection closes");
        HttpTester.Response read = h.raw(keepAlive + tok + "\r\n\r\n" + body);
        assertEquals(400, read.getStatus());
        assertEquals(null, read.get("Connection"), "an error after the body was read keeps the connection");
    }
}
