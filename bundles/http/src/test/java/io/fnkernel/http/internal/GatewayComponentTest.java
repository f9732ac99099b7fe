package io.fnkernel.http.internal;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.Gateway;
import io.fnkernel.api.KernelProperties;
import io.fnkernel.api.PlatformEndpoint;
import io.fnkernel.http.internal.testing.FakeVersion;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The OSGi glue in an embedded Felix: service events rebuild the routes before the registering call
 * returns, and Jetty starts on the starter the component is given.
 */
class GatewayComponentTest {

    @TempDir
    Path storage;
    private Framework framework;
    private BundleContext context;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void startFramework() throws Exception {
        start(Map.of(KernelProperties.HTTP_PORT, "0"));
    }

    private void start(Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>(extra);
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
    }

    @AfterEach
    void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Dictionary<String, Object> props(String name, String version, String... routes) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(FunctionVersion.PROP_NAME, name);
        p.put(FunctionVersion.PROP_VERSION, version);
        p.put(FunctionVersion.PROP_ROUTES, routes);
        return p;
    }

    @Test
    void registersTheGatewayAndRoutesServicesSynchronously() throws Exception {
        GatewayComponent component = new GatewayComponent(context, Runnable::run);
        ServiceReference<Gateway> ref = context.getServiceReference(Gateway.class);
        assertNotNull(ref);
        URI uri = URI.create((String) ref.getProperty(Gateway.PROP_URI));
        assertEquals(uri, context.getService(ref).uri());

        FakeVersion v1 = new FakeVersion("hello", "default", FunctionPolicy.defaults(), "GET /hello");
        v1.answer(FunctionResponse.text(200, null, "v1"));
        ServiceRegistration<FunctionVersion> r1 = context.registerService(FunctionVersion.class, v1, props("hello", "default", "GET /hello"));
        assertEquals("v1", get(uri, "/hello").body());

        FakeVersion v2 = new FakeVersion("hello", "default", FunctionPolicy.defaults(), "GET /hello");
        v2.answer(FunctionResponse.text(200, null, "v2"));
        context.registerService(FunctionVersion.class, v2, props("hello", "default", "GET /hello"));
        assertEquals("v2", get(uri, "/hello").body(), "the newer registration serves before the old one leaves");
        r1.unregister();
        assertEquals("v2", get(uri, "/hello@default").body());

        Dictionary<String, Object> ep = new Hashtable<>();
        ep.put(PlatformEndpoint.PROP_PATH, "/openapi.json");
        ep.put(PlatformEndpoint.PROP_ACCESS, PlatformEndpoint.ACCESS_PUBLIC);
        context.registerService(PlatformEndpoint.class, r -> FunctionResponse.text(200, "application/json", "{}"), ep);
        assertEquals("{}", get(uri, "/openapi.json").body());

        component.deactivate();
        assertNull(context.getServiceReference(Gateway.class));
        assertThrows(ConnectException.class, () -> get(uri, "/hello"));
    }

    @Test
    void badConfigurationLeavesNoGatewayService() throws Exception {
        stopFramework();
        start(Map.of(KernelProperties.HTTP_PORT, "http"));
        GatewayComponent component = new GatewayComponent(context, Runnable::run);
        assertNull(context.getServiceReference(Gateway.class));
        component.deactivate();
    }

    @Test
    void portInUseLeavesNoGatewayService() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            stopFramework();
            start(Map.of(KernelProperties.HTTP_PORT, String.valueOf(taken.getLocalPort())));
            GatewayComponent component = new GatewayComponent(context, Runnable::run);
            assertNull(context.getServiceReference(Gateway.class));
            component.deactivate();
        }
    }

    @Test
    void theGatewayServiceAppearsOnceTheStartRanOnItsThread() throws Exception {
        List<Runnable> starts = new ArrayList<>();
        GatewayComponent component = new GatewayComponent(context, starts::add);
        assertNull(context.getServiceReference(Gateway.class), "not listening before the start ran");
        assertEquals(1, starts.size());
        starts.get(0).run();
        ServiceReference<Gateway> ref = context.getServiceReference(Gateway.class);
        assertNotNull(ref);
        URI uri = URI.create((String) ref.getProperty(Gateway.PROP_URI));
        assertEquals(200, get(uri, "/_fn/health").statusCode());
        component.deactivate();
        assertThrows(ConnectException.class, () -> get(uri, "/_fn/health"));
    }

    @Test
    void deactivationWaitsForAStartUnderWayAndLeavesNothingListening() throws Exception {
        List<Runnable> starts = new ArrayList<>();
        GatewayComponent component = new GatewayComponent(context, starts::add);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(component::deactivate);
        assertThrows(TimeoutException.class, () -> stopped.get(200, TimeUnit.MILLISECONDS), "deactivate waits for the start");
        starts.get(0).run();
        stopped.get(10, TimeUnit.SECONDS);
        assertNull(context.getServiceReference(Gateway.class), "a gateway stopped while starting is never registered");
    }

    @Test
    void theActivatorStartsJettyOnAThreadOfItsOwn() throws Exception {
        GatewayComponent component = new GatewayComponent(context);
        ServiceTracker<Gateway, Gateway> gateways = new ServiceTracker<>(context, Gateway.class, null);
        gateways.open();
        try {
            assertNotNull(gateways.waitForService(10_000), "the gateway registers once its thread has started Jetty");
        } finally {
            gateways.close();
        }
        component.deactivate();
        assertNull(context.getServiceReference(Gateway.class));
    }
}
