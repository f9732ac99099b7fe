package io.fnkernel.itests;

import io.fnkernel.api.Gateway;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.api.dto.FailureDTO;
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
import java.nio.file.Path;

import static io.fnkernel.itests.Fixtures.js;
import static io.fnkernel.itests.Fixtures.py;
import static io.fnkernel.itests.Fixtures.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** Edits the functions folder of a running platform and watches the routes follow, without a restart. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotReloadIT {

    private static final String DIR_KEY = "fnk.it.hotreload.dir";
    private static final long WAIT = 20_000;

    @Inject
    private BundleContext ctx;

    private Http http;
    private Path root;

    @Configuration
    public Option[] config() {
        Path dir = Fixtures.newFunctionsDir(DIR_KEY);
        write(dir, "hello/handler.js", js("one"));
        write(dir, "broken/handler.js", js("good"));
        write(dir, "pyfn/handler.py", py("one"));
        write(dir, "gone/handler.js", js("here"));
        return FnkOptions.platform(dir);
    }

    @Before
    public void connect() throws Exception {
        root = Path.of(System.getProperty(DIR_KEY));
        http = new Http(new Services(ctx).await(Gateway.class, null).uri());
    }

    private void awaitBody(String path, String expected) throws Exception {
        http.await(path, r -> r.statusCode() == 200 && r.body().equals(expected), WAIT);
    }

    @Test
    public void editsTakeEffect() throws Exception {
        awaitBody("/hello", "{\"v\":\"one\"}");
        write(root, "hello/handler.js", js("two"));
        awaitBody("/hello", "{\"v\":\"two\"}");
        write(root, "pyfn/handler.py", py("two"));
        awaitBody("/pyfn", "{\"v\":\"two\"}");
    }

    @Test
    public void newFunctionsAndVersionFoldersAppear() throws Exception {
        write(root, "fresh/handler.js", js("fresh"));
        awaitBody("/fresh", "{\"v\":\"fresh\"}");
        write(root, "fresh/v3/handler.js", js("three"));
        awaitBody("/fresh@v3", "{\"v\":\"three\"}");
        awaitBody("/fresh", "{\"v\":\"fresh\"}");
    }

    @Test
    public void deletedFunctionsDisappear() throws Exception {
        awaitBody("/gone", "{\"v\":\"here\"}");
        Fixtures.delete(root, "gone");
        http.await("/gone", r -> r.statusCode() == 404, WAIT);
    }

    @Test
    public void brokenEditLeavesTheOldVersionAnswering() throws Exception {
        awaitBody("/broken", "{\"v\":\"good\"}");
        PlatformRuntime platform = new Services(ctx).await(PlatformRuntime.class, null);
        write(root, "broken/handler.js", "exports.handler = () => ({ v: 'bad' ;\n");
        FailureDTO failure = Await.value("a failure published for broken/handler.js", WAIT, () -> platform.snapshot().failures
                .stream().filter(f -> f.file != null && f.file.contains("broken")).findFirst().orElse(null));
        assertEquals(FailureDTO.KIND_LOAD, failure.kind);
        assertTrue("line of the syntax error: " + failure.line, failure.line >= 1);
        assertEquals("{\"v\":\"good\"}", http.get("/broken").body());
        write(root, "broken/handler.js", js("fixed"));
        awaitBody("/broken", "{\"v\":\"fixed\"}");
    }
}
