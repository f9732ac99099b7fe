package io.fnkernel.runtime.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    private static final Path DIR = Path.of("/tmp/fns/hello/v2");
    private static final FunctionSource SOURCE = FunctionSource.builder("hello", "v2").runtime("node").directory(DIR)
            .entry(DIR.resolve("handler.js")).revision("r1").env(Map.of("A", "1")).build();

    private static JsonNode event(FunctionRequest r) throws Exception {
        return new ObjectMapper().readTree(EventJson.write(SOURCE, r));
    }

    @Test
    void hasFastFnShape() throws Exception {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("a", List.of("1", "2"));
        q.put("flag", Collections.singletonList(null));
        q.put("x", List.of(""));
        JsonNode e = event(FunctionRequest.builder("GET", "/hello@v2").id("req-9").rawPath("/hello@v2?a=1&a=2&flag&x=")
                .query(q).headers(Map.of("X-Multi", List.of("a", "b"), "Host", List.of("h"))).clientIp("10.0.0.1").build());
        assertEquals("req-9", e.get("id").asText());
        assertEquals("/hello@v2?a=1&a=2&flag&x=", e.get("raw_path").asText());
        assertEquals("[\"1\",\"2\"]", e.get("query").get("a").toString());
        assertTrue(e.get("query").get("flag").booleanValue());
        assertEquals("", e.get("query").get("x").asText());
        assertEquals("[\"a\",\"b\"]", e.get("headers").get("x-multi").toString());
        assertEquals("h", e.get("headers").get("host").asText());
        assertFalse(e.has("body"), "no body means no body field");
        assertFalse(e.has("session"));
        assertEquals("v2", e.get("version").asText());
        JsonNode ctx = e.get("context");
        assertEquals("hello", ctx.get("function_name").asText());
        assertEquals("v2", ctx.get("version").asText());
        assertEquals("node", ctx.get("runtime").asText());
        assertEquals(2500, ctx.get("timeout_ms").asInt());
        assertFalse(ctx.has("user"));
        assertEquals("1", e.get("env").get("A").asText());
        assertEquals("10.0.0.1", e.get("client").get("ip").asText());
        assertNull(e.get("client").get("ua"));
    }

    @Test
    void binaryBodyIsBase64WithAFlag() throws Exception {
        byte[] body = {(byte) 0xff, 0, 1};
        JsonNode e = event(FunctionRequest.builder("POST", "/x").id("r").body(body).build());
        assertTrue(e.get("is_base64").booleanValue());
        assertEquals(Base64.getEncoder().encodeToString(body), e.get("body").asText());
        JsonNode t = event(FunctionRequest.builder("POST", "/x").id("r").body("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
        assertEquals("héllo", t.get("body").asText());
        assertFalse(t.has("is_base64"));
    }

    @Test
    void cookiesMakeASession() throws Exception {
        JsonNode s = event(FunctionRequest.builder("GET", "/x").id("r")
                .headers(Map.of("Cookie", List.of("theme=dark; sessionid=s1; sid=s2; bad"))).build()).get("session");
        assertEquals("s1", s.get("id").asText());
        assertEquals("dark", s.get("cookies").get("theme").asText());
        assertEquals("theme=dark; sessionid=s1; sid=s2; bad", s.get("raw").asText());
    }
}
