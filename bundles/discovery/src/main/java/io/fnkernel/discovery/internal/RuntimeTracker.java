package io.fnkernel.discovery.internal;

import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.discovery.internal.engine.RuntimeHandle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Feeds {@link FunctionRuntime} services (whiteboard) to discovery, with their id, extensions and ranking. */
final class RuntimeTracker implements ServiceTrackerCustomizer<FunctionRuntime, RuntimeHandle> {

    private static final Logger LOG = LoggerFactory.getLogger("io.fnkernel.discovery");

    private final BundleContext context;
    private final Discovery discovery;

    RuntimeTracker(BundleContext context, Discovery discovery) {
        this.context = context;
        this.discovery = discovery;
    }

    @Override
    public RuntimeHandle addingService(ServiceReference<FunctionRuntime> ref) {
        Object id = ref.getProperty(FunctionRuntime.PROP_ID);
        if (!(id instanceof String s) || s.isBlank()) {
            LOG.warn("ignoring a FunctionRuntime from bundle {} without the {} property",
                    ref.getBundle().getSymbolicName(), FunctionRuntime.PROP_ID);
            return null;
        }
        FunctionRuntime runtime = context.getService(ref);
        if (runtime == null) {
            return null;
        }
        RuntimeHandle handle = handle(ref, runtime);
        LOG.info("runtime {} available for {}{}", handle.id(), String.join(", ", handle.extensions()),
                handle.description() == null ? "" : " (" + handle.description() + ")");
        discovery.runtimeAdded(handle);
        return handle;
    }

    @Override
    public void modifiedService(ServiceReference<FunctionRuntime> ref, RuntimeHandle handle) {
        discovery.runtimeModified(handle(ref, handle.runtime()));
    }

    @Override
    public void removedService(ServiceReference<FunctionRuntime> ref, RuntimeHandle handle) {
        LOG.info("runtime {} went away", handle);
        discovery.runtimeRemoved(handle.serviceId());
        try {
            context.ungetService(ref);
        } catch (IllegalStateException e) {
            // our bundle is stopping
        }
    }

    private static RuntimeHandle handle(ServiceReference<FunctionRuntime> ref, FunctionRuntime runtime) {
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        Object description = ref.getProperty(FunctionRuntime.PROP_DESCRIPTION);
        return new RuntimeHandle(String.valueOf(ref.getProperty(FunctionRuntime.PROP_ID)),
                strings(ref.getProperty(FunctionRuntime.PROP_EXTENSIONS)),
                description == null ? null : description.toString(),
                ranking instanceof Integer i ? i : 0,
                (Long) ref.getProperty(Constants.SERVICE_ID), runtime);
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (value instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
