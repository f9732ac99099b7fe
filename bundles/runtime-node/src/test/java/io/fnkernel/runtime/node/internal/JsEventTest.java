package io.fnkernel.runtime.node.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.runtime.support.EventJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

import static io.fnkernel.runtime.node.internal.TestFunctions.call;
import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.get;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The event the glue builds from {@link JsEvent}'s array is, key for key and in order, the one {@link EventJson} writes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeRuntime runtime;
    private Path root;

    @BeforeAll
    void start(@TempDir Path root) {
        this.root = root;
        runtime = new NodeRuntime(NodeRuntimeConfig.defaults());
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private void assertSameEvent(FunctionSource s, FunctionRequest r) throws Exception {
        FunctionVersion v = runtime.load(s);
        try {
            JsonNode got = JSON.readTree(call(v, r).body()).get("event");
            JsonNode expected = jsOrder(JSON.readTree(EventJson.write(s, r)));
            assertEquals(expected.toString(), got.toString());
        } finally {
            v.close();
        }
    }

    /** Orders keys as every JavaScript object does (JSON.parse too): array-index keys first, ascending. */
    private static JsonNode jsOrder(JsonNode n) {
        if (n.isArray()) {
            ArrayNode a = JSON.createArrayNode();
            n.forEach(x -> a.add(jsOrder(x)));
            return a;
        }
        if (!n.isObject()) {
            return n;
        }
        ObjectNode o = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        names.stream().filter(k -> k.matches("0|[1-9][0-9]{0,8}")).sorted(Comparator.comparingLong(Long::parseLong))
                .forEach(k -> o.set(k, jsOrder(n.get(k))));
        names.stream().filter(k -> !k.matches("0|[1-9][0-9]{0,8}")).forEach(k -> o.set(k, jsOrder(n.get(k))));
        return o;
    }

    @Test
    void richRequestGivesTheSameEvent() throws Exception {
        Path dir = folder(root, "rich", "handler.js", "exports.handler = (event) => ({ event });");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("API_URL", "https://example.test");
        env.put("__proto__", "not a prototype");
        FunctionSource s = source(dir, b -> b.timeoutMs(1234).maxConcurrency(3), env);
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("a", List.of("1", "2"));
        query.put("flag", Arrays.asList((String) null));
        query.put("empty", List.of(""));
        query.put("7", List.of("numeric key"));
        query.put("__proto__", List.of("x", "y"));
        query.put("mixed", Arrays.asList("v", null));
        query.put("linked", new LinkedList<>(Arrays.asList("l1", null, "l3"))); // not RandomAccess
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Multi", List.of("a", "b"));
        headers.put("Cookie", List.of("theme=dark; sid=abc", "__proto__=p"));
        headers.put("User-Agent", List.of("curl/8"));
        FunctionRequest r = FunctionRequest.builder("POST", "/rich/7").id("req-rich").rawPath("/rich/7?a=1&a=2&flag")
                .query(query).params(Map.of("id", "7")).headers(headers).body("{\"é\": \"ü\"}".getBytes(StandardCharsets.UTF_8))
                .clientIp("10.0.0.9").userAgent("curl/8").user(Map.of("tenant", "t1", "roles", List.of("a", "b"))).build();
        assertSameEvent(s, r);
    }

    @Test
    void binaryBodyAndBareRequestGiveTheSameEvent() throws Exception {
        Path dir = folder(root, "bare", "handler.js", "exports.handler = (event) => ({ event });");
        FunctionSource s = source(dir);
        assertSameEvent(s, get("/bare").body(new byte[] {(byte) 0xff, 0, 1}).build());
        assertSameEvent(s, get("/bare").headers(Map.of("Cookie", List.of("theme=dark"))).build());
    }

    @Test
    void hostileKeysStayOwnDataAndCallsGetFreshObjects() throws Exception {
        Path dir = folder(root, "hostile", "handler.js", """
                exports.handler = (event) => {
                  const seen = [Object.getPrototypeOf(event.query) === Object.prototype,
                    Object.hasOwn(event.query, '__proto__'), event.env.TOKEN, event.query.n];
                  event.env.TOKEN = 'changed';
                  event.query.n = 'changed';
                  return seen;
                };
                """);
        FunctionVersion v = runtime.load(source(dir, b -> b, Map.of("TOKEN", "t")));
        try {
            Map<String, List<String>> query = Map.of("__proto__", List.of("1", "2"), "n", List.of("1"));
            for (int i = 0; i < 2; i++) {
                assertEquals("[true,true,\"t\",\"1\"]", call(v, get("/hostile").query(query).build()).bodyText());
            }
        } finally {
            v.close();
        }
    }
}
