package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.route.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.fnkernel.discovery.internal.scan.Files2.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FastFN's file routing rules (§2.3–2.7) as fnkernel applies them. */
class ScannerRoutingTest {

    @TempDir
    Path root;

    static ScanResult scan(Path root) {
        return new Scanner(root, RuntimeExtensions.BUILT_IN, new ContentHasher()).scan();
    }

    /** Sources by {@code name@version}, each mapped to its routes. */
    static Map<String, List<String>> routes(ScanResult r) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (FunctionSource s : r.sources()) {
            out.put(s.ref().toString(), s.routes().stream().map(Route::toString).toList());
        }
        return out;
    }

    static FunctionSource source(ScanResult r, String ref) {
        return r.sources().stream().filter(s -> s.ref().toString().equals(ref)).findFirst()
                .orElseThrow(() -> new AssertionError(ref + " not found in " + routes(r).keySet()));
    }

    static boolean warned(ScanResult r, String text) {
        return r.problems().stream().anyMatch(p -> !p.error() && p.message().contains(text));
    }

    @Test
    void pureFileTreeMapsEveryFileToARouteNamedByItsPath() {
        handler(root, "users/index.js");
        handler(root, "users/[id].js");
        handler(root, "settings/profile.js");
        handler(root, "hello.js");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("GET /users"), r.get("users@default"));
        assertEquals(List.of("GET /users/:id"), r.get("users/[id].js@default"));
        assertEquals(List.of("GET /settings/profile"), r.get("settings/profile.js@default"));
        assertEquals(List.of("GET /hello"), r.get("hello.js@default"));
        assertEquals(4, r.size());
    }

    @Test
    void methodPrefixedFileWithDynamicSegment() {
        handler(root, "get.users.[id].py");
        FunctionSource s = source(scan(root), "get.users.[id].py@default");
        assertEquals("python", s.runtime());
        assertEquals(List.of("GET /users/:id"), s.routes().stream().map(Route::toString).toList());
        assertEquals(List.of("GET"), s.policy().methods());
    }

    @Test
    void methodOnlyFileMapsToItsFolder() {
        handler(root, "orders/post.js");
        handler(root, "orders/get.js");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("POST /orders"), r.get("orders/post.js@default"));
        assertEquals(List.of("GET /orders"), r.get("orders/get.js@default"));
    }

    @Test
    void catchAllNeedsAtLeastOneSegment() {
        handler(root, "docs/[...slug].js");
        assertEquals(Map.of("docs/[...slug].js@default", List.of("GET /docs/:slug*")), routes(scan(root)));
    }

    @Test
    void optionalCatchAllAlsoServesTheBase() {
        handler(root, "blog/[[...slug]].js");
        assertEquals(List.of("GET /blog/:slug*", "GET /blog"), routes(scan(root)).get("blog/[[...slug]].js@default"));
    }

    @Test
    void optionalCatchAllAtTheRootHasNoBase() {
        handler(root, "[[...path]].js");
        assertEquals(List.of("GET /:path*"), routes(scan(root)).get("[[...path]].js@default"));
    }

    @Test
    void parameterNamesKeepTheirCase() {
        handler(root, "users/[userId]/get.posts.[postId].js");
        assertEquals(List.of("GET /users/:userId/posts/:postId"),
                routes(scan(root)).get("users/[userId]/get.posts.[postId].js@default"));
    }

    @Test
    void segmentsAreNormalised() {
        handler(root, "My_Reports/handler.py");
        handler(root, "team_123/Get_All.js");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("GET /my-reports"), r.get("my-reports@default"));
        assertEquals(List.of("GET /team-123/get-all"), r.get("team_123/Get_All.js@default"));
    }

    @Test
    void privateTestAndIgnoredFilesNeverBecomeRoutes() {
        handler(root, "api/_helper.js");
        handler(root, "api/items.test.js");
        handler(root, "api/items.spec.py");
        handler(root, "api/items.js");
        handler(root, "api/node_modules/lib/index.js");
        handler(root, "api/__pycache__/x.py");
        handler(root, "api/vendor/pkg.py");
        handler(root, "api/.hidden/secret.js");
        handler(root, "api/types.d.ts");
        handler(root, "api/README.md");
        assertEquals(Map.of("api/items.js@default", List.of("GET /api/items")), routes(scan(root)));
    }

    @Test
    void ambiguousMultiMethodFileIsIgnoredWithAWarning() {
        handler(root, "get.post.items.js");
        ScanResult r = scan(root);
        assertTrue(r.sources().isEmpty());
        assertTrue(warned(r, "ambiguous multi-method"));
    }

    @Test
    void defaultTokensMapToTheFolder() {
        handler(root, "a/index.js");
        handler(root, "b/handler.py");
        handler(root, "c/main.py");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("GET /a"), r.get("a@default"));
        assertEquals(List.of("GET /b"), r.get("b@default"));
        assertEquals(List.of("GET /c"), r.get("c@default"));
    }

    @Test
    void indexPyIsNotAnEntrySoItsSiblingsArePublic() {
        handler(root, "reports/index.py");
        handler(root, "reports/utils.py");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("GET /reports"), r.get("reports/index.py@default"));
        assertEquals(List.of("GET /reports/utils"), r.get("reports/utils.py@default"));
    }

    @Test
    void singleEntryFolderKeepsPlainSiblingsPrivateButServesExplicitOnes() {
        handler(root, "shop/handler.js");
        handler(root, "shop/core.js");
        handler(root, "shop/get.items.js");
        handler(root, "shop/[sku].js");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("GET /shop"), r.get("shop@default"));
        assertEquals(List.of("GET /shop/items"), r.get("shop/get.items.js@default"));
        assertEquals(List.of("GET /shop/:sku"), r.get("shop/[sku].js@default"));
        assertEquals(3, r.size());
    }

    @Test
    void mixedSubtreeServesOnlyExplicitFiles() {
        handler(root, "shop/handler.js");
        handler(root, "shop/admin/get.health.js");
        handler(root, "shop/admin/helpers.js");
        handler(root, "shop/admin/reports/index.js");
        Map<String, List<String>> r = routes(scan(root));
        assertEquals(List.of("GET /shop/admin/health"), r.get("shop/admin/get.health.js@default"));
        assertEquals(List.of("GET /shop/admin/reports"), r.get("shop/admin/reports/index.js@default"));
        assertFalse(r.containsKey("shop/admin/helpers.js@default"));
        assertEquals(3, r.size());
    }

    @Test
    void namespacedFolderIsOneFunction() {
        handler(root, "api/v1/users/handler.py");
        assertEquals(Map.of("api/v1/users@default", List.of("GET /api/v1/users")), routes(scan(root)));
    }

    @Test
    void entryOrderPrefersHandlerAndWarnsAboutTheOther() {
        handler(root, "n/handler.js");
        handler(root, "n/index.js");
        handler(root, "p/handler.py");
        handler(root, "p/main.py");
        ScanResult r = scan(root);
        assertTrue(source(r, "n@default").entry().endsWith("n/handler.js"));
        assertTrue(source(r, "p@default").entry().endsWith("p/handler.py"));
        assertEquals(2, r.sources().size());
        assertTrue(warned(r, "is this folder's entry file"));
    }

    @Test
    void rootLevelIndexIsReservedForTheHomePage() {
        handler(root, "index.js");
        ScanResult r = scan(root);
        assertTrue(r.sources().isEmpty());
        assertTrue(warned(r, "route / is reserved"));
    }

    @Test
    void twoRuntimesInOneFolderGiveTwoSourcesForTheSameRoute() {
        handler(root, "hello/handler.js");
        handler(root, "hello/handler.py");
        ScanResult r = scan(root);
        assertEquals(2, r.sources().size());
        assertEquals(List.of("node", "python"), r.sources().stream().map(FunctionSource::runtime).sorted().toList());
        r.sources().forEach(s -> assertEquals("hello@default", s.ref().toString()));
    }

    @Test
    void extensionsDeclaredByARuntimeAreHandlers() {
        handler(root, "ruby/handler.rb");
        handler(root, "tools/get.ping.rb");
        RuntimeExtensions rx = RuntimeExtensions.of(Map.of(".rb", "ruby"));
        ScanResult r = new Scanner(root, rx, new ContentHasher()).scan();
        assertEquals("ruby", source(r, "ruby@default").runtime());
        assertEquals(List.of("GET /tools/ping"), routes(r).get("tools/get.ping.rb@default"));
        assertTrue(scan(root).sources().isEmpty());
    }

    @Test
    void depthLimitStopsTheWalkWithAWarning() {
        handler(root, "a/b/c/d/e/f/ok.js");
        handler(root, "a/b/c/d/e/f/g/too-deep.js");
        ScanResult r = scan(root);
        assertEquals(List.of("GET /a/b/c/d/e/f/ok"), routes(r).get("a/b/c/d/e/f/ok.js@default"));
        assertEquals(1, r.sources().size());
        assertTrue(warned(r, "deeper than 6 levels"));
    }

    @Test
    void missingRootIsReportedAndHeld() {
        ScanResult r = scan(root.resolve("nope"));
        assertFalse(r.rootPresent());
        assertTrue(r.problems().get(0).error());
        assertEquals("scan", r.problems().get(0).kind());
        assertTrue(r.problems().get(0).message().contains("does not exist"));
        assertEquals(1, r.held().size());
    }

    @Test
    void folderWhoseNameNormalisesToNothingIsIgnored() {
        handler(root, "___/handler.js");
        ScanResult r = scan(root);
        assertTrue(r.sources().isEmpty());
        assertTrue(warned(r, "gives no route"));
        assertNull(r.problems().stream().filter(p -> p.error()).findFirst().orElse(null));
    }
}
