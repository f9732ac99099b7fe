package io.fnkernel.discovery.internal;

import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.KernelProperties;
import io.fnkernel.discovery.internal.engine.Registrar;
import io.fnkernel.discovery.internal.fakes.FakeRegistrar;
import io.fnkernel.discovery.internal.fakes.FakeRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.fnkernel.discovery.internal.DiscoveryFixture.active;
import static io.fnkernel.discovery.internal.scan.Files2.handler;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OSGi adapters against a minimal in-memory BundleContext: service properties in, registrations out. */
class OsgiGlueTest {

    @TempDir
    Path root;

    /** Records what a BundleContext is asked to do. */
    static final class Context {
        final List<Dictionary<String, ?>> registered = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        final Map<ServiceReference<?>, Object> services = new HashMap<>();

        @SuppressWarnings("unchecked")
        BundleContext proxy() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (p, m, args) -> switch (m.getName()) {
                        case "registerService" -> {
                            calls.add("register " + ((Class<?>) args[0]).getSimpleName());
                            registered.add((Dictionary<String, ?>) args[2]);
                            yield Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                                    (p2, m2, a2) -> {
                                        calls.add(m2.getName());
                                        if (calls.stream().filter(c -> c.equals("unregister")).count() > 1) {
                                            throw new IllegalStateException("already unregistered");
                                        }
                                        return null;
                                    });
                        }
                        case "getService" -> services.get(args[0]);
                        case "ungetService" -> {
                            calls.add("unget");
                            yield true;
                        }
                        case "getProperty" -> null;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    static ServiceReference<FunctionRuntime> reference(Map<String, Object> props) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(OsgiGlueTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> m.getName().equals("getSymbolicName") ? "io.fnkernel.runtime.test" : null);
        @SuppressWarnings("unchecked")
        ServiceReference<FunctionRuntime> ref = (ServiceReference<FunctionRuntime>) Proxy.newProxyInstance(
                OsgiGlueTest.class.getClassLoader(), new Class<?>[] {ServiceReference.class}, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) a[0]);
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> null;
                });
        return ref;
    }

    @Test
    void registrarRegistersFunctionVersionServicesWithTheirProperties() throws Exception {
        Context ctx = new Context();
        Path entry = handler(root, "h.js");
        FunctionVersion version = new FakeRuntime("node").load(io.fnkernel.api.FunctionSource.builder("hello", "default")
                .runtime("node").directory(root).entry(entry).revision("r1").build());
        Registrar.Registration reg = new ServiceRegistrar(ctx.proxy()).register(version,
                Map.of(FunctionVersion.PROP_NAME, "hello", FunctionVersion.PROP_ROUTES, new String[] {"GET /hello"}));
        assertEquals("register FunctionVersion", ctx.calls.get(0));
        assertEquals("hello", ctx.registered.get(0).get(FunctionVersion.PROP_NAME));
        assertArrayEquals(new String[] {"GET /hello"}, (String[]) ctx.registered.get(0).get(FunctionVersion.PROP_ROUTES));
        reg.unregister();
        reg.unregister();
        assertEquals(List.of("register FunctionVersion", "unregister", "unregister"), ctx.calls);
    }

    @Test
    void trackerReadsRuntimePropertiesAndFeedsDiscovery() throws Exception {
        handler(root, "hello/handler.mjs");
        Context ctx = new Context();
        FakeRegistrar registrar = new FakeRegistrar();
        try (Discovery d = new Discovery(DiscoveryConfig.from(Map.of(KernelProperties.FUNCTIONS_DIR, root.toString(),
                DiscoveryConfig.WATCH, "off")::get), registrar)) {
            RuntimeTracker tracker = new RuntimeTracker(ctx.proxy(), d);
            FakeRuntime rt = new FakeRuntime("node");
            ServiceReference<FunctionRuntime> ref = reference(Map.of(FunctionRuntime.PROP_ID, "node",
                    FunctionRuntime.PROP_EXTENSIONS, new String[] {".js", ".mjs"}, FunctionRuntime.PROP_DESCRIPTION, "GraalJS",
                    Constants.SERVICE_ID, 42L, Constants.SERVICE_RANKING, 5));
            ctx.services.put(ref, rt);
            var handle = tracker.addingService(ref);
            assertEquals(List.of(".js", ".mjs"), handle.extensions());
            assertEquals(5, handle.ranking());
            assertEquals(42L, handle.serviceId());
            assertSame(rt, handle.runtime());
            assertTrue(active("hello", "default").test(d.reload()), "a .mjs entry loads once the runtime declares .mjs");
            assertEquals("GraalJS", d.snapshot().runtimes.get(0).description);
            tracker.removedService(ref, handle);
            assertTrue(registrar.active().isEmpty());
            assertTrue(ctx.calls.contains("unget"));
            ServiceReference<FunctionRuntime> anonymous = reference(Map.of(Constants.SERVICE_ID, 43L));
            assertNull(tracker.addingService(anonymous), "a runtime without an id is not tracked");
        }
    }
}
