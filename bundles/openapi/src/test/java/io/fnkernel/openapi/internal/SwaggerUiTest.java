package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwaggerUiTest {

    private static final SwaggerUi UI = SwaggerUi.load(SwaggerUiTest.class.getClassLoader());

    private static FunctionResponse get(String path) {
        return UI.handle(FunctionRequest.builder("GET", path).id("r").build());
    }

    @Test
    void pageIsServedFromTheBundleAndPointsAtTheDocument() {
        for (String path : List.of("/_fn/docs", "/_fn/docs/", "/_fn/docs/index.html")) {
            FunctionResponse r = get(path);
            assertEquals(200, r.status(), path);
            assertEquals("text/html; charset=utf-8", r.header("content-type"));
            assertEquals("no-cache", r.header("cache-control"));
            String html = r.bodyText();
            assertTrue(html.contains("url: '/_fn/openapi.json'"), html);
            assertTrue(html.contains("/_fn/docs/" + UI.version() + "/swagger-ui-bundle.js"), html);
            assertTrue(!html.contains("http://") && !html.contains("https://"), "no external resource: " + html);
        }
        assertEquals("5.34.1", UI.version(), "the webjar version the build embeds");
    }

    @Test
    void assetsHaveTheirContentTypesAndLongCaching() {
        String base = "/_fn/docs/" + UI.version() + "/";
        FunctionResponse js = get(base + "swagger-ui-bundle.js");
        assertEquals(200, js.status());
        assertEquals("text/javascript; charset=utf-8", js.header("content-type"));
        assertTrue(js.body().length > 1_000_000, "the whole bundle: " + js.body().length);
        assertTrue(js.header("cache-control").contains("max-age=31536000"));
        assertEquals("nosniff", js.header("x-content-type-options"));
        assertEquals("text/css; charset=utf-8", get(base + "swagger-ui.css").header("content-type"));
        assertEquals("image/png", get(base + "favicon-32x32.png").header("content-type"));
        assertEquals("text/javascript; charset=utf-8", get(base + "swagger-ui-standalone-preset.js").header("content-type"));
        for (String file : SwaggerUi.FILES.keySet()) {
            assertEquals(200, get(base + file).status(), file);
        }
    }

    @Test
    void unknownFilesAndTraversalAre404() {
        String base = "/_fn/docs/" + UI.version() + "/";
        for (String path : List.of(base + "nope.js", "/_fn/docs/swagger-ui.css", base + "../" + UI.version() + "/swagger-ui.css",
                base + "..%2Fswagger-ui.css", "/_fn/docs/../openapi.json", base + "index.html", base + "swagger-initializer.js",
                "/_fn/docs/" + UI.version() + "/../../../META-INF/MANIFEST.MF", "/_fn/docs/0.0.1/swagger-ui.css",
                "/_fn/docs//" + UI.version() + "/swagger-ui.css", base)) {
            FunctionResponse r = get(path);
            assertEquals(404, r.status(), path);
            assertEquals("application/json", r.header("content-type"), path);
            assertTrue(r.bodyText().contains("\"error\":\"not found\""), path);
        }
    }

    @Test
    void otherMethodsAre405() {
        FunctionResponse r = UI.handle(FunctionRequest.builder("DELETE", "/_fn/docs").id("r").build());
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("allow"));
    }
}
