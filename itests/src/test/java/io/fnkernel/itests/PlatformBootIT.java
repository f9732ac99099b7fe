package io.fnkernel.itests;

import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.Gateway;
import io.fnkernel.api.PlatformRuntime;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import javax.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** Boots Felix with every bundle of the distribution and checks the platform comes up whole. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformBootIT {

    @Inject
    private BundleContext ctx;

    @Configuration
    public Option[] config() {
        return FnkOptions.platform(FnkOptions.examples());
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " (state " + b.getState() + ")");
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void apiServicesAreRegistered() throws Exception {
        Services s = new Services(ctx);
        s.await(FunctionRuntime.class, "(fn.runtime.id=node)");
        s.await(FunctionRuntime.class, "(fn.runtime.id=python)");
        s.await(PlatformRuntime.class, null);
        s.await(Gateway.class, null);
    }

    @Test
    public void healthAnswersOnTheGatewayPort() throws Exception {
        URI base = new Services(ctx).await(Gateway.class, null).uri();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/_fn/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body(), r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }
}
