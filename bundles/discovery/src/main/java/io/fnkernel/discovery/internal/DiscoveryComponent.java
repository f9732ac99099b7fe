package io.fnkernel.discovery.internal;

import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.api.dto.PlatformDTO;
import io.fnkernel.discovery.internal.engine.RuntimeHandle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The discovery bundle's component: reads its settings from framework properties, tracks
 * {@link FunctionRuntime} services, registers {@code FunctionVersion} services and provides
 * {@link PlatformRuntime}.
 */
@Component(service = PlatformRuntime.class, immediate = true)
public final class DiscoveryComponent implements PlatformRuntime {

    private final Discovery discovery;
    private final ServiceTracker<FunctionRuntime, RuntimeHandle> runtimes;

    /**
     * @param context the bundle context
     * @throws IllegalArgumentException naming a property whose value is invalid
     */
    @Activate
    public DiscoveryComponent(BundleContext context) {
        this.discovery = new Discovery(DiscoveryConfig.from(context::getProperty), new ServiceRegistrar(context));
        this.runtimes = new ServiceTracker<>(context, FunctionRuntime.class, new RuntimeTracker(context, discovery));
        runtimes.open();
        discovery.start();
    }

    @Deactivate
    void deactivate() {
        discovery.close();
        runtimes.close();
    }

    @Override
    public PlatformDTO snapshot() {
        return discovery.snapshot();
    }

    @Override
    public long changeCount() {
        return discovery.changeCount();
    }

    @Override
    public PlatformDTO reload() {
        return discovery.reload();
    }
}
