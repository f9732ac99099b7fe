package io.fnkernel.discovery.internal;

import io.fnkernel.api.FunctionVersion;
import io.fnkernel.discovery.internal.engine.Registrar;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.util.Hashtable;
import java.util.Map;

/** Registers function versions as {@link FunctionVersion} services of the discovery bundle. */
final class ServiceRegistrar implements Registrar {

    private final BundleContext context;

    ServiceRegistrar(BundleContext context) {
        this.context = context;
    }

    @Override
    public Registration register(FunctionVersion version, Map<String, Object> properties) {
        ServiceRegistration<FunctionVersion> reg = context.registerService(FunctionVersion.class, version,
                new Hashtable<>(properties));
        return () -> {
            try {
                reg.unregister();
            } catch (IllegalStateException e) {
                // already gone: the bundle is stopping
            }
        };
    }
}
