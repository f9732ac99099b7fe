package io.fnkernel.http.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Tracks services of one type and forwards each arrival, change and departure with the service's
 * properties. Service events are delivered synchronously, so the route table is rebuilt before the
 * registering call returns.
 *
 * @param <S> the service type
 */
final class WhiteboardTracker<S> implements ServiceTrackerCustomizer<S, S> {

    private final BundleContext context;
    private final BiConsumer<S, Map<String, Object>> put;
    private final Consumer<Map<String, Object>> remove;
    private final ServiceTracker<S, S> tracker;

    WhiteboardTracker(BundleContext context, Class<S> type, BiConsumer<S, Map<String, Object>> put, Consumer<Map<String, Object>> remove) {
        this.context = context;
        this.put = put;
        this.remove = remove;
        this.tracker = new ServiceTracker<>(context, type, this);
    }

    void open() {
        tracker.open();
    }

    void close() {
        tracker.close();
    }

    @Override
    public S addingService(ServiceReference<S> reference) {
        S service = context.getService(reference);
        if (service != null) {
            put.accept(service, properties(reference));
        }
        return service;
    }

    @Override
    public void modifiedService(ServiceReference<S> reference, S service) {
        put.accept(service, properties(reference));
    }

    @Override
    public void removedService(ServiceReference<S> reference, S service) {
        remove.accept(properties(reference));
        context.ungetService(reference);
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        Map<String, Object> props = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            props.put(key, reference.getProperty(key));
        }
        return props;
    }
}
