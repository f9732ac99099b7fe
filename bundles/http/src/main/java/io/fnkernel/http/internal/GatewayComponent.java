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

/**
 * Runs the HTTP gateway in OSGi: tracks function versions and platform endpoints (whiteboard),
 * starts Jetty on the configured address, and registers the {@link Gateway} service once it
 * listens; on deactivation unregisters it first, then drains and stops. Jetty is built and
 * started on a thread of its own (about a second of class loading), so the framework's
 * start-level thread is not held up by it.
 */
@Component(immediate = true, service = {})
public final class GatewayComponent {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayComponent.class);
    private static final long START_WAIT_MS = 30_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PlatformRuntime platform;

    private final Thread starter;
    // Written by the starter thread, read by deactivate after joining it.
    private GatewayServer server;
    private WhiteboardTracker<FunctionVersion> versions;
    private WhiteboardTracker<PlatformEndpoint> endpoints;
    private ServiceRegistration<Gateway> registration;

    /**
     * Starts the gateway in the background.
     *
     * @param context the bundle context, for framework properties and services
     */
    @Activate
    public GatewayComponent(BundleContext context) {
        starter = new Thread(() -> start(context), "fnk-gateway-start");
        starter.start();
    }

    private void start(BundleContext context) {
        GatewayConfig config;
        try {
            config = GatewayConfig.from(context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("the HTTP gateway is not started: {}", e.getMessage());
            return;
        }
        GatewayServer s = new GatewayServer(config, () -> platform);
        RouteRegistry registry = s.registry();
        versions = new WhiteboardTracker<>(context, FunctionVersion.class, registry::putVersion, registry::removeVersion);
        endpoints = new WhiteboardTracker<>(context, PlatformEndpoint.class, registry::putEndpoint, registry::removeEndpoint);
        versions.open();
        endpoints.open();
        try {
            s.start();
            server = s;
            URI uri = s.uri();
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Gateway.PROP_URI, uri.toString());
            registration = context.registerService(Gateway.class, () -> uri, props);
            LOG.info("gateway listening on {}", uri);
        } catch (RuntimeException e) {
            if (e instanceof GatewayServer.GatewayStartException) {
                LOG.error(e.getMessage());
            } else {
                LOG.error("the HTTP gateway did not start", e);
            }
            versions.close();
            endpoints.close();
            versions = null;
            endpoints = null;
        }
    }

    /**
     * Waits for the start to end, listening or failed; for tests.
     *
     * @param timeoutMs the longest wait
     * @return true when the start has ended
     * @throws InterruptedException when interrupted
     */
    boolean awaitStart(long timeoutMs) throws InterruptedException {
        starter.join(timeoutMs);
        return !starter.isAlive();
    }

    /** Waits for a start under way, then unregisters the gateway, drains in-flight requests, stops Jetty and the trackers. */
    @Deactivate
    void deactivate() {
        try {
            starter.join(START_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping and took it already
            }
        }
        if (server != null) {
            try {
                server.stop();
            } catch (IllegalStateException e) {
                LOG.warn(e.getMessage());
            }
        }
        if (versions != null) {
            versions.close();
            endpoints.close();
        }
    }
}
