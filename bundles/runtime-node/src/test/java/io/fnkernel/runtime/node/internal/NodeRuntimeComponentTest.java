package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The component publishes the runtime with the service properties discovery selects it by. */
class NodeRuntimeComponentTest {

    @Test
    void registersTheRuntimeWithItsPropertiesAndWithdrawsIt(@TempDir Path data) {
        AtomicReference<Dictionary<?, ?>> props = new AtomicReference<>();
        AtomicReference<Object> service = new AtomicReference<>();
        AtomicBoolean unregistered = new AtomicBoolean();
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServiceRegistration.class}, (p, m, args) -> {
                    if (m.getName().equals("unregister")) {
                        unregistered.set(true);
                    }
                    return null;
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BundleContext.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getProperty" -> args[0].equals("fnk.node.contexts.max") ? "4" : null;
                    case "getDataFile" -> data.resolve((String) args[0]).toFile();
                    case "registerService" -> {
                        assertEquals(FunctionRuntime.class, args[0]);
                        service.set(args[1]);
                        props.set((Dictionary<?, ?>) args[2]);
                        yield registration;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        NodeRuntimeComponent component = new NodeRuntimeComponent(context);
        assertTrue(service.get() instanceof NodeRuntime);
        assertEquals("node", props.get().get(FunctionRuntime.PROP_ID));
        assertArrayEquals(new String[]{".js"}, (String[]) props.get().get(FunctionRuntime.PROP_EXTENSIONS));
        String description = (String) props.get().get(FunctionRuntime.PROP_DESCRIPTION);
        assertTrue(description.matches("GraalJS 25\\.0\\.\\d+ \\((JIT|interpreted)\\)"), description);
        component.deactivate();
        assertTrue(unregistered.get());
    }
}
