package io.fnkernel.openapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.route.RouteTable;
import io.fnkernel.openapi.testing.FakeFunctions;
import io.fnkernel.openapi.testing.SpecRouteCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The document's operations are exactly the routes the table serves, both ways, through adds and removals. */
class RouteSetTest {

    @TempDir
    Path root;

    private static void assertMatches(JsonNode doc, List<FunctionSource> live) {
        RouteTable<FunctionRef> table = SpecRouteCheck.table(live);
        assertEquals(List.of(), SpecRouteCheck.differences(SpecRouteCheck.operations(doc, false), SpecRouteCheck.operations(table)));
        assertEquals(List.of(), SpecRouteCheck.unserved(doc, (method, path) ->
                table.match(method, path).outcome() == RouteTable.Outcome.FOUND));
    }

    @Test
    void documentAndTableAgreeThroughChanges() {
        FakeFunctions fns = new FakeFunctions(root);
        List<FunctionSource> live = new ArrayList<>(Examples.all(fns));
        try (Docs d = new Docs(OpenApiConfig.DEFAULTS)) {
            List<Long> ids = new ArrayList<>();
            live.forEach(s -> ids.add(d.add(s)));
            assertMatches(d.json(), live);
            assertFalse(SpecRouteCheck.table(live).conflicts().isEmpty(), "the examples include a conflict");

            d.service.remove(ids.get(0));
            live.remove(0);
            assertMatches(d.json(), live);

            FunctionSource added = fns.source("late", "v3", "handler.js", "x", p -> p.methods(List.of("PATCH")), "PATCH /late/:id");
            d.add(added);
            live.add(added);
            assertMatches(d.json(), live);
            assertTrue(SpecRouteCheck.operations(d.json(), false).contains("PATCH /late@v3"));
        }
    }

    @Test
    void theCheckFindsAMissingOperation() {
        FakeFunctions fns = new FakeFunctions(root);
        List<FunctionSource> live = List.of(fns.simple("a"), fns.simple("b"));
        try (Docs d = Docs.of(OpenApiConfig.DEFAULTS, live.get(0))) {
            RouteTable<FunctionRef> table = SpecRouteCheck.table(live);
            List<String> diff = SpecRouteCheck.differences(SpecRouteCheck.operations(d.json(), false), SpecRouteCheck.operations(table));
            assertEquals(List.of("served but not in the document: GET /b", "served but not in the document: GET /b/{wildcard}"), diff);
            assertEquals(1, SpecRouteCheck.unserved(d.json(), (m, p) -> !p.startsWith("/a/")).size());
        }
    }
}
