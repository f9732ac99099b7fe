package io.fnkernel.openapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.openapi.testing.FakeFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.fnkernel.openapi.testing.SpecRouteCheck.operations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiServiceTest {

    @TempDir
    Path root;

    @Test
    void duringASwapTheNewerServiceOfAVersionIsDocumented() {
        FakeFunctions fns = new FakeFunctions(root);
        FunctionSource old = fns.source("hello", "default", "handler.js", "// Old\n", p -> p, "GET /hello");
        FunctionSource neu = fns.source("hello", "default", "handler2.js", "// New\n", p -> p.methods(List.of("POST")), "POST /hello");
        try (Docs d = Docs.of(OpenApiConfig.DEFAULTS, old)) {
            long newId = d.add(neu);
            JsonNode doc = d.json();
            assertEquals(Set.of("POST /hello"), operations(doc, false), "both registered, no conflict: the newer wins");
            assertEquals("New", doc.path("paths").path("/hello").path("post").path("summary").asText());
            d.service.remove(newId);
            assertEquals(Set.of("GET /hello"), operations(d.json(), false));
        }
    }

    @Test
    void handlerSummaryIsReadOncePerRevision() throws Exception {
        FakeFunctions fns = new FakeFunctions(root);
        FunctionSource s = fns.source("hello", "default", "handler.js", "// First\n", p -> p, "GET /hello");
        try (Docs d = Docs.of(OpenApiConfig.DEFAULTS, s)) {
            assertEquals("First", d.json().path("paths").path("/hello").path("get").path("summary").asText());
            Files.writeString(s.entry(), "// Edited in place\n");
            d.add(fns.simple("other"));
            assertEquals("First", d.json().path("paths").path("/hello").path("get").path("summary").asText(),
                    "same revision, cached: rebuilds do not re-read files");
            d.add(s.toBuilder().revision("r2").build());
            assertEquals("Edited in place", d.json().path("paths").path("/hello").path("get").path("summary").asText());
        }
    }

    @Test
    void aBurstOfChangesEndsInOneCurrentDocumentAndReadsAreStable() throws Exception {
        FakeFunctions fns = new FakeFunctions(root);
        try (Docs d = new Docs(OpenApiConfig.DEFAULTS)) {
            for (int i = 0; i < 200; i++) {
                d.add(fns.simple("f" + i));
            }
            assertTrue(d.service.awaitUpToDate(10_000));
            SpecDocument doc = d.service.document();
            assertSame(doc, d.service.document(), "no rebuild without a change");
            assertEquals(400, operations(d.json(), false).size());
        }
    }

    @Test
    void badRoutePropertiesAreLeftOutAndNamed() {
        FakeFunctions fns = new FakeFunctions(root);
        FunctionSource s = fns.simple("hello");
        var props = FakeFunctions.properties(s, 7);
        props.put("fn.routes", new String[] {"GET /ok", "TRACE /bad", "GET no-slash"});
        List<String> told = new java.util.ArrayList<>();
        DocumentedVersion v = DocumentedVersion.of(FakeFunctions.version(s), props, told::add);
        assertEquals(List.of(io.fnkernel.api.route.Route.parse("GET /ok")), v.routes());
        assertEquals(2, told.size());
        assertTrue(told.get(0).startsWith("hello@default: fn.routes entry 'TRACE /bad' left out"), told.get(0));
    }
}
