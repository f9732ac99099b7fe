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
 * listens; on deactivation unregisters it first, then drains and stops.
 */
@Component(immediate = true, service = {})
public final class GatewayComponent {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PlatformRuntime platform;

    private final GatewayServer server;
    private final WhiteboardTracker<FunctionVersion> versions;
    private final WhiteboardTracker<PlatformEndpoint> endpoints;
    private final ServiceRegistration<Gateway> registration;

    /**
     * Starts the gateway.
     *
     * @param context the bundle context, for framework properties and services
     */
    @Activate
    public GatewayComponent(BundleContext context) {
        GatewayConfig config;
        try {
            config = GatewayConfig.from(context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("the HTTP gateway is not started: {}", e.getMessage());
            server = null;
            versions = null;
            endpoints = null;
            registration = null;
            return;
        }
        server = new GatewayServer(config, () -> platform);
        RouteRegistry registry = server.registry();
        versions = new WhiteboardTracker<>(context, FunctionVersion.class, registry::putVersion, registry::removeVersion);
        endpoints = new WhiteboardTracker<>(context, PlatformEndpoint.class, registry::putEndpoint, registry::removeEndpoint);
        versions.open();
        endpoints.open();
        ServiceRegistration<Gateway> reg = null;
        try {
            server.start();
            URI uri = server.uri();
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Gateway.PROP_URI, uri.toString());
            reg = context.registerService(Gateway.class, () -> uri, props);
            LOG.info("gateway listening on {}", uri);
        } catch (GatewayServer.GatewayStartException e) {
            LOG.error(e.getMessage());
            versions.close();
            endpoints.close();
        }
        registration = reg;
    }

    /** Unregisters the gateway, drains in-flight requests, stops Jetty and the trackers. */
    @Deactivate
    void deactivate() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping and took it already
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
