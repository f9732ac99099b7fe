package io.fnkernel.http.internal.admin;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.PlatformEndpoint;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformEndpointTest {

    private Harness h;
    private final List<FunctionRequest> seen = new CopyOnWriteArrayList<>();

    private PlatformEndpoint answering(String body) {
        return r -> {
            seen.add(r);
            return FunctionResponse.text(200, "text/plain", body);
        };
    }

    @BeforeEach
    void start() {
        h = Harness.start("t");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void exactAndPrefixPathsAreDispatched() {
        h.endpoint(answering("spec"), PlatformEndpoint.ACCESS_PUBLIC, "/_fn/openapi.json", "/openapi.json");
        h.endpoint(answering("docs"), PlatformEndpoint.ACCESS_PUBLIC, "/_fn/docs/*");
        assertEquals("spec", h.get("/_fn/openapi.json").getContent());
        assertEquals("spec", h.get("/openapi.json").getContent());
        assertEquals("docs", h.get("/_fn/docs/swagger-ui.css?v=1").getContent());
        assertEquals(Map.of("path", "swagger-ui.css"), seen.get(seen.size() - 1).params());
        assertEquals(List.of("1"), seen.get(seen.size() - 1).query().get("v"));
        assertEquals("docs", h.get("/_fn/docs").getContent());
        assertEquals(Map.of("path", ""), seen.get(seen.size() - 1).params());
        assertEquals(404, h.get("/_fn/docsx").getStatus());
        assertTrue(h.get("/_fn/openapi.json").get("X-Request-Id").startsWith("req-"));
    }

    @Test
    void adminEndpointsAreGuardedAndPublicOnesAreNot() {
        h.endpoint(answering("secret"), null, "/_fn/openapi.yaml");
        h.endpoint(answering("open"), PlatformEndpoint.ACCESS_PUBLIC, "/openapi.json");
        assertEquals(403, h.get("/_fn/openapi.yaml").getStatus());
        assertEquals("secret", h.get("/_fn/openapi.yaml", "X-Fn-Admin-Token: t").getContent());
        assertEquals("open", h.get("/openapi.json").getContent());
    }

    @Test
    void anEndpointPathShadowsAFunctionRoute() {
        FakeVersion fn = h.register("spec", "default", "GET /openapi.json");
        assertEquals(200, h.get("/openapi.json").getStatus());
        h.endpoint(answering("platform"), PlatformEndpoint.ACCESS_PUBLIC, "/openapi.json");
        assertEquals("platform", h.get("/openapi.json").getContent());
        assertEquals(1, fn.requests().size());
    }

    @Test
    void failingOrInvalidEndpointsNeverLeakInternals() {
        h.endpoint(r -> {
            throw new IllegalStateException("swagger blew up");
        }, PlatformEndpoint.ACCESS_PUBLIC, "/_fn/boom");
        h.endpoint(r -> FunctionResponse.of(200, Map.of("Bad Header", List.of("x")), new byte[0]), PlatformEndpoint.ACCESS_PUBLIC, "/_fn/bad");
        HttpTester.Response boom = h.get("/_fn/boom");
        assertEquals(500, boom.getStatus());
        assertFalse(boom.getContent().contains("swagger"));
        assertEquals(502, h.get("/_fn/bad").getStatus());
    }

    @Test
    void unusablePathsAreIgnored() {
        h.endpoint(answering("all"), PlatformEndpoint.ACCESS_PUBLIC, "/*", "relative", "/x/");
        FakeVersion fn = h.register("hello", "default", "GET /hello");
        assertEquals("hello@default", h.get("/hello").getContent());
        assertTrue(seen.isEmpty());
        assertEquals(1, fn.requests().size());
    }
}
