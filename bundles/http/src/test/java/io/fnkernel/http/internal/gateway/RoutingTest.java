package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingTest {

    private Harness h;

    @BeforeEach
    void start() {
        h = Harness.start();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void staticBeforeDynamicBeforeCatchAll() {
        h.register("me", "default", "GET /users/me");
        FakeVersion byId = h.register("byid", "default", "GET /users/:id");
        FakeVersion rest = h.register("rest", "default", "GET /users/:rest*");

        assertEquals("me@default", h.get("/users/me").getContent());
        assertEquals("byid@default", h.get("/users/42").getContent());
        assertEquals(Map.of("id", "42"), byId.last().params());
        assertEquals("rest@default", h.get("/users/42/posts/7").getContent());
        assertEquals(Map.of("rest", "42/posts/7"), rest.last().params());
    }

    @Test
    void trailingAndDoubledSlashesAreTolerated() {
        h.register("hello", "default", "GET /hello");
        assertEquals(200, h.get("/hello/").getStatus());
        assertEquals(200, h.get("/hello").getStatus());
    }

    @Test
    void parameterNamesKeepTheirCase() {
        FakeVersion v = h.register("u", "default", "GET /u/:userId");
        h.get("/u/7");
        assertEquals(Map.of("userId", "7"), v.last().params());
    }

    @Test
    void nameAtVersionResolvesByIndexIncludingNamespaces() {
        h.register("hello", "default", "GET /hello");
        h.register("hello", "v2");
        h.register("api/users", "v2");

        assertEquals("hello@default", h.get("/hello").getContent());
        assertEquals("hello@v2", h.get("/hello@v2").getContent());
        assertEquals("hello@v2", h.get("/hello@v2/").getContent());
        assertEquals("api/users@v2", h.get("/api/users@v2").getContent());
        assertEquals("hello@default", h.get("/hello@default").getContent());
        assertEquals(404, h.get("/hello@v9").getStatus());
        assertEquals(404, h.get("/nope@v2").getStatus());
    }

    @Test
    void versionOnlyFunctionHasNoDefaultRoute() {
        h.register("hello", "v2");
        assertEquals(404, h.get("/hello").getStatus());
        assertEquals(200, h.get("/hello@v2").getStatus());
    }

    @Test
    void unknownPathIs404Json() {
        HttpTester.Response r = h.get("/nothing/here");
        assertEquals(404, r.getStatus());
        assertEquals("application/json", r.get("Content-Type"));
        assertTrue(r.getContent().contains("\"error\":\"not found\""), r.getContent());
        assertTrue(r.getContent().contains("\"request_id\":\"" + r.get("X-Request-Id") + "\""), r.getContent());
    }

    @Test
    void knownPathWrongMethodIs405WithAllow() {
        h.register("items", "default", "GET /items", "POST /items");
        HttpTester.Response r = h.send("DELETE", "/items");
        assertEquals(405, r.getStatus());
        assertEquals("GET, HEAD, POST, OPTIONS", r.get("Allow"));
        assertTrue(r.getContent().contains("method not allowed"));
    }

    @Test
    void versionPathAppliesTheVersionsMethodPolicy() {
        h.register(new FakeVersion("hello", "v2", FunctionPolicy.builder().methods(List.of("GET")).build()));
        HttpTester.Response r = h.send("POST", "/hello@v2", new byte[] {'x'});
        assertEquals(405, r.getStatus());
        assertEquals("GET, HEAD, OPTIONS", r.get("Allow"));
    }

    @Test
    void conflictingRouteIs409AndOthersKeepWorking() {
        h.register("a", "default", "GET /same", "GET /a");
        h.register("b", "default", "GET /same");
        HttpTester.Response r = h.get("/same");
        assertEquals(409, r.getStatus());
        assertTrue(r.getContent().contains("ambiguous function"));
        assertEquals(200, h.get("/a").getStatus());
    }

    @Test
    void headIsAnsweredOnGetRoutesWithoutBody() {
        FakeVersion v = h.register("hello", "default", "GET /hello");
        HttpTester.Response r = h.send("HEAD", "/hello");
        assertEquals(200, r.getStatus());
        assertEquals("GET", v.last().method());
        assertEquals(String.valueOf("hello@default".length()), r.get("Content-Length"));
        assertEquals("", r.getContent());
        assertEquals(200, h.send("HEAD", "/hello@default").getStatus());
    }

    @Test
    void optionsIs204WithAllow() {
        h.register("items", "default", "GET /items", "PUT /items");
        HttpTester.Response r = h.send("OPTIONS", "/items");
        assertEquals(204, r.getStatus());
        assertEquals("GET, HEAD, PUT, OPTIONS", r.get("Allow"));
        assertEquals(404, h.send("OPTIONS", "/unknown").getStatus());
        h.register("hello", "v2");
        assertEquals("GET, HEAD, OPTIONS", h.send("OPTIONS", "/hello@v2").get("Allow"));
    }

    @Test
    void reservedPrefixesNeverReachFunctions() {
        FakeVersion v = h.register("grab", "default", "GET /:a*", "GET /console");
        assertEquals(404, h.get("/console").getStatus());
        assertEquals(404, h.get("/console/x").getStatus());
        assertEquals(404, h.get("/_fn/whatever").getStatus());
        assertEquals(404, h.get("/_fn").getStatus());
        assertTrue(v.requests().isEmpty());
        assertEquals(200, h.get("/consoles").getStatus());
    }

    @Test
    void sameNameAndVersionTwicePrefersTheNewestRegistration() {
        FakeVersion old = h.register("hello", "default", "GET /hello");
        FakeVersion fresh = h.register("hello", "default", "GET /hello");
        fresh.answer(io.fnkernel.api.FunctionResponse.text(200, null, "fresh"));
        assertEquals("fresh", h.get("/hello").getContent());
        assertEquals("fresh", h.get("/hello@default").getContent());
        assertTrue(old.requests().isEmpty());
    }

    @Test
    void unregisteringRemovesTheRoute() {
        FakeVersion v = new FakeVersion("gone", "default", FunctionPolicy.defaults(), "GET /gone");
        Map<String, Object> props = h.props(v);
        h.registry().putVersion(v, props);
        assertEquals(200, h.get("/gone").getStatus());
        h.registry().removeVersion(props);
        assertEquals(404, h.get("/gone").getStatus());
    }

    @Test
    void requestIdIsKeptWhenSaneAndGeneratedOtherwise() {
        h.register("hello", "default", "GET /hello");
        assertEquals("abc-123.x:y_z", h.get("/hello", "X-Request-Id: abc-123.x:y_z").get("X-Request-Id"));
        String bad = h.get("/hello", "X-Request-Id: has space<script>").get("X-Request-Id");
        assertNotNull(bad);
        assertTrue(bad.startsWith("req-"), bad);
        String missing = h.get("/nothing").get("X-Request-Id");
        assertTrue(missing.startsWith("req-"), missing);
        assertTrue(h.get("/hello", "X-Request-Id: " + "a".repeat(129)).get("X-Request-Id").startsWith("req-"));
    }

    @Test
    void noServerVersionHeader() {
        h.register("hello", "default", "GET /hello");
        assertNull(h.get("/hello").get("Server"));
    }
}
