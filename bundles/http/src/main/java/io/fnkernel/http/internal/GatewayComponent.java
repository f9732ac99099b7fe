package io.fnkernel.http.internal;

import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.Gateway;
import io.fnkernel.api.PlatformEndpoint;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.http.internal.routing.RouteRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs the HTTP gateway in OSGi: tracks function versions and platform endpoints (whiteboard),
 * starts Jetty on the configured address on a thread of its own, and registers the {@link Gateway}
 * service once it listens; on deactivation unregisters it first, then drains and stops.
 */
@Component(immediate = true, service = {})
public final class GatewayComponent {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PlatformRuntime platform;

    private final GatewayServer server;
    private final WhiteboardTracker<FunctionVersion> versions;
    private final WhiteboardTracker<PlatformEndpoint> endpoints;
    /** Completes when the start attempt has ended, listening or not. */
    private final CompletableFuture<Void> startEnded = new CompletableFuture<>();
    // Guarded by this.
    private ServiceRegistration<Gateway> registration;
    private boolean listening;
    private boolean deactivated;

    /**
     * Starts the gateway. Jetty starts on a thread of its own, so the framework's start levels go
     * on meanwhile: the gateway starts with the libraries and listens while the runtimes and
     * discovery start.
     *
     * @param context the bundle context, for framework properties and services
     */
    @Activate
    public GatewayComponent(BundleContext context) {
        this(context, GatewayComponent::startThread);
    }

    /**
     * @param context the bundle context, for framework properties and services
     * @param starter runs the start of Jetty and the registration of the {@link Gateway} service
     */
    GatewayComponent(BundleContext context, Executor starter) {
        GatewayConfig config;
        try {
            config = GatewayConfig.from(context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("the HTTP gateway is not started: {}", e.getMessage());
            server = null;
            versions = null;
            endpoints = null;
            startEnded.complete(null);
            return;
        }
        server = new GatewayServer(config, () -> platform);
        RouteRegistry registry = server.registry();
        versions = new WhiteboardTracker<>(context, FunctionVersion.class, registry::putVersion, registry::removeVersion);
        endpoints = new WhiteboardTracker<>(context, PlatformEndpoint.class, registry::putEndpoint, registry::removeEndpoint);
        versions.open();
        endpoints.open();
        starter.execute(() -> {
            try {
                listen(context);
            } finally {
                startEnded.complete(null);
            }
        });
    }

    private static void startThread(Runnable start) {
        Thread t = new Thread(start, "fnk-http-start");
        t.setDaemon(true);
        t.start();
    }

    private void listen(BundleContext context) {
        try {
            server.start();
        } catch (RuntimeException e) {
            if (e instanceof GatewayServer.GatewayStartException) {
                LOG.error(e.getMessage());
            } else {
                LOG.error("the HTTP gateway did not start", e);
            }
            versions.close();
            endpoints.close();
            return;
        }
        URI uri = server.uri();
        synchronized (this) {
            listening = true;
            if (deactivated) {
                return; // deactivate() stops the server once this start has ended
            }
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Gateway.PROP_URI, uri.toString());
            registration = context.registerService(Gateway.class, () -> uri, props);
        }
        LOG.info("gateway listening on {}", uri);
    }

    /**
     * Waits for a start still under way, then unregisters the gateway, drains in-flight requests,
     * stops Jetty and the trackers.
     */
    @Deactivate
    void deactivate() {
        synchronized (this) {
            deactivated = true;
        }
        startEnded.join();
        ServiceRegistration<Gateway> reg;
        synchronized (this) {
            if (!listening) {
                return; // not configured, or it never listened (and closed its trackers then)
            }
            reg = registration;
            registration = null;
        }
        if (reg != null) {
            try {
                reg.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping and took it already
            }
        }
        try {
            server.stop();
        } catch (IllegalStateException e) {
            LOG.warn(e.getMessage());
        }
        versions.close();
        endpoints.close();
    }
}
