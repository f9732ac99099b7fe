package io.fnkernel.openapi.internal;

import io.fnkernel.openapi.testing.FakeFunctions;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated document, JSON and YAML, passes swagger-parser's validation with no messages. */
class SpecValidationTest {

    @TempDir
    Path root;

    private static SwaggerParseResult parse(byte[] doc) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIParser().readContents(new String(doc, StandardCharsets.UTF_8), null, options);
    }

    @Test
    void jsonAndYamlValidateWithEveryFeatureOn() {
        try (Docs d = new Docs(new OpenApiConfig(null, true))) {
            Examples.all(new FakeFunctions(root)).forEach(d::add);
            d.service.putEndpoint(1000, InternalRoute.ofEndpoint(List.of("/_fn/openapi.json", "/_fn/docs", "/_fn/docs/*"), "test"));
            Map<String, List<String>> host = Map.of("host", List.of("api.local.test:8080"));
            for (String path : List.of("/_fn/openapi.json", "/_fn/openapi.yaml")) {
                SwaggerParseResult r = parse(d.get(path, host).body());
                assertNotNull(r.getOpenAPI(), path + ": " + r.getMessages());
                assertTrue(r.getMessages() == null || r.getMessages().isEmpty(), path + ": " + r.getMessages());
                assertEquals("3.1.0", r.getOpenAPI().getOpenapi());
                assertEquals("http://api.local.test:8080", r.getOpenAPI().getServers().get(0).getUrl());
                assertTrue(r.getOpenAPI().getPaths().size() > 10, path);
            }
        }
    }

    @Test
    void aBrokenDocumentIsReported() {
        SwaggerParseResult r = parse("{\"openapi\":\"3.1.0\",\"paths\":{\"/x\":{\"get\":{\"responses\":{\"200\":{}}}}}}"
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(r.getMessages() != null && !r.getMessages().isEmpty(), "the validator does report problems");
    }
}
