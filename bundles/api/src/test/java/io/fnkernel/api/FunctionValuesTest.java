package io.fnkernel.api;

import io.fnkernel.api.route.Route;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionValuesTest {

    @Test
    void policyDefaultsMatchFastFn() {
        FunctionPolicy p = FunctionPolicy.defaults();
        assertEquals(2500, p.timeoutMs());
        assertEquals(1048576, p.maxBodyBytes());
        assertEquals(20, p.maxConcurrency());
        assertEquals(List.of("GET"), p.methods());
        assertEquals("handler", p.handler());
    }

    @Test
    void policyNormalisesMethodsAndNamesBadKeys() {
        FunctionPolicy p = FunctionPolicy.builder().methods(List.of("post", "get", "GET")).build();
        assertEquals(List.of("GET", "POST"), p.methods());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FunctionPolicy.builder().timeoutMs(0))
                .getMessage().contains("timeout_ms"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FunctionPolicy.builder().handler("1x"))
                .getMessage().contains("invoke.handler"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FunctionPolicy.builder().methods(List.of("HEAD")))
                .getMessage().contains("HEAD"));
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void sourceKeepsEntryInsideItsFolder() {
        Path dir = Path.of("/tmp/fns/hello");
        FunctionSource s = FunctionSource.builder("hello", "v2").runtime("node").directory(dir)
                .entry(dir.resolve("handler.js")).revision("abc").routes(List.of(Route.parse("GET /hello")))
                .env(Map.of("A", "1")).build();
        assertEquals(new FunctionRef("hello", "v2"), s.ref());
        assertEquals(s, s.toBuilder().build());
        assertThrows(IllegalArgumentException.class, () -> s.toBuilder().entry(Path.of("/etc/passwd")).build());
        assertThrows(IllegalArgumentException.class, () -> s.toBuilder().revision("").build());
    }

    @Test
    void requestLowerCasesHeadersAndTracksBodyPresence() {
        FunctionRequest r = FunctionRequest.builder("get", "/x").id("req-1")
                .headers(Map.of("X-Custom", List.of("a"))).build();
        assertEquals("GET", r.method());
        assertEquals("a", r.header("x-custom"));
        assertEquals("a", r.header("X-CUSTOM"));
        assertEquals("/x", r.rawPath());
        assertEquals(0, r.body().length);
        assertTrue(!r.hasBody());
        assertTrue(r.toBuilder().body(new byte[0]).build().hasBody());
        assertNull(r.user());
    }

    @Test
    void responseChecksStatusAndFindsHeadersAnyCase() {
        FunctionResponse r = FunctionResponse.text(201, "text/plain", "hi");
        assertEquals("text/plain", r.header("content-type"));
        assertEquals("hi", r.bodyText());
        assertThrows(IllegalArgumentException.class, () -> FunctionResponse.of(99, Map.of(), null));
        assertThrows(IllegalArgumentException.class, () -> FunctionResponse.of(600, Map.of(), null));
    }

    @Test
    void responseHeadersAreAnUnmodifiableCopyInOrder() {
        List<String> one = new ArrayList<>(List.of("a=1"));
        FunctionResponse single = FunctionResponse.of(200, Map.of("Set-Cookie", one), null);
        one.add("b=2");
        assertEquals(Map.of("Set-Cookie", List.of("a=1")), single.headers());
        assertThrows(UnsupportedOperationException.class, () -> single.headers().get("Set-Cookie").add("c=3"));
        assertThrows(UnsupportedOperationException.class, () -> single.headers().clear());

        Map<String, List<String>> many = new LinkedHashMap<>();
        many.put("X-B", List.of("2"));
        many.put("X-A", Arrays.asList("1", null));
        FunctionResponse r = FunctionResponse.of(200, many, null);
        many.clear();
        assertEquals(List.of("X-B", "X-A"), List.copyOf(r.headers().keySet()));
        assertEquals(Arrays.asList("1", null), r.headers().get("X-A"));
        assertThrows(UnsupportedOperationException.class, () -> r.headers().get("X-B").add("3"));

        FunctionResponse nullValue = FunctionResponse.of(200, Map.of("X-N", Arrays.asList((String) null)), null);
        assertEquals(Arrays.asList((String) null), nullValue.headers().get("X-N"));
    }

    @Test
    void loadExceptionDescribesLocation() {
        FunctionLoadException e = new FunctionLoadException("Unexpected token", Path.of("hello/handler.js"), 3, 7, null);
        assertEquals("hello/handler.js:3:7: Unexpected token", e.describe());
        assertEquals("x.py: missing handler", new FunctionLoadException("missing handler", Path.of("x.py")).describe());
        assertEquals(504, new FunctionException(FunctionException.Kind.TIMEOUT, "t").status());
    }
}
