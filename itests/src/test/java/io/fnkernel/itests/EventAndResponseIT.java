package io.fnkernel.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.Gateway;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import javax.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.fnkernel.itests.Fixtures.write;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The event a handler receives and the responses it may give, the gateway's routing order and its
 * answers to malformed requests, over a real port against real JavaScript and Python handlers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventAndResponseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LANGS = {"js", "py"};

    @Inject
    private BundleContext ctx;

    private Http http;
    private URI base;

    @Configuration
    public Option[] config() {
        Path d = Fixtures.newFunctionsDir("fnk.it.event.dir");
        write(d, "echo-js/handler.js", "exports.handler = (event) => ({ event });\n");
        write(d, "echo-py/handler.py", "def handler(event):\n    return {'event': event}\n");
        for (String lang : LANGS) {
            write(d, "echo-" + lang + "/fn.config.json", "{\"invoke\": {\"methods\": [\"GET\", \"POST\"]}}");
            write(d, "echo-" + lang + "/fn.env.json", "{\"GREETING\": \"hi\", \"TOKEN\": {\"value\": \"s3\", \"is_secret\": true}}");
        }
        write(d, "shapes-js/handler.js", """
                const bytes = 'AAEC/w=='; // 00 01 02 ff
                const cases = {
                  created: () => ({ statusCode: 201, headers: { 'Content-Type': 'text/plain' }, body: 'made' }),
                  b64: () => ({ status: 200, headers: { 'Content-Type': 'application/octet-stream' }, is_base64: true, body_base64: bytes }),
                  lambda: () => ({ statusCode: 200, headers: { 'Content-Type': 'application/octet-stream' }, isBase64Encoded: true, body: bytes }),
                  cookies: () => ({ status: 200, headers: { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] }, body: 'ok' }),
                  big: () => 'x'.repeat(5000),
                  data: () => ({ status: 'success', data: { n: 1 } }),
                  list: () => [1, 2, 3],
                  nothing: () => null,
                };
                exports.handler = (event) => cases[event.query.case]();
                """);
        write(d, "shapes-py/handler.py", """
                import base64
                BYTES = bytes([0, 1, 2, 255])
                CASES = {
                    'created': lambda: {'statusCode': 201, 'headers': {'Content-Type': 'text/plain'}, 'body': 'made'},
                    'b64': lambda: {'status': 200, 'headers': {'Content-Type': 'application/octet-stream'}, 'is_base64': True,
                                    'body_base64': base64.b64encode(BYTES).decode()},
                    'lambda': lambda: {'statusCode': 200, 'headers': {'Content-Type': 'application/octet-stream'},
                                       'isBase64Encoded': True, 'body': base64.b64encode(BYTES).decode()},
                    'cookies': lambda: {'status': 200, 'headers': {'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/']}, 'body': 'ok'},
                    'big': lambda: 'x' * 5000,
                    'data': lambda: {'status': 'success', 'data': {'n': 1}},
                    'list': lambda: [1, 2, 3],
                    'nothing': lambda: None,
                    'tuple': lambda: ('made', 201, {'X-Kind': 'tuple'}),
                }
                def handler(event):
                    return CASES[event['query']['case']]()
                """);
        write(d, "prec/me.js", "exports.handler = () => ({ route: 'exact' });\n");
        write(d, "prec/[id].py", "def handler(event, id):\n    return {'route': 'dynamic', 'id': id}\n");
        write(d, "prec/[...rest].js", "exports.handler = (e, p) => ({ route: 'catch-all', rest: p.rest });\n");
        return FnkOptions.platform(d);
    }

    @Before
    public void connect() throws Exception {
        base = new Services(ctx).await(Gateway.class, null).uri();
        http = new Http(base);
        for (String path : new String[]{"/echo-js", "/echo-py", "/shapes-js?case=list", "/shapes-py?case=list", "/prec/me", "/prec/1", "/prec/a/b"}) {
            http.await(path, r -> r.statusCode() == 200, 30_000);
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private JsonNode event(String lang, HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b);
        assertEquals(r.body(), 200, r.statusCode());
        return json(r).get("event");
    }

    @Test
    public void theEventCarriesTheRequestAndTheFunctionContext() throws Exception {
        for (String lang : LANGS) {
            JsonNode e = event(lang, HttpRequest.newBuilder(base.resolve("/echo-" + lang + "/?tag=a&tag=b&q=1"))
                    .header("X-Multi", "one").header("X-Multi", "two").header("X-Request-Id", "it-" + lang)
                    .header("Cookie", "session_id=abc; theme=dark").header("User-Agent", "fnk-it")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
            String at = lang + ": " + e;
            assertEquals(at, "it-" + lang, e.get("id").asText());
            assertTrue(at, e.get("ts").asLong() > 1_600_000_000_000L);
            assertEquals(at, "POST", e.get("method").asText());
            assertEquals(at, "/echo-" + lang + "/", e.get("path").asText());
            assertEquals(at, "/echo-" + lang + "/?tag=a&tag=b&q=1", e.get("raw_path").asText());
            assertEquals(at, List.of("a", "b"), JSON.convertValue(e.get("query").get("tag"), List.class));
            assertEquals(at, "1", e.get("query").get("q").asText());
            assertEquals(at, List.of("one", "two"), JSON.convertValue(e.get("headers").get("x-multi"), List.class));
            assertEquals(at, "{\"a\":1}", e.get("body").asText());
            assertEquals(at, "abc", e.get("session").get("id").asText());
            assertEquals(at, "dark", e.get("session").get("cookies").get("theme").asText());
            assertEquals(at, "127.0.0.1", e.get("client").get("ip").asText());
            assertEquals(at, "fnk-it", e.get("client").get("ua").asText());
            JsonNode c = e.get("context");
            assertEquals(at, "it-" + lang, c.get("request_id").asText());
            assertEquals(at, lang.equals("js") ? "node" : "python", c.get("runtime").asText());
            assertEquals(at, "echo-" + lang, c.get("function_name").asText());
            assertEquals(at, "default", c.get("version").asText());
            assertEquals(at, 2500, c.get("timeout_ms").asInt());
            assertEquals(at, 1048576, c.get("max_body_bytes").asInt());
            assertTrue(at, c.has("max_concurrency"));
            assertFalse("context.user only comes from /_fn/invoke: " + at, c.has("user"));
            assertEquals(at, "hi", e.get("env").get("GREETING").asText());
            assertEquals(at, "s3", e.get("env").get("TOKEN").asText());
        }
    }

    @Test
    public void binaryBodiesArriveIntactAndRequestIdsComeBack() throws Exception {
        byte[] bytes = {(byte) 0xff, 0, (byte) 0xfe, 10, (byte) 0x80};
        for (String lang : LANGS) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/echo-" + lang))
                    .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
            assertEquals(r.body(), 200, r.statusCode());
            JsonNode e = json(r).get("event");
            assertTrue(lang + ": " + e, e.get("is_base64").asBoolean());
            assertArrayEquals(lang, bytes, Base64.getDecoder().decode(e.get("body").asText()));
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            assertEquals(lang, id, e.get("id").asText());
        }
        assertTrue(http.get("/nowhere").headers().firstValue("x-request-id").isPresent());
    }

    @Test
    public void envelopesShorthandsAndDataAreTold() throws Exception {
        for (String lang : LANGS) {
            String p = "/shapes-" + lang + "?case=";
            HttpResponse<String> created = http.get(p + "created");
            assertEquals(lang, 201, created.statusCode());
            assertEquals(lang, "made", created.body());
            assertTrue(lang, created.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            for (String b64 : new String[]{"b64", "lambda"}) {
                HttpResponse<byte[]> bin = http.sendBytes(HttpRequest.newBuilder(base.resolve(p + b64)).GET());
                assertEquals(lang + " " + b64, 200, bin.statusCode());
                assertArrayEquals(lang + " " + b64, new byte[]{0, 1, 2, (byte) 255}, bin.body());
            }
            assertEquals(lang, List.of("a=1; Path=/", "b=2; Path=/"), http.get(p + "cookies").headers().allValues("set-cookie"));
            HttpResponse<String> data = http.get(p + "data");
            assertEquals(lang + " decision 2", 200, data.statusCode());
            assertEquals(lang, "success", json(data).get("status").asText());
            HttpResponse<String> list = http.get(p + "list");
            assertEquals(lang, "[1,2,3]", list.body().replace(" ", ""));
            assertTrue(lang, list.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            HttpResponse<String> nothing = http.get(p + "nothing");
            assertEquals(lang, 200, nothing.statusCode());
            assertEquals(lang, "", nothing.body());
        }
        HttpResponse<String> tuple = http.get("/shapes-py?case=tuple");
        assertEquals(201, tuple.statusCode());
        assertEquals("made", tuple.body());
        assertEquals("tuple", tuple.headers().firstValue("x-kind").orElse(""));
    }

    @Test
    public void largeTextIsGzippedForClientsThatAcceptIt() throws Exception {
        for (String lang : LANGS) {
            HttpResponse<byte[]> r = http.sendBytes(HttpRequest.newBuilder(base.resolve("/shapes-" + lang + "?case=big"))
                    .header("Accept-Encoding", "gzip").GET());
            assertEquals(lang, "gzip", r.headers().firstValue("content-encoding").orElse(""));
            assertTrue(lang + " sent " + r.body().length + " bytes", r.body().length < 1000);
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
                assertEquals(lang, "x".repeat(5000), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            HttpResponse<String> plain = http.get("/shapes-" + lang + "?case=big");
            assertFalse(lang, plain.headers().firstValue("content-encoding").isPresent());
            assertEquals(lang, 5000, plain.body().length());
        }
    }

    @Test
    public void exactRoutesBeatDynamicOnesWhichBeatCatchAlls() throws Exception {
        assertEquals("exact", json(http.get("/prec/me")).get("route").asText());
        JsonNode dynamic = json(http.get("/prec/42"));
        assertEquals("dynamic", dynamic.get("route").asText());
        assertEquals("42", dynamic.get("id").asText());
        JsonNode rest = json(http.get("/prec/a/b/c"));
        assertEquals("catch-all", rest.get("route").asText());
        assertEquals("a/b/c", rest.get("rest").asText());
    }

    @Test
    public void pythonRoutesAnswer405HeadAndOptionsToo() throws Exception {
        HttpResponse<String> put = http.send("PUT", "/echo-py", "{}");
        assertEquals(405, put.statusCode());
        List<String> allow = List.of(put.headers().firstValue("allow").orElse("").split(", "));
        assertTrue(allow.toString(), allow.containsAll(List.of("GET", "POST")) && !allow.contains("PUT"));
        HttpResponse<String> head = http.send("HEAD", "/echo-py", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> options = http.send("OPTIONS", "/echo-py", null);
        assertEquals(204, options.statusCode());
        assertTrue(options.headers().firstValue("allow").orElse("").contains("POST"));
    }

    @Test
    public void malformedAndOversizedRequestsGetClearErrors() throws Exception {
        assertTrue(raw("GET /%2e%2e/echo-js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 400"));
        assertTrue(raw("GET /echo-js/%2f..%2f HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 400"));
        assertTrue(raw("GET /echo-js HTTP/1.1\r\nHost: x\r\nBad Header Line\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 400"));
        assertTrue(raw("GET /echo-js HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 400"));
        String big = "GET /echo-js HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n";
        assertTrue(raw(big).startsWith("HTTP/1.1 431"));
        assertEquals(200, http.get("/echo-js").statusCode());
    }

    @Test
    public void adminInvokeHandsTheContextToTheHandlerAndReloadNeedsTheCsrfHeader() throws Exception {
        for (String lang : LANGS) {
            String body = "{\"name\": \"echo-" + lang + "\", \"method\": \"POST\", \"query\": {\"x\": \"1\"},"
                    + " \"body\": \"hello\", \"context\": {\"user\": \"ada\"}}";
            HttpResponse<String> r = http.send("POST", "/_fn/invoke", body, "Content-Type", "application/json", "X-Fn-Request", "1");
            assertEquals(r.body(), 200, r.statusCode());
            JsonNode out = json(r);
            assertEquals(r.body(), 200, out.get("status").asInt());
            JsonNode e = JSON.readTree(out.get("body").asText()).get("event");
            assertEquals(lang + ": " + e, "ada", e.get("context").get("user").get("user").asText());
            assertEquals(lang, "1", e.get("query").get("x").asText());
            assertEquals(lang, "hello", e.get("body").asText());
        }
        assertEquals(403, http.send("POST", "/_fn/reload", "").statusCode());
        assertEquals(403, http.send("POST", "/_fn/invoke", "{\"name\": \"echo-js\"}").statusCode());
        HttpResponse<String> reload = http.send("POST", "/_fn/reload", "", "X-Fn-Request", "1");
        assertEquals(reload.body(), 200, reload.statusCode());
    }

    /** Sends bytes as they are over a fresh connection and returns what came back. */
    private String raw(String request) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(got);
            } catch (java.net.SocketException e) {
                // the server may reset after answering
            }
            String text = got.toString(StandardCharsets.ISO_8859_1);
            assertFalse("stack trace leaked: " + text, text.contains("\tat ") || text.contains("Exception"));
            return text;
        }
    }
}
