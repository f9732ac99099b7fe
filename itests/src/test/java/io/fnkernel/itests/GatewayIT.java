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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.fnkernel.itests.Fixtures.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The gateway's limits and error answers over a real port, against real JavaScript and Python handlers. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext ctx;

    private Http http;

    @Configuration
    public Option[] config() {
        Path d = Fixtures.newFunctionsDir("fnk.it.gateway.dir");
        for (String lang : new String[]{"js", "py"}) {
            String ext = lang.equals("js") ? "handler.js" : "handler.py";
            boolean js = lang.equals("js");
            write(d, "loop-" + lang + "/" + ext, js ? "exports.handler = () => { for (;;) {} };\n"
                    : "def handler(event):\n    while True:\n        pass\n");
            write(d, "loop-" + lang + "/fn.config.json", "{\"timeout_ms\": 400}");
            write(d, "throws-" + lang + "/" + ext, js ? "exports.handler = () => { throw new Error('boom'); };\n"
                    : "def handler(event):\n    raise RuntimeError('boom')\n");
            write(d, "badheader-" + lang + "/" + ext, js
                    ? "exports.handler = () => ({ status: 200, headers: { 'X-Bad': 'a\\r\\nInjected: yes' }, body: 'x' });\n"
                    : "def handler(event):\n    return {'status': 200, 'headers': {'X-Bad': 'a\\r\\nInjected: yes'}, 'body': 'x'}\n");
            write(d, "sleepy-" + lang + "/" + ext, js
                    ? "exports.handler = async () => { await new Promise((r) => setTimeout(r, 700)); return { ok: true }; };\n"
                    : "import time\n\ndef handler(event):\n    time.sleep(0.7)\n    return {'ok': True}\n");
            write(d, "sleepy-" + lang + "/fn.config.json", "{\"max_concurrency\": 1, \"max_queue\": 0}");
            write(d, "small-" + lang + "/" + ext, js ? "exports.handler = (e) => ({ got: e.body.length });\n"
                    : "def handler(event):\n    return {'got': len(event['body'])}\n");
            write(d, "small-" + lang + "/fn.config.json", "{\"max_body_bytes\": 16, \"invoke\": {\"methods\": [\"POST\"]}}");
        }
        write(d, "users/[id].js", "exports.handler = (e, p) => ({ id: p.id, lang: 'js' });\n");
        write(d, "items/[itemId].py", "def handler(event, itemId):\n    return {'id': itemId, 'lang': 'py'}\n");
        write(d, "get.conflict.js", "exports.handler = () => 'js';\n");
        write(d, "get.conflict.py", "def handler(event):\n    return 'py'\n");
        write(d, "ok/handler.js", "exports.handler = () => ({ ok: true });\n");
        return FnkOptions.platform(d);
    }

    @Before
    public void connect() throws Exception {
        http = new Http(new Services(ctx).await(Gateway.class, null).uri());
        http.await("/ok", r -> r.statusCode() == 200, 30_000);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void assertPlatformError(HttpResponse<String> r, int status) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        JsonNode body = json(r);
        assertTrue(r.body(), body.has("error"));
        assertTrue(r.body(), body.has("request_id"));
        assertFalse("stack trace leaked: " + r.body(), r.body().contains("\tat ") || r.body().contains("Exception"));
    }

    @Test
    public void runawayHandlersAnswer504OnTime() throws Exception {
        for (String lang : new String[]{"js", "py"}) {
            http.await("/loop-" + lang, r -> r.statusCode() != 404, 30_000);
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.get("/loop-" + lang);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertPlatformError(r, 504);
            assertTrue(lang + " took " + ms + " ms", ms < 3000);
            assertEquals(200, http.get("/ok").statusCode());
        }
    }

    @Test
    public void throwingHandlersAnswer500WithTheirMessage() throws Exception {
        for (String lang : new String[]{"js", "py"}) {
            HttpResponse<String> r = http.await("/throws-" + lang, x -> x.statusCode() != 404, 30_000);
            assertPlatformError(r, 500);
            assertTrue(r.body(), json(r).get("error").asText().contains("boom"));
        }
    }

    @Test
    public void invalidHeadersFromHandlersAre502AndNeverReachTheWire() throws Exception {
        for (String lang : new String[]{"js", "py"}) {
            HttpResponse<String> r = http.await("/badheader-" + lang, x -> x.statusCode() != 404, 30_000);
            assertPlatformError(r, 502);
            assertTrue(r.body(), r.body().contains("X-Bad"));
            assertFalse(r.headers().firstValue("injected").isPresent());
        }
    }

    @Test
    public void bodiesOverTheLimitAre413() throws Exception {
        for (String lang : new String[]{"js", "py"}) {
            http.await("/small-" + lang, x -> x.statusCode() != 404, 30_000);
            assertEquals(200, http.send("POST", "/small-" + lang, "tiny").statusCode());
            assertPlatformError(http.send("POST", "/small-" + lang, "x".repeat(100)), 413);
        }
    }

    @Test
    public void concurrencyBeyondLimitAndQueueIs429WithRetryAfter() throws Exception {
        for (String lang : new String[]{"js", "py"}) {
            String path = "/sleepy-" + lang;
            http.await(path, x -> x.statusCode() == 200, 30_000);
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return http.get(path);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            int ok = 0;
            int limited = 0;
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertPlatformError(r, 429);
                    assertTrue(r.headers().firstValue("retry-after").isPresent());
                    limited++;
                }
            }
            assertTrue(lang + ": ok " + ok + " limited " + limited, ok >= 1 && limited >= 1);
        }
    }

    @Test
    public void routeParamsReachBothRuntimes() throws Exception {
        assertEquals("42", json(http.await("/users/42", r -> r.statusCode() == 200, 30_000)).get("id").asText());
        assertEquals("7", json(http.await("/items/7", r -> r.statusCode() == 200, 30_000)).get("id").asText());
    }

    @Test
    public void theSameRouteFromTwoFilesIs409() throws Exception {
        HttpResponse<String> r = http.await("/conflict", x -> x.statusCode() != 404, 30_000);
        assertPlatformError(r, 409);
    }
}
