package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFieldsTest {

    private Harness h;
    private FakeVersion fn;

    @BeforeEach
    void start() {
        h = Harness.start();
        fn = h.register(new FakeVersion("ev", "default", FunctionPolicy.builder().timeoutMs(2000).build(),
                "GET /ev/:name", "POST /ev/:name"));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void queryKeepsRepeatsBareKeysAndDecodes() {
        h.get("/ev/x?a=1&a=2&flag&x=&sp=a+b%20c&&u=%E2%9C%93&bad=%zz");
        Map<String, List<String>> q = fn.last().query();
        assertEquals(List.of("1", "2"), q.get("a"));
        assertEquals(Arrays.asList((String) null), q.get("flag"));
        assertEquals(List.of(""), q.get("x"));
        assertEquals(List.of("a b c"), q.get("sp"));
        assertEquals(List.of("\u2713"), q.get("u"));
        assertEquals(List.of("%zz"), q.get("bad"));
        assertEquals(List.of("a", "flag", "x", "sp", "u", "bad"), List.copyOf(q.keySet()));
    }

    @Test
    void pathRawPathParamsAndMethod() {
        h.get("/ev/caf%C3%A9?n=1");
        FunctionRequest r = fn.last();
        assertEquals("GET", r.method());
        assertEquals("/ev/caf\u00e9", r.path());
        assertEquals("/ev/caf%C3%A9?n=1", r.rawPath());
        assertEquals(Map.of("name", "caf\u00e9"), r.params());
    }

    @Test
    void headersAreLowerCasedWithRepeatsAndClientFieldsSet() {
        h.get("/ev/x", "X-Multi: 1", "X-Multi: 2", "User-Agent: curl/8", "X-Request-Id: rid-1", "Cookie: session_id=abc; theme=dark");
        FunctionRequest r = fn.last();
        assertEquals(List.of("1", "2"), r.headers().get("x-multi"));
        assertEquals(List.of("test"), r.headers().get("host"));
        assertTrue(r.headers().keySet().stream().allMatch(k -> k.equals(k.toLowerCase())));
        assertEquals("curl/8", r.userAgent());
        assertEquals("rid-1", r.id());
        assertEquals("session_id=abc; theme=dark", r.header("Cookie"));
        assertFalse(r.clientIp().isEmpty());
        assertTrue(Math.abs(System.currentTimeMillis() - r.receivedAt()) < 10_000);
        assertTrue(r.timeoutMs() > 0 && r.timeoutMs() <= 2000);
        assertNull(r.user());
        assertFalse(r.hasBody());
    }

    @Test
    void bodyBytesAreKeptAndEmptyBodyIsAbsent() {
        byte[] body = {0, (byte) 0xff, (byte) 0xc3, 0x28, 'a'};
        h.send("POST", "/ev/x", body);
        assertTrue(fn.last().hasBody());
        assertTrue(Arrays.equals(body, fn.last().body()));
        h.send("POST", "/ev/x", new byte[0]);
        assertFalse(fn.last().hasBody());
        h.send("POST", "/ev/x", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "Content-Type: application/json");
        assertEquals("{\"a\":1}", new String(fn.last().body(), StandardCharsets.UTF_8));
    }

    @Test
    void publicRequestsCannotInjectContext() {
        h.get("/ev/x?__fnctx=eyJhZG1pbiI6dHJ1ZX0=");
        assertNull(fn.last().user());
        assertEquals(List.of("eyJhZG1pbiI6dHJ1ZX0="), fn.last().query().get("__fnctx"));
    }
}
