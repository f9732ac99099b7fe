package io.fnkernel.discovery.internal;

import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.discovery.internal.engine.RuntimeHandle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

import java.util.Hashtable;

/**
 * The discovery bundle's component: reads its settings from framework properties, tracks
 * {@link FunctionRuntime} services, registers {@code FunctionVersion} services and registers
 * {@link PlatformRuntime} itself, so that it can set {@link PlatformRuntime#PROP_READY} once the
 * first scan has settled.
 */
@Component(service = {}, immediate = true)
public final class DiscoveryComponent {

    private final Discovery discovery;
    private final ServiceTracker<FunctionRuntime, RuntimeHandle> runtimes;
    private final ServiceRegistration<PlatformRuntime> registration;

    /**
     * @param context the bundle context
     * @throws IllegalArgumentException naming a property whose value is invalid
     */
    @Activate
    public DiscoveryComponent(BundleContext context) {
        this.discovery = new Discovery(DiscoveryConfig.from(context::getProperty), new ServiceRegistrar(context), this::ready);
        this.registration = context.registerService(PlatformRuntime.class, discovery, properties(false));
        this.runtimes = new ServiceTracker<>(context, FunctionRuntime.class, new RuntimeTracker(context, discovery));
        runtimes.open();
        discovery.start();
    }

    private void ready() {
        try {
            registration.setProperties(properties(true));
        } catch (IllegalStateException e) {
            // unregistered meanwhile: discovery is stopping
        }
    }

    private static Hashtable<String, Object> properties(boolean ready) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(PlatformRuntime.PROP_READY, ready);
        return p;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        discovery.close();
        runtimes.close();
    }
}
