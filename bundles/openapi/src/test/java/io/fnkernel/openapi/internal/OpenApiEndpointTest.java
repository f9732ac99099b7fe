package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionResponse;
import io.fnkernel.openapi.testing.FakeFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiEndpointTest {

    @TempDir
    Path root;

    private String server(OpenApiConfig config, Map<String, List<String>> headers) {
        try (Docs d = Docs.of(config, new FakeFunctions(root).simple("hello"))) {
            return Docs.parse(d.get("/_fn/openapi.json", headers).body()).path("servers").get(0).path("url").asText();
        }
    }

    @Test
    void serverUrlFromHostHeader() {
        assertEquals("http://api.local.test", server(OpenApiConfig.DEFAULTS, Map.of("Host", List.of("api.local.test"))));
        assertEquals("http://127.0.0.1:8080", server(OpenApiConfig.DEFAULTS, Map.of("Host", List.of("127.0.0.1:8080"))));
        assertEquals("http://[::1]:8080", server(OpenApiConfig.DEFAULTS, Map.of("Host", List.of("[::1]:8080"))));
    }

    @Test
    void serverUrlFromForwardedHeadersFirstValue() {
        assertEquals("https://api.proxy.test", server(OpenApiConfig.DEFAULTS, Map.of("Host", List.of("internal:8080"),
                "X-Forwarded-Proto", List.of("https, http"), "X-Forwarded-Host", List.of("api.proxy.test, internal"))));
        assertEquals("http://internal:8080", server(OpenApiConfig.DEFAULTS, Map.of("Host", List.of("internal:8080"),
                "X-Forwarded-Proto", List.of("gopher"))));
    }

    @Test
    void serverUrlFromConfiguredBaseUrlWins() {
        OpenApiConfig c = OpenApiConfig.from(Map.of("fnk.public.base.url", "https://api.fnkernel.example/")::get);
        assertEquals("https://api.fnkernel.example", server(c, Map.of("Host", List.of("other"),
                "X-Forwarded-Host", List.of("proxy"))));
    }

    @Test
    void everyOriginGetsItsOwnServerPastTheCachedOnes() {
        try (Docs d = Docs.of(OpenApiConfig.DEFAULTS, new FakeFunctions(root).simple("hello"))) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < SpecDocument.CACHED_ORIGINS * 3; i++) {
                    String host = "h" + i + ".test";
                    byte[] body = d.get("/_fn/openapi.json", Map.of("host", List.of(host))).body();
                    assertEquals("http://" + host, Docs.parse(body).path("servers").get(0).path("url").asText());
                    String yaml = d.get("/_fn/openapi.yaml", Map.of("host", List.of(host))).bodyText();
                    assertTrue(yaml.contains("- url: http://" + host + "\n"), yaml);
                }
            }
        }
    }

    @Test
    void hostileHostIsNotEchoed() {
        assertEquals("/", server(OpenApiConfig.DEFAULTS, Map.of("Host", List.of("evil\"},{\"x\":\"y"))));
        assertEquals("/", server(OpenApiConfig.DEFAULTS, Map.of("Host", List.of("a b"))));
        assertEquals("/", server(OpenApiConfig.DEFAULTS, Map.of()));
    }

    @Test
    void yamlIsServedWithTheSameServerAndContent() {
        try (Docs d = Docs.of(OpenApiConfig.DEFAULTS, new FakeFunctions(root).simple("hello"))) {
            FunctionResponse yaml = d.get("/_fn/openapi.yaml", Map.of("host", List.of("h.test:81")));
            assertEquals(200, yaml.status());
            assertEquals("application/yaml", yaml.header("content-type"));
            String text = yaml.bodyText();
            assertTrue(text.startsWith("openapi: 3.1.0"), text);
            assertTrue(text.contains("- url: http://h.test:81\n"), text);
            assertTrue(text.contains("  /hello:\n"), text);
            FunctionResponse json = d.get("/_fn/openapi.json", Map.of("host", List.of("h.test:81")));
            assertEquals("application/json", json.header("content-type"));
            assertEquals(Docs.JSON.valueToTree(new org.yaml.snakeyaml.Yaml().load(text)), Docs.parse(json.body()),
                    "YAML and JSON say the same");
        }
    }

    @Test
    void onlyGetAndHead() {
        try (Docs d = new Docs(OpenApiConfig.DEFAULTS)) {
            assertEquals(200, d.request("HEAD", "/openapi.json", Map.of()).status());
            FunctionResponse post = d.request("POST", "/openapi.json", Map.of());
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.header("allow"));
            assertEquals("{\"error\":\"method not allowed\",\"request_id\":\"req-1\"}", post.bodyText());
        }
    }

    @Test
    void configNamesTheBadProperty() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OpenApiConfig.from(Map.of("fnk.openapi.include.internal", "maybe")::get));
        assertTrue(e.getMessage().contains("fnk.openapi.include.internal"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OpenApiConfig.from(Map.of("fnk.public.base.url", "ftp://x")::get));
        assertTrue(e.getMessage().contains("fnk.public.base.url"), e.getMessage());
        assertEquals(new OpenApiConfig(null, true), OpenApiConfig.from(Map.of("fnk.openapi.include.internal", "TRUE")::get));
        assertEquals(OpenApiConfig.DEFAULTS, OpenApiConfig.from(k -> null));
    }
}
