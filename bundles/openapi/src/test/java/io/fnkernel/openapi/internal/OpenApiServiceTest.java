package io.fnkernel.openapi.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.route.Route;
import io.fnkernel.openapi.testing.FakeFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

    @Test
    void aFailedRebuildIsAnErrorUnlessTheServiceClosedWhileItRan() throws Exception {
        assertEquals(1, errorsOfAFailedRebuild(false), "open: the failure is reported");
        assertEquals(0, errorsOfAFailedRebuild(true), "closed meanwhile (a stop during start-up): not an error");
    }

    /** Runs one rebuild that fails (reading its handler's path throws), closing the service first when asked. */
    private static long errorsOfAFailedRebuild(boolean closeWhileBuilding) throws Exception {
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        Logger log = (Logger) LoggerFactory.getLogger(OpenApiService.class);
        events.start();
        log.addAppender(events);
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        Path gone = (Path) Proxy.newProxyInstance(Path.class.getClassLoader(), new Class<?>[] {Path.class}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    reached.countDown();
                    go.await();
                    throw new IllegalStateException("the bundle's wiring is gone");
                }
                default -> throw new UnsupportedOperationException(m.getName());
            }
        });
        OpenApiService service = new OpenApiService(OpenApiConfig.DEFAULTS);
        try {
            service.put(1, new DocumentedVersion(new FunctionRef("gone", "default"), "node", "r1", List.of(Route.parse("GET /gone")),
                    FunctionPolicy.defaults(), gone));
            assertTrue(reached.await(10, TimeUnit.SECONDS), "the rebuild reads the handler");
            if (closeWhileBuilding) {
                service.close();
            }
            go.countDown();
            assertTrue(service.awaitUpToDate(10_000), "the failed rebuild still counts as done");
        } finally {
            service.close();
            log.detachAppender(events);
        }
        return events.list.stream().filter(e -> e.getLevel() == Level.ERROR).count();
    }
}
