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

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The README's scenario on the real bundle set: the examples answer over HTTP, versions included. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SeedScenarioIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext ctx;

    private Http http;

    @Configuration
    public Option[] config() {
        return FnkOptions.platform(FnkOptions.examples());
    }

    @Before
    public void connect() throws Exception {
        http = new Http(new Services(ctx).await(Gateway.class, null).uri());
    }

    @Test
    public void helloAndItsV2AnswerFromTheKernel() throws Exception {
        HttpResponse<String> v1 = http.await("/hello?name=World", r -> r.statusCode() == 200, 30_000);
        assertEquals("{\"message\":\"Hello from V1, World\"}", v1.body());
        assertTrue(v1.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(v1.headers().firstValue("x-request-id").isPresent());
        HttpResponse<String> v2 = http.await("/hello@v2?name=World", r -> r.statusCode() == 200, 30_000);
        assertEquals("{\"status\":\"success\",\"data\":{\"greeting\":\"Hello from V2, World\"}}", v2.body());
    }

    @Test
    public void pythonExampleAnswers() throws Exception {
        HttpResponse<String> r = http.await("/python-hello?name=World", x -> x.statusCode() == 200, 30_000);
        assertEquals("Hello from Python, World", JSON.readTree(r.body()).get("message").asText());
    }

    @Test
    public void unknownPathsAndVersionsAre404Json() throws Exception {
        http.await("/hello", r -> r.statusCode() == 200, 30_000);
        for (String path : new String[]{"/nope", "/hello@v9", "/_fn/nope", "/console"}) {
            HttpResponse<String> r = http.get(path);
            assertEquals(path, 404, r.statusCode());
            JsonNode body = JSON.readTree(r.body());
            assertTrue(path + " " + r.body(), body.has("error"));
        }
    }

    @Test
    public void wrongMethodIs405WithAllowAndHeadAndOptionsWork() throws Exception {
        http.await("/hello", r -> r.statusCode() == 200, 30_000);
        HttpResponse<String> post = http.send("POST", "/hello", "{}");
        assertEquals(405, post.statusCode());
        assertTrue(post.headers().firstValue("allow").orElse("").contains("GET"));
        HttpResponse<String> head = http.send("HEAD", "/hello", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> options = http.send("OPTIONS", "/hello", null);
        assertEquals(204, options.statusCode());
        assertTrue(options.headers().firstValue("allow").orElse("").contains("GET"));
    }

    @Test
    public void adminApiDescribesTheFunctions() throws Exception {
        http.await("/hello@v2", r -> r.statusCode() == 200, 30_000);
        HttpResponse<String> health = http.get("/_fn/health");
        assertEquals(200, health.statusCode());
        HttpResponse<String> catalog = http.get("/_fn/catalog");
        assertEquals(200, catalog.statusCode());
        assertTrue(catalog.body(), catalog.body().contains("hello") && catalog.body().contains("v2")
                && catalog.body().contains("python-hello"));
    }
}
