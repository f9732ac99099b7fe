package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.PlatformEndpoint;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

/**
 * Wires the OpenAPI bundle into the framework: tracks {@link FunctionVersion} and
 * {@link PlatformEndpoint} services (whiteboard) into an {@link OpenApiService}, and registers the
 * document and Swagger UI as public platform endpoints for the gateway to serve.
 */
@Component(immediate = true)
public final class OpenApiComponent {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiComponent.class);

    private final OpenApiService service;
    private final List<ServiceRegistration<PlatformEndpoint>> registrations = new ArrayList<>();

    /**
     * Reads the settings, builds the empty document and registers the endpoints.
     *
     * @param ctx the bundle's context, for framework properties and registrations
     */
    @Activate
    public OpenApiComponent(BundleContext ctx) {
        this.service = new OpenApiService(config(ctx));
        register(ctx, new OpenApiEndpoint(service::document, false), OpenApiEndpoint.JSON_PATHS);
        register(ctx, new OpenApiEndpoint(service::document, true), OpenApiEndpoint.YAML_PATHS);
        LOG.info("OpenAPI at {} and {}", OpenApiEndpoint.JSON_PATHS, OpenApiEndpoint.YAML_PATHS);
        try {
            SwaggerUi ui = SwaggerUi.load(OpenApiComponent.class.getClassLoader());
            register(ctx, ui, SwaggerUi.PATHS);
            LOG.info("Swagger UI {} at {}", ui.version(), SwaggerUi.PAGE);
        } catch (IllegalStateException e) {
            LOG.error("Swagger UI is not served: {}; the OpenAPI document still is", e.getMessage());
        }
    }

    private static OpenApiConfig config(BundleContext ctx) {
        try {
            return OpenApiConfig.from(ctx::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; using the defaults (servers from the request, no internal routes)", e.getMessage());
            return OpenApiConfig.DEFAULTS;
        }
    }

    private void register(BundleContext ctx, PlatformEndpoint endpoint, List<String> paths) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PlatformEndpoint.PROP_PATH, paths.toArray(String[]::new));
        props.put(PlatformEndpoint.PROP_ACCESS, PlatformEndpoint.ACCESS_PUBLIC);
        registrations.add(ctx.registerService(PlatformEndpoint.class, endpoint, props));
    }

    /** Unregisters the endpoints and stops rebuilding. */
    @Deactivate
    void deactivate() {
        for (ServiceRegistration<PlatformEndpoint> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping and took it already
            }
        }
        service.close();
    }

    @Reference(service = FunctionVersion.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, updated = "updatedVersion")
    void bindVersion(FunctionVersion version, Map<String, Object> props) {
        try {
            service.put(serviceId(props), DocumentedVersion.of(version, props, LOG::warn));
        } catch (RuntimeException e) {
            LOG.warn("OpenAPI: function version {}@{} left out: {}", props.get(FunctionVersion.PROP_NAME),
                    props.get(FunctionVersion.PROP_VERSION), e.getMessage());
        }
    }

    void updatedVersion(FunctionVersion version, Map<String, Object> props) {
        bindVersion(version, props);
    }

    void unbindVersion(FunctionVersion version, Map<String, Object> props) {
        service.remove(serviceId(props));
    }

    @Reference(service = PlatformEndpoint.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, updated = "updatedEndpoint")
    void bindEndpoint(ServiceReference<PlatformEndpoint> ref) {
        String owner = ref.getBundle() == null ? "a stopped bundle" : ref.getBundle().getSymbolicName();
        service.putEndpoint(serviceId(ref), InternalRoute.ofEndpoint(paths(ref.getProperty(PlatformEndpoint.PROP_PATH)), owner));
    }

    void updatedEndpoint(ServiceReference<PlatformEndpoint> ref) {
        bindEndpoint(ref);
    }

    void unbindEndpoint(ServiceReference<PlatformEndpoint> ref) {
        service.removeEndpoint(serviceId(ref));
    }

    private static long serviceId(Map<String, Object> props) {
        return ((Number) props.get(Constants.SERVICE_ID)).longValue();
    }

    private static long serviceId(ServiceReference<?> ref) {
        return ((Number) ref.getProperty(Constants.SERVICE_ID)).longValue();
    }

    private static List<String> paths(Object raw) {
        if (raw instanceof String s) {
            return List.of(s);
        }
        if (raw instanceof String[] a) {
            return List.of(a);
        }
        if (raw instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
