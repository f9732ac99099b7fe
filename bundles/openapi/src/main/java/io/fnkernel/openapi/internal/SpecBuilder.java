package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRef;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.tags.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Assembles the OpenAPI 3.1 model (without {@code servers}, which depend on the request) from the
 * documented routes and, when configured, the platform routes.
 */
final class SpecBuilder {

    static final String TITLE = "fnkernel functions";
    static final String DESCRIPTION = "Generated from the live route table: every function route, and every version at "
            + "/name@version. Routes in conflict are left out, as the gateway refuses them.";

    private SpecBuilder() {
    }

    /**
     * Builds the model.
     *
     * @param routes the function routes
     * @param handlerSummary the summary a version's handler file gives itself, or null
     * @param internal platform routes to document under the {@code internal} tag; empty to leave them out
     * @return the model
     */
    static OpenAPI build(DocumentedRoutes routes, Function<DocumentedVersion, String> handlerSummary,
                         Collection<InternalRoute> internal) {
        OpenAPI api = new OpenAPI(SpecVersion.V31).openapi("3.1.0")
                .info(new Info().title(TITLE).version("1.0.0").description(DESCRIPTION));
        Map<String, PathItem> paths = new TreeMap<>();
        Map<DocumentedRoutes.Operation, String> ids = operationIds(routes);
        Set<String> functionTags = new TreeSet<>();
        routes.byPath().forEach((path, ops) -> {
            PathItem item = paths.computeIfAbsent(path, p -> new PathItem());
            for (DocumentedRoutes.Operation op : ops) {
                Operation o = OperationFactory.function(op, summary(op, handlerSummary)).operationId(ids.get(op));
                item.operation(PathItem.HttpMethod.valueOf(op.method()), o);
                functionTags.add(op.version().ref().name());
            }
        });
        for (InternalRoute r : internal) {
            PathItem item = paths.computeIfAbsent(r.path(), p -> new PathItem());
            PathItem.HttpMethod m = PathItem.HttpMethod.valueOf(r.method());
            if (!item.readOperationsMap().containsKey(m)) {
                item.operation(m, OperationFactory.internal(r));
            }
        }
        Paths out = new Paths();
        paths.forEach(out::addPathItem);
        api.paths(out);
        functionTags.forEach(t -> api.addTagsItem(new Tag().name(t).description("Function " + t)));
        if (!internal.isEmpty()) {
            api.addTagsItem(new Tag().name(OperationFactory.INTERNAL_TAG).description("Platform endpoints under /_fn"));
        }
        io.swagger.v3.oas.models.Components c = new io.swagger.v3.oas.models.Components()
                .addSchemas(Components.ERROR_SCHEMA, Components.errorSchema());
        Components.errorResponses().forEach(c::addResponses);
        return api.components(c);
    }

    private static String summary(DocumentedRoutes.Operation op, Function<DocumentedVersion, String> handlerSummary) {
        DocumentedVersion v = op.version();
        String s = v.policy().summary();
        if (s != null && !s.isBlank()) {
            return s.trim();
        }
        s = handlerSummary.apply(v);
        if (s != null && !s.isBlank()) {
            return s;
        }
        return op.method() + " " + v.ref();
    }

    /**
     * Gives every operation a unique id. A version's main operation per method (its
     * {@code /name@version} path, else its {@code /name} route, else its first route) gets
     * {@code <method>_<name>_<version>}; its other routes append their path.
     */
    static Map<DocumentedRoutes.Operation, String> operationIds(DocumentedRoutes routes) {
        Map<String, List<DocumentedRoutes.Operation>> byVersionAndMethod = new LinkedHashMap<>();
        routes.byPath().values().forEach(ops -> ops.forEach(op ->
                byVersionAndMethod.computeIfAbsent(op.version().ref() + " " + op.method(), k -> new ArrayList<>()).add(op)));
        Map<DocumentedRoutes.Operation, String> ids = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        List<DocumentedRoutes.Operation> secondary = new ArrayList<>();
        for (List<DocumentedRoutes.Operation> ops : byVersionAndMethod.values()) {
            DocumentedRoutes.Operation main = main(ops);
            ids.put(main, unique(baseId(main), used));
            ops.stream().filter(op -> op != main).forEach(secondary::add);
        }
        for (DocumentedRoutes.Operation op : secondary) {
            ids.put(op, unique(baseId(op) + idPart(op.path()), used));
        }
        return ids;
    }

    private static DocumentedRoutes.Operation main(List<DocumentedRoutes.Operation> ops) {
        for (DocumentedRoutes.Operation op : ops) {
            if (op.versionPath()) {
                return op;
            }
        }
        for (DocumentedRoutes.Operation op : ops) {
            if (op.pattern().toString().equals("/" + op.version().ref().name())) {
                return op;
            }
        }
        return ops.get(0);
    }

    private static String baseId(DocumentedRoutes.Operation op) {
        FunctionRef ref = op.version().ref();
        return (op.method().toLowerCase(Locale.ROOT) + "_" + ref.name() + "_" + ref.version()).replaceAll("\\W", "_");
    }

    /**
     * @param path an OpenAPI path
     * @return {@code _users_id} for {@code /users/{id}}: word characters, single underscores
     */
    static String idPart(String path) {
        String s = path.replaceAll("\\W+", "_").replaceAll("_+$", "");
        return s.startsWith("_") ? s : "_" + s;
    }

    private static String unique(String id, Set<String> used) {
        String candidate = id;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = id + "_" + n;
        }
        return candidate;
    }
}
