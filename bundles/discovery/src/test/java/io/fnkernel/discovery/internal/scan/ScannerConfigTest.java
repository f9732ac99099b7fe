package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.fnkernel.discovery.internal.scan.Files2.handler;
import static io.fnkernel.discovery.internal.scan.Files2.write;
import static io.fnkernel.discovery.internal.scan.ScannerRoutingTest.routes;
import static io.fnkernel.discovery.internal.scan.ScannerRoutingTest.scan;
import static io.fnkernel.discovery.internal.scan.ScannerRoutingTest.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fn.config.json}, {@code fn.env.json} and bad input (FastFN §7). */
class ScannerConfigTest {

    @TempDir
    Path root;

    static Problem onlyError(ScanResult r) {
        List<Problem> errors = r.problems().stream().filter(Problem::error).toList();
        assertEquals(1, errors.size(), "errors: " + errors);
        return errors.get(0);
    }

    @Test
    void everyPolicyKeyIsRead() {
        handler(root, "calc/handler.js");
        write(root, "calc/fn.config.json", """
                {"timeout_ms": 1200, "max_concurrency": 4, "max_queue": 7, "max_body_bytes": 2048,
                 "invoke": {"methods": ["post", "GET"], "handler": "main", "summary": "Adds",
                            "query": {"a": 1, "b": "x"}, "body": {"n": [1, 2]}, "content_type": "application/json"}}
                """);
        FunctionPolicy p = source(scan(root), "calc@default").policy();
        assertEquals(1200, p.timeoutMs());
        assertEquals(4, p.maxConcurrency());
        assertEquals(7, p.maxQueue());
        assertEquals(2048, p.maxBodyBytes());
        assertEquals(List.of("GET", "POST"), p.methods());
        assertEquals("main", p.handler());
        assertEquals("Adds", p.summary());
        assertEquals(Map.of("a", "1", "b", "x"), p.queryExample());
        assertEquals("{\"n\":[1,2]}", p.bodyExample());
        assertEquals("application/json", p.contentType());
    }

    @Test
    void fastFnWorkerPoolKeysAreAccepted() {
        handler(root, "w/handler.js");
        write(root, "w/fn.config.json", "{\"worker_pool\": {\"max_workers\": 3, \"max_queue\": 9}}");
        FunctionPolicy p = source(scan(root), "w@default").policy();
        assertEquals(3, p.maxConcurrency());
        assertEquals(9, p.maxQueue());
    }

    @Test
    void invokeRoutesReplaceTheDefaultRoute() {
        handler(root, "users/handler.js");
        write(root, "users/fn.config.json",
                "{\"invoke\": {\"methods\": \"GET,DELETE\", \"routes\": [\"/people/:id\", \"/people/:rest*\", \"/files/*\"]}}");
        assertEquals(List.of("GET /people/:id", "DELETE /people/:id", "GET /people/:rest*", "DELETE /people/:rest*",
                "GET /files/:wildcard*", "DELETE /files/:wildcard*"), routes(scan(root)).get("users@default"));
    }

    @Test
    void overlaysAreInheritedNearestWins() {
        write(root, "fn.config.json", "{\"timeout_ms\": 1000, \"max_concurrency\": 2}");
        write(root, "api/fn.config.json", "{\"timeout_ms\": 2000}");
        handler(root, "api/users/handler.js");
        write(root, "api/users/fn.config.json", "{\"max_body_bytes\": 10}");
        handler(root, "other.js");
        ScanResult r = scan(root);
        FunctionPolicy users = source(r, "api/users@default").policy();
        assertEquals(2000, users.timeoutMs());
        assertEquals(2, users.maxConcurrency());
        assertEquals(10, users.maxBodyBytes());
        assertEquals(1000, source(r, "other.js@default").policy().timeoutMs());
    }

    @Test
    void overlayMethodsApplyToPlainFilesButNotToMethodPrefixedOnes() {
        write(root, "items/fn.config.json", "{\"invoke\": {\"methods\": [\"PUT\"]}}");
        handler(root, "items/[id].js");
        handler(root, "items/get.list.js");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("PUT /items/:id"), r.get("items/[id].js@default"));
        assertEquals(List.of("GET /items/list"), r.get("items/get.list.js@default"));
    }

    @Test
    void envValuesAreStringifiedAndNullsSkipped() {
        handler(root, "e/handler.js");
        write(root, "e/fn.env.json",
                "{\"S\": \"s\", \"N\": 42, \"B\": true, \"X\": null, \"K\": {\"value\": \"k\", \"is_secret\": true},"
                        + " \"Z\": {\"value\": null}, \"O\": [1]}");
        FunctionSource s = source(scan(root), "e@default");
        assertEquals(Map.of("S", "s", "N", "42", "B", "true", "K", "k", "O", "[1]"), s.env());
        assertEquals(java.util.Set.of("K"), s.secretEnvKeys());
        assertEquals(List.of("S", "N", "B", "K", "O"), List.copyOf(s.env().keySet()));
    }

    @Test
    void invalidJsonNamesFileLineAndColumnAndHoldsTheFunction() {
        handler(root, "bad/handler.js");
        Path cfg = write(root, "bad/fn.config.json", "{\n  \"timeout_ms\": 10,\n  \"invoke\": {\"methods\": [\"GET\"\n}\n");
        handler(root, "good/handler.js");
        ScanResult r = scan(root);
        Problem p = onlyError(r);
        assertEquals("config", p.kind());
        assertEquals(cfg, p.file());
        assertEquals(4, p.line());
        assertTrue(p.column() > 0);
        assertTrue(p.message().startsWith("invalid JSON"), p.message());
        assertEquals("bad", p.name());
        assertEquals("default", p.version());
        assertTrue(r.held().contains(root.resolve("bad")));
        assertEquals(List.of("good@default"), r.sources().stream().map(s -> s.ref().toString()).toList());
        assertEquals("bad", r.failed().get(0).name());
    }

    @Test
    void wrongTypeNamesTheJsonPointerAndLine() {
        handler(root, "m/handler.js");
        write(root, "m/fn.config.json", "{\n \"invoke\": {\n  \"methods\": [\"GET\", 7]\n }\n}");
        Problem p = onlyError(scan(root));
        assertTrue(p.message().startsWith("/invoke/methods/1: must be a string"), p.message());
        assertEquals(3, p.line());
        assertEquals(22, p.column());
    }

    @Test
    void badMethodAndOutOfRangeValuesNameTheirKey() {
        handler(root, "a/handler.js");
        write(root, "a/fn.config.json", "{\"invoke\": {\"methods\": [\"GET\", \"FETCH\"]}}");
        handler(root, "b/handler.js");
        write(root, "b/fn.config.json", "{\"timeout_ms\": 0}");
        handler(root, "c/handler.js");
        write(root, "c/fn.config.json", "{\"max_body_bytes\": \"1mb\"}");
        ScanResult r = scan(root);
        List<String> messages = r.problems().stream().filter(Problem::error).map(Problem::message).sorted().toList();
        assertEquals(3, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("/invoke/methods/1: unsupported method 'FETCH'"), messages.get(0));
        assertTrue(messages.get(1).startsWith("/max_body_bytes: must be a whole number"), messages.get(1));
        assertTrue(messages.get(2).startsWith("/timeout_ms: timeout_ms must be > 0"), messages.get(2));
        assertTrue(r.sources().isEmpty());
    }

    @Test
    void unknownKeysAreWarningsAndTheFunctionStillLoads() {
        handler(root, "u/handler.js");
        write(root, "u/fn.config.json", "{\"timeout\": 5, \"keep_warm\": {}, \"invoke\": {\"methodz\": []}}");
        ScanResult r = scan(root);
        assertEquals(1, r.sources().size());
        List<String> warnings = r.problems().stream().filter(p -> !p.error()).map(Problem::message).toList();
        assertTrue(warnings.contains("/timeout: unknown key 'timeout'; ignored (did you mean 'timeout_ms'?)"), warnings.toString());
        assertTrue(warnings.contains("/keep_warm: 'keep_warm' is not supported by fnkernel; ignored"), warnings.toString());
        assertTrue(warnings.contains("/invoke/methodz: unknown key 'methodz'; ignored (did you mean 'methods'?)"), warnings.toString());
    }

    @Test
    void reservedOrInvalidRoutesAreConfigErrors() {
        handler(root, "a/handler.js");
        write(root, "a/fn.config.json", "{\"invoke\": {\"routes\": [\"/ok\", \"/_fn/health\"]}}");
        handler(root, "b/handler.js");
        write(root, "b/fn.config.json", "{\"invoke\": {\"routes\": \"no-slash\"}}");
        List<String> messages = scan(root).problems().stream().filter(Problem::error).map(Problem::message).sorted().toList();
        assertTrue(messages.get(0).startsWith("/invoke/routes/1: routes under /_fn are reserved"), messages.toString());
        assertTrue(messages.get(1).startsWith("/invoke/routes: route must start with '/'"), messages.toString());
    }

    @Test
    void duplicateKeysAreInvalidJson() {
        handler(root, "d/handler.js");
        write(root, "d/fn.config.json", "{\"timeout_ms\": 1,\n \"timeout_ms\": 2}");
        Problem p = onlyError(scan(root));
        assertTrue(p.message().contains("Duplicate field 'timeout_ms'"), p.message());
        assertEquals(2, p.line());
    }

    @Test
    void missingEntrypointIsAConfigError() {
        write(root, "x/fn.config.json", "{\"entrypoint\": \"app.js\"}");
        Problem p = onlyError(scan(root));
        assertTrue(p.message().startsWith("/entrypoint: file 'app.js' does not exist"), p.message());
    }

    @Test
    void entrypointThroughASymlinkLeadingOutIsAConfigError(@TempDir Path outside) throws Exception {
        handler(outside, "steal.js");
        Files.createDirectories(root.resolve("svc"));
        Files.createSymbolicLink(root.resolve("svc/app.js"), outside.resolve("steal.js"));
        write(root, "svc/fn.config.json", "{\"entrypoint\": \"app.js\"}");
        ScanResult r = scan(root);
        assertTrue(r.sources().isEmpty(), r.sources().toString());
        Problem p = onlyError(r);
        assertTrue(p.message().contains("/entrypoint: 'app.js' is a symlink leading outside"), p.message());
    }

    @Test
    void entrypointMakesAFolderAFunction() {
        handler(root, "svc/src/app.js");
        write(root, "svc/fn.config.json", "{\"entrypoint\": \"src/app.js\"}");
        FunctionSource s = source(scan(root), "svc@default");
        assertTrue(s.entry().endsWith("svc/src/app.js"));
        assertTrue(s.directory().endsWith("svc"));
    }

    @Test
    void brokenFolderOverlayHoldsTheWholeSubtree() {
        write(root, "api/fn.config.json", "{oops");
        handler(root, "api/users/handler.js");
        handler(root, "api/list.js");
        handler(root, "web/handler.js");
        ScanResult r = scan(root);
        assertEquals(List.of("web@default"), r.sources().stream().map(s -> s.ref().toString()).toList());
        assertTrue(r.held().contains(root.resolve("api")));
        assertNull(onlyError(r).name());
    }

    @Test
    void envErrorNamesThePointer() {
        handler(root, "e/handler.js");
        write(root, "e/fn.env.json", "{\"A\": {\"is_secret\": \"yes\", \"value\": 1}}");
        Problem p = onlyError(scan(root));
        assertTrue(p.message().startsWith("/A/is_secret: must be true or false"), p.message());
        assertEquals("e", p.name());
    }

    @Test
    void symlinkLeadingOutOfTheRootIsNotFollowed(@TempDir Path outside) throws Exception {
        handler(outside, "evil/handler.js");
        handler(outside, "steal.js");
        Path fns = Files.createDirectories(root.resolve("functions"));
        Files.createSymbolicLink(fns.resolve("evil"), outside.resolve("evil"));
        Files.createSymbolicLink(fns.resolve("steal.js"), outside.resolve("steal.js"));
        handler(fns, "real/handler.js");
        Files.createSymbolicLink(fns.resolve("alias"), fns.resolve("real"));
        ScanResult r = scan(fns);
        assertEquals(List.of("alias@default", "real@default"),
                r.sources().stream().map(s -> s.ref().toString()).sorted().toList());
        assertEquals(2, r.problems().stream().filter(p -> p.message().contains("leads outside the functions folder")).count());
        assertFalse(r.problems().stream().anyMatch(Problem::error));
    }

    @Test
    void folderConfigRoutesWithoutEntryWarn() {
        write(root, "ghost/fn.config.json", "{\"invoke\": {\"routes\": [\"/ghost\"]}}");
        ScanResult r = scan(root);
        assertTrue(r.sources().isEmpty());
        assertTrue(ScannerRoutingTest.warned(r, "no entry file"));
    }
}
