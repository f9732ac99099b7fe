package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.route.Route;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the document needs to know about one live function version, taken from its service
 * properties and its source.
 *
 * @param ref name and version
 * @param runtime the runtime id
 * @param revision the content hash, which keys the cached handler summary
 * @param routes the public routes the version claims
 * @param policy its {@code fn.config.json} policy (methods, summary, examples)
 * @param entry the handler file
 */
public record DocumentedVersion(FunctionRef ref, String runtime, String revision, List<Route> routes,
                                FunctionPolicy policy, Path entry) {

    /** Checks the components and copies the routes. */
    public DocumentedVersion {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(revision, "revision");
        routes = List.copyOf(routes);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(entry, "entry");
    }

    /**
     * Reads a {@link FunctionVersion} service: identity and routes from its service properties
     * (the contract the gateway routes by), falling back to its source, and the policy from the source.
     *
     * @param version the service object
     * @param properties its service properties
     * @param badRoute told about each {@code fn.routes} entry that does not parse, which is then left out
     * @return the description
     */
    public static DocumentedVersion of(FunctionVersion version, Map<String, ?> properties,
                                       java.util.function.Consumer<String> badRoute) {
        FunctionSource source = version.source();
        String name = text(properties.get(FunctionVersion.PROP_NAME), source.name());
        String ver = text(properties.get(FunctionVersion.PROP_VERSION), source.version());
        String runtime = text(properties.get(FunctionVersion.PROP_RUNTIME), source.runtime());
        String revision = text(properties.get(FunctionVersion.PROP_REVISION), source.revision());
        Object raw = properties.get(FunctionVersion.PROP_ROUTES);
        List<Route> routes;
        if (raw == null) {
            routes = source.routes();
        } else {
            routes = new ArrayList<>();
            for (String text : strings(raw)) {
                try {
                    routes.add(Route.parse(text));
                } catch (IllegalArgumentException e) {
                    badRoute.accept(name + "@" + ver + ": " + FunctionVersion.PROP_ROUTES + " entry '" + text + "' left out: "
                            + e.getMessage());
                }
            }
        }
        return new DocumentedVersion(new FunctionRef(name, ver), runtime, revision, routes, source.policy(), source.entry());
    }

    /**
     * Describes a source directly, as if discovery had registered it.
     *
     * @param source the source
     * @return the description
     */
    public static DocumentedVersion of(FunctionSource source) {
        return new DocumentedVersion(source.ref(), source.runtime(), source.revision(), source.routes(), source.policy(),
                source.entry());
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s && !s.isBlank() ? s : fallback;
    }

    private static List<String> strings(Object raw) {
        if (raw instanceof String s) {
            return List.of(s);
        }
        if (raw instanceof String[] a) {
            return List.of(a);
        }
        if (raw instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(raw));
    }
}
