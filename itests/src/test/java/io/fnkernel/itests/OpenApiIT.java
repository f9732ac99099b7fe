package io.fnkernel.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.Gateway;
import io.fnkernel.openapi.testing.SpecRouteCheck;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import javax.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static io.fnkernel.itests.Fixtures.js;
import static io.fnkernel.itests.Fixtures.py;
import static io.fnkernel.itests.Fixtures.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The OpenAPI document follows the live route table both ways through adds, edits, deletes and new versions. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpenApiIT {

    private static final String DIR_KEY = "fnk.it.openapi.dir";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext ctx;

    private Http http;
    private Path root;

    @Configuration
    public Option[] config() {
        Path d = Fixtures.newFunctionsDir(DIR_KEY);
        write(d, "hello/handler.js", js("v1"));
        write(d, "hello/v2/handler.js", js("v2"));
        write(d, "users/[id].js", "exports.handler = (e) => ({ id: e.params.id });\n");
        write(d, "blog/[...slug].js", "exports.handler = (e) => ({ slug: e.params.slug });\n");
        write(d, "post.items.py", py("created"));
        return FnkOptions.platform(d);
    }

    @Before
    public void connect() throws Exception {
        root = Path.of(System.getProperty(DIR_KEY));
        http = new Http(new Services(ctx).await(Gateway.class, null).uri());
    }

    private Collection<FunctionSource> liveSources() {
        List<FunctionSource> out = new ArrayList<>();
        try {
            for (ServiceReference<FunctionVersion> ref : ctx.getServiceReferences(FunctionVersion.class, null)) {
                FunctionVersion v = ctx.getService(ref);
                if (v != null) {
                    out.add(v.source());
                    ctx.ungetService(ref);
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private JsonNode spec() {
        try {
            return JSON.readTree(http.get("/_fn/openapi.json").body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the document and the table agree and holds the expected operation; returns the document. */
    private JsonNode awaitAgreement(String expectedOperation, boolean present) {
        List<String> last = new ArrayList<>();
        try {
            return Await.value("spec and route table agree (" + (present ? "with " : "without ") + expectedOperation + ")", 20_000, () -> {
                JsonNode spec = spec();
                Set<String> documented = SpecRouteCheck.operations(spec, false);
                Set<String> served = SpecRouteCheck.operations(SpecRouteCheck.table(liveSources()));
                last.clear();
                last.addAll(SpecRouteCheck.differences(documented, served));
                return last.isEmpty() && documented.contains(expectedOperation) == present ? spec : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; differences: " + last);
        }
    }

    private void assertEveryOperationServed(JsonNode spec) {
        List<String> unserved = SpecRouteCheck.unserved(spec, (method, path) -> {
            try {
                int status = http.send(method, path, method.equals("GET") ? null : "{}").statusCode();
                return status != 404 && status != 405 && status != 409;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue("documented but not served: " + unserved, unserved.isEmpty());
    }

    @Test
    public void documentFollowsTheRoutesThroughEveryKindOfChange() throws Exception {
        awaitAgreement("GET /users/{id}", true); // the fixtures load in parallel, in no set order
        JsonNode spec = awaitAgreement("GET /hello@v2", true);
        assertEquals("3.1.0", spec.get("openapi").asText());
        assertTrue(spec.get("paths").has("/users/{id}"));
        assertEveryOperationServed(spec);

        write(root, "orders/handler.py", py("orders"));
        assertEveryOperationServed(awaitAgreement("GET /orders", true));

        write(root, "orders/fn.config.json", "{\"invoke\": {\"methods\": [\"GET\", \"POST\"]}}");
        assertEveryOperationServed(awaitAgreement("POST /orders", true));

        write(root, "hello/v3/handler.js", js("v3"));
        assertEveryOperationServed(awaitAgreement("GET /hello@v3", true));

        Fixtures.delete(root, "users");
        Fixtures.delete(root, "orders");
        assertEveryOperationServed(awaitAgreement("GET /orders", false));
    }

    @Test
    public void swaggerUiIsServedFromTheBundle() throws Exception {
        var page = http.get("/_fn/docs");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/_fn/openapi.json"));
        assertEquals(200, http.get("/openapi.json").statusCode());
        assertEquals(200, http.get("/_fn/openapi.yaml").statusCode());
    }
}
