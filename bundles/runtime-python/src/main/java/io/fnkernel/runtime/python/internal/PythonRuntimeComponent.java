package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

/**
 * Publishes the {@link PythonRuntime} as a {@link FunctionRuntime} service while the bundle is active.
 * It registers the service itself because {@code fn.runtime.description} names the interpreter, which is
 * looked for in the background after activation; deactivation unregisters it and stops every worker.
 */
@Component
public final class PythonRuntimeComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PythonRuntimeComponent.class);

    private final PythonRuntime runtime;
    private final ServiceRegistration<FunctionRuntime> registration;

    /**
     * @param context the bundle's context: properties ({@link PythonConfig}) and the data area
     */
    @Activate
    public PythonRuntimeComponent(BundleContext context) {
        this.runtime = new PythonRuntime(PythonConfig.from(context::getProperty), workDir(context));
        Hashtable<String, Object> props = new Hashtable<>(runtime.serviceProperties());
        this.registration = context.registerService(FunctionRuntime.class, runtime, props);
        // The interpreter is looked for in the background; once found (or not), the description says so.
        runtime.whenProbed(description -> {
            props.put(FunctionRuntime.PROP_DESCRIPTION, description);
            try {
                registration.setProperties(props);
            } catch (IllegalStateException unregistered) {
                // stopped meanwhile
            }
        });
    }

    private static Path workDir(BundleContext context) {
        File data = context.getDataFile("python");
        try {
            return data != null ? data.toPath() : Files.createTempDirectory("fnk-python");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the runtime, for tests */
    PythonRuntime runtime() {
        return runtime;
    }

    /** Unregisters the service, then closes every version: calls in flight finish, workers stop. */
    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            LOG.debug("python runtime service was already unregistered");
        }
        runtime.close();
    }
}
