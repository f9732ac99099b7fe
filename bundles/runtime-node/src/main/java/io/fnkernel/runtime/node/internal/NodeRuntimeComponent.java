package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.io.File;
import java.util.Hashtable;

/**
 * Publishes the JavaScript runtime as a {@link FunctionRuntime} service. It registers the service
 * itself, because {@code fn.runtime.description} says whether the JIT is on: what is expected at
 * once, corrected when the engine (started in the background) says otherwise.
 */
@Component(service = {}, immediate = true)
public final class NodeRuntimeComponent {

    private final NodeRuntime runtime;
    private final ServiceRegistration<FunctionRuntime> registration;

    /** @param context the bundle's context: framework properties {@code fnk.node.*} and the service registry */
    @Activate
    public NodeRuntimeComponent(BundleContext context) {
        File data = context.getDataFile("node");
        NodeRuntimeConfig config = NodeRuntimeConfig.from(context::getProperty);
        this.runtime = data != null ? new NodeRuntime(config, data.toPath()) : new NodeRuntime(config);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(FunctionRuntime.PROP_ID, NodeRuntime.ID);
        props.put(FunctionRuntime.PROP_EXTENSIONS, new String[]{NodeRuntime.EXTENSION});
        String expected = runtime.description();
        props.put(FunctionRuntime.PROP_DESCRIPTION, expected);
        this.registration = context.registerService(FunctionRuntime.class, runtime, props);
        // The engine starts in the background; should it say otherwise than expected, the property follows.
        runtime.whenStarted(actual -> {
            if (!actual.equals(expected)) {
                props.put(FunctionRuntime.PROP_DESCRIPTION, actual);
                try {
                    registration.setProperties(props);
                } catch (IllegalStateException unregistered) {
                    // stopped meanwhile
                }
            }
        });
    }

    /** Withdraws the service, then closes every loaded version and the engine. */
    @Deactivate
    public void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
        runtime.close();
    }
}
