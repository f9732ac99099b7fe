package io.fnkernel.openapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.openapi.testing.FakeFunctions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.fnkernel.openapi.testing.SpecRouteCheck.operations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiDocumentTest {

    @TempDir
    Path root;
    FakeFunctions fns;

    @BeforeEach
    void setUp() {
        fns = new FakeFunctions(root);
    }

    private JsonNode doc(OpenApiConfig config, FunctionSource... sources) {
        try (Docs d = Docs.of(config, sources)) {
            return d.json();
        }
    }

    private JsonNode doc(FunctionSource... sources) {
        return doc(OpenApiConfig.DEFAULTS, sources);
    }

    @Test
    void emptyDocumentIsOpenApi31WithTheErrorComponents() {
        JsonNode d = doc();
        assertEquals("3.1.0", d.path("openapi").asText());
        assertEquals(SpecBuilder.TITLE, d.path("info").path("title").asText());
        assertEquals(0, d.path("paths").size());
        JsonNode error = d.path("components").path("schemas").path("Error");
        assertEquals("object", error.path("type").asText());
        assertEquals("string", error.path("properties").path("request_id").path("type").asText());
        assertEquals("[\"error\"]", error.path("required").toString());
        assertTrue(d.path("components").path("responses").has("MethodNotAllowed"));
    }

    @Test
    void staticDynamicAndCatchAllRoutesBecomePathsWithParameters() {
        FunctionSource users = fns.source("users", "default", "[id].js", "exports.handler = () => ({});", p -> p,
                "GET /users/:id", "GET /users");
        FunctionSource files = fns.source("files", "default", "handler.js", "exports.handler = () => ({});", p -> p,
                "GET /files/:path*");
        JsonNode d = doc(users, files);
        assertEquals(Set.of("GET /users", "GET /users/{id}", "GET /files/{path}"), operations(d, false));
        JsonNode id = d.path("paths").path("/users/{id}").path("get").path("parameters").get(0);
        assertEquals("id", id.path("name").asText());
        assertEquals("path", id.path("in").asText());
        assertTrue(id.path("required").asBoolean());
        assertEquals("string", id.path("schema").path("type").asText());
        JsonNode rest = d.path("paths").path("/files/{path}").path("get").path("parameters").get(0);
        assertTrue(rest.path("description").asText().contains("may contain '/'"), rest.toString());
        d.path("paths").fieldNames().forEachRemaining(p -> assertFalse(p.contains(":"), "no raw ':' parameter in " + p));
    }

    @Test
    void everyVersionIsAtItsVersionPathWithItsMethods() {
        FunctionSource v1 = fns.simple("hello");
        FunctionSource v2 = fns.source("hello", "v2", "handler.js", "exports.handler = () => ({});",
                p -> p.methods(List.of("GET", "POST")));
        FunctionSource ns = fns.source("api/users", "v3", "handler.py", "def handler(e):\n  return {}\n",
                p -> p.methods(List.of("PUT")));
        JsonNode d = doc(v1, v2, ns);
        assertEquals(Set.of("GET /hello", "GET /hello/{wildcard}", "GET /hello@v2", "POST /hello@v2", "PUT /api/users@v3"),
                operations(d, false));
        assertFalse(d.path("paths").has("/hello@default"), "the default version is reached by its routes");
    }

    @Test
    void theDefaultVersionHasItsNameOnlyWhenItIsOneOfItsRoutes() {
        FunctionSource moved = fns.source("legacy", "default", "handler.js", "exports.handler = () => ({});", p -> p,
                "GET /v1/legacy");
        assertEquals(Set.of("GET /v1/legacy"), operations(doc(moved), false));
    }

    @Test
    void operationIdsAreMethodNameVersionAndUnique() {
        FunctionSource v1 = fns.simple("hello");
        FunctionSource v2 = fns.source("hello", "v2", "handler.js", "exports.handler = () => ({});",
                p -> p.methods(List.of("GET", "DELETE")));
        FunctionSource ns = fns.source("api/users", "default", "handler.js", "exports.handler = () => ({});",
                p -> p.methods(List.of("POST")), "POST /api/users");
        JsonNode d = doc(v1, v2, ns);
        JsonNode paths = d.path("paths");
        assertEquals("get_hello_default", paths.path("/hello").path("get").path("operationId").asText());
        assertEquals("get_hello_default_hello_wildcard", paths.path("/hello/{wildcard}").path("get").path("operationId").asText());
        assertEquals("get_hello_v2", paths.path("/hello@v2").path("get").path("operationId").asText());
        assertEquals("delete_hello_v2", paths.path("/hello@v2").path("delete").path("operationId").asText());
        assertEquals("post_api_users_default", paths.path("/api/users").path("post").path("operationId").asText());
        List<String> ids = new ArrayList<>();
        paths.forEach(item -> item.forEach(op -> ids.add(op.path("operationId").asText())));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "unique: " + ids);
    }

    @Test
    void eachFunctionHasItsOwnTag() {
        JsonNode d = doc(fns.simple("hello"), fns.source("hello", "v2", "handler.js", "x", p -> p), fns.simple("zeta"));
        assertEquals("hello", d.path("paths").path("/hello@v2").path("get").path("tags").get(0).asText());
        assertEquals("zeta", d.path("paths").path("/zeta").path("get").path("tags").get(0).asText());
        List<String> tags = new ArrayList<>();
        d.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertEquals(List.of("hello", "zeta"), tags);
    }

    @Test
    void summaryComesFromConfigThenHandlerCommentThenMethodAndName() {
        FunctionSource configured = fns.source("a", "default", "handler.js", "// @summary from the tag\n", p -> p.summary("From config"), "GET /a");
        FunctionSource tagged = fns.source("b", "default", "handler.py", "import os\n# @summary Lists the b things\ndef handler(e): pass\n", p -> p, "GET /b");
        FunctionSource commented = fns.source("c", "default", "handler.js", "\n// Says hello to c\nexports.handler = 1;\n", p -> p, "GET /c");
        FunctionSource bare = fns.source("d", "v2", "handler.js", "exports.handler = () => 1;\n", p -> p);
        JsonNode paths = doc(configured, tagged, commented, bare).path("paths");
        assertEquals("From config", paths.path("/a").path("get").path("summary").asText());
        assertEquals("Lists the b things", paths.path("/b").path("get").path("summary").asText());
        assertEquals("Says hello to c", paths.path("/c").path("get").path("summary").asText());
        assertEquals("GET d@v2", paths.path("/d@v2").path("get").path("summary").asText());
    }

    @Test
    void queryAndBodyExamplesComeFromThePolicy() {
        FunctionSource json = fns.source("orders", "default", "handler.js", "x", p -> p.methods(List.of("GET", "POST"))
                .queryExample(Map.of("limit", "10")).bodyExample("{\"item\":\"book\",\"qty\":2}"), "GET /orders", "POST /orders");
        FunctionSource text = fns.source("notes", "default", "handler.js", "x", p -> p.methods(List.of("PUT"))
                .bodyExample("hello").contentType("text/plain"), "PUT /notes");
        JsonNode paths = doc(json, text).path("paths");
        JsonNode get = paths.path("/orders").path("get");
        JsonNode q = get.path("parameters").get(0);
        assertEquals("limit", q.path("name").asText());
        assertEquals("query", q.path("in").asText());
        assertFalse(q.path("required").asBoolean());
        assertEquals("10", q.path("example").asText());
        assertTrue(get.path("requestBody").isMissingNode(), "no body on GET");
        JsonNode media = paths.path("/orders").path("post").path("requestBody").path("content").path("application/json");
        assertEquals(2, media.path("example").path("qty").asInt(), "JSON example kept as JSON: " + media);
        JsonNode textMedia = paths.path("/notes").path("put").path("requestBody").path("content").path("text/plain");
        assertEquals("hello", textMedia.path("example").asText());
        assertEquals("string", textMedia.path("schema").path("type").asText());
    }

    @Test
    void responsesIncludeTheGatewayErrors() {
        JsonNode responses = doc(fns.simple("hello")).path("paths").path("/hello").path("get").path("responses");
        for (String status : List.of("200", "404", "405", "413", "429", "500", "502", "503", "504")) {
            assertTrue(responses.has(status), status + " in " + responses);
        }
        assertEquals("#/components/responses/Timeout", responses.path("504").path("$ref").asText());
    }

    @Test
    void conflictingRoutesAreLeftOutAndTheRestStays() {
        FunctionSource a = fns.source("a", "default", "handler.js", "x", p -> p, "GET /shared/:id", "GET /a");
        FunctionSource b = fns.source("b", "default", "handler.js", "x", p -> p.methods(List.of("GET", "POST")),
                "GET /shared/:key", "POST /shared/:key", "GET /b");
        assertEquals(Set.of("GET /a", "GET /b", "POST /shared/{key}"), operations(doc(a, b), false));
    }

    @Test
    void patternsThatPrintAlikeKeepSeparatePaths() {
        FunctionSource one = fns.source("one", "default", "handler.js", "x", p -> p, "GET /a/:x");
        FunctionSource rest = fns.source("rest", "default", "handler.js", "x", p -> p, "GET /a/:x*");
        FunctionSource sameShape = fns.source("same", "default", "handler.js", "x", p -> p.methods(List.of("POST")), "POST /a/:y");
        JsonNode d = doc(one, rest, sameShape);
        assertEquals(Set.of("GET /a/{x}", "POST /a/{x}", "GET /a/{x_2}"), operations(d, false));
        assertEquals("x_2", d.path("paths").path("/a/{x_2}").path("get").path("parameters").get(0).path("name").asText());
        assertEquals("rest", d.path("paths").path("/a/{x_2}").path("get").path("tags").get(0).asText());
    }

    @Test
    void internalRoutesOnlyWhenConfigured() {
        FunctionSource hello = fns.simple("hello");
        JsonNode off = doc(hello);
        assertTrue(operations(off, true).stream().noneMatch(o -> o.contains("/_fn/")));
        try (Docs d = Docs.of(new OpenApiConfig(null, true), hello)) {
            d.service.putEndpoint(99, InternalRoute.ofEndpoint(List.of("/_fn/openapi.json", "/openapi.json", "/_fn/docs/*"), "test"));
            JsonNode on = d.json();
            Set<String> ops = operations(on, true);
            assertTrue(ops.containsAll(Set.of("GET /_fn/health", "POST /_fn/reload", "GET /_fn/openapi.json", "GET /_fn/docs/{path}")), ops.toString());
            assertFalse(ops.contains("GET /openapi.json"), "only /_fn/ routes are internal");
            assertEquals("internal", on.path("paths").path("/_fn/health").path("get").path("tags").get(0).asText());
            assertEquals(operations(off, false), operations(on, false), "function operations unchanged");
        }
    }
}
