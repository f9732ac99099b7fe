package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions in the plain path-neutral layout (DESIGN.md decision 1, FastFN §3). */
class ScannerVersionsTest {

    @TempDir
    Path root;

    @Test
    void versionFolderIsAVersionWithoutRoutes() {
        handler(root, "hello/handler.js");
        handler(root, "hello/v2/handler.js");
        ScanResult r = scan(root);
        assertEquals(Map.of("hello@default", List.of("GET /hello"), "hello@v2", List.of()), routes(r));
        FunctionSource v2 = source(r, "hello@v2");
        assertTrue(v2.directory().endsWith("hello/v2"));
        assertTrue(v2.entry().endsWith("hello/v2/handler.js"));
    }

    @Test
    void namespacedFunctionsHaveVersionsToo() {
        handler(root, "api/users/handler.py");
        handler(root, "api/users/v2/main.py");
        handler(root, "api/users/v2-beta/handler.py");
        assertEquals(Map.of("api/users@default", List.of("GET /api/users"), "api/users@v2", List.of(),
                "api/users@v2-beta", List.of()), routes(scan(root)));
    }

    @Test
    void onlyAVersionFolderGivesAFunctionWithoutDefault() {
        handler(root, "hello/v2/handler.js");
        assertEquals(Map.of("hello@v2", List.of()), routes(scan(root)));
    }

    @Test
    void versionsOnlyNeedsEveryEntryFolderToBeAVersion() {
        handler(root, "tools/v1/handler.js");
        handler(root, "tools/admin/handler.js");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("GET /tools/v1"), r.get("tools/v1@default"));
        assertEquals(List.of("GET /tools/admin"), r.get("tools/admin@default"));
    }

    @Test
    void folderWithOtherNameIsAMixedSubtreeNotAVersion() {
        handler(root, "hello/handler.js");
        handler(root, "hello/test/handler.js");
        handler(root, "hello/v3/readme.js");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("GET /hello/test"), r.get("hello/test/handler.js@default"));
        assertFalse(r.containsKey("hello@test"));
        assertFalse(r.containsKey("hello@v3"));
    }

    @Test
    void versionRoutesComeOnlyFromItsOwnConfig() {
        handler(root, "hello/handler.js");
        write(root, "hello/fn.config.json", "{\"invoke\": {\"routes\": [\"/hi\"], \"methods\": [\"GET\", \"POST\"]}}");
        handler(root, "hello/v2/handler.js");
        handler(root, "hello/v3/handler.js");
        write(root, "hello/v3/fn.config.json", "{\"invoke\": {\"routes\": [\"/hello-v3/:id\"]}}");
        ScanResult r = scan(root);
        assertEquals(List.of("GET /hi", "POST /hi"), routes(r).get("hello@default"));
        assertEquals(List.of(), routes(r).get("hello@v2"));
        assertEquals(List.of("GET /hello-v3/:id", "POST /hello-v3/:id"), routes(r).get("hello@v3"));
    }

    @Test
    void versionConfigFallsBackToTheFunctionsKeyByKey() {
        handler(root, "hello/handler.js");
        write(root, "hello/fn.config.json", "{\"timeout_ms\": 900, \"max_body_bytes\": 100}");
        handler(root, "hello/v2/handler.js");
        write(root, "hello/v2/fn.config.json", "{\"timeout_ms\": 5000}");
        FunctionSource v2 = source(scan(root), "hello@v2");
        assertEquals(5000, v2.policy().timeoutMs());
        assertEquals(100, v2.policy().maxBodyBytes());
    }

    @Test
    void versionEnvOverlaysTheFunctionsEnv() {
        handler(root, "hello/handler.js");
        write(root, "hello/fn.env.json", "{\"A\": \"1\", \"B\": {\"value\": \"2\", \"is_secret\": true}}");
        handler(root, "hello/v2/handler.js");
        write(root, "hello/v2/fn.env.json", "{\"B\": \"two\", \"C\": 3}");
        ScanResult r = scan(root);
        FunctionSource v2 = source(r, "hello@v2");
        assertEquals(Map.of("A", "1", "B", "two", "C", "3"), v2.env());
        assertTrue(v2.secretEnvKeys().isEmpty());
        assertEquals(java.util.Set.of("B"), source(r, "hello@default").secretEnvKeys());
    }

    @Test
    void versionWithEntrypointConfig() {
        handler(root, "hello/handler.js");
        handler(root, "hello/v2/app.py");
        write(root, "hello/v2/fn.config.json", "{\"entrypoint\": \"app.py\"}");
        FunctionSource v2 = source(scan(root), "hello@v2");
        assertEquals("python", v2.runtime());
        assertTrue(v2.entry().endsWith("v2/app.py"));
    }
}
