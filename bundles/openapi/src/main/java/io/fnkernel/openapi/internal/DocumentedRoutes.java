package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.route.Route;
import io.fnkernel.api.route.RoutePattern;
import io.fnkernel.api.route.RouteTable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The routes the document describes: the platform's {@link RouteTable} over every live version's
 * routes plus each non-default version's {@code /name@version} path, with conflicting routes left
 * out exactly as the gateway refuses them, grouped by OpenAPI path.
 */
final class DocumentedRoutes {

    /**
     * One served method on one path.
     *
     * @param method the upper-case method
     * @param path the OpenAPI path it is documented under, {@code /users/{id}}
     * @param pattern the route pattern
     * @param version the version serving it
     * @param versionPath true for the version's own {@code /name@version} path
     */
    record Operation(String method, String path, RoutePattern pattern, DocumentedVersion version, boolean versionPath) {
    }

    private final RouteTable<FunctionRef> table;
    private final Map<String, List<Operation>> byPath;

    private DocumentedRoutes(RouteTable<FunctionRef> table, Map<String, List<Operation>> byPath) {
        this.table = table;
        this.byPath = byPath;
    }

    /**
     * Builds the routes of a set of versions.
     *
     * @param versions the live versions, at most one per {@link FunctionRef}
     * @param problem told about routes that cannot be documented
     * @return the routes
     */
    static DocumentedRoutes of(Collection<DocumentedVersion> versions, Consumer<String> problem) {
        Map<FunctionRef, DocumentedVersion> byRef = new LinkedHashMap<>();
        List<RouteTable.Claim<FunctionRef>> claims = new ArrayList<>();
        for (DocumentedVersion v : versions) {
            byRef.put(v.ref(), v);
            String source = v.entry().toString();
            for (Route r : v.routes()) {
                claims.add(new RouteTable.Claim<>(r, v.ref(), source));
            }
            RoutePattern own = versionPattern(v.ref(), problem);
            if (own != null) {
                for (String method : v.policy().methods()) {
                    claims.add(new RouteTable.Claim<>(new Route(method, own), v.ref(), source));
                }
            }
        }
        RouteTable<FunctionRef> table = RouteTable.of(claims);
        for (RouteTable.Conflict c : table.conflicts()) {
            problem.accept("route " + c.route() + " is claimed by " + String.join(" and ", c.sources())
                    + "; the gateway answers 409, so it is left out of the document");
        }
        Map<String, String> pathOfShape = new LinkedHashMap<>();
        Map<String, List<Operation>> byPath = new LinkedHashMap<>();
        for (RouteTable.Claim<FunctionRef> c : table.routes()) {
            RoutePattern p = c.route().pattern();
            String path = pathOfShape.computeIfAbsent(p.shape(), s -> uniquePath(p, pathOfShape));
            DocumentedVersion v = byRef.get(c.target());
            boolean versionPath = !v.ref().isDefault() && p.equals(versionPattern(v.ref(), s -> { }));
            byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(new Operation(c.route().method(), path, p, v, versionPath));
        }
        return new DocumentedRoutes(table, byPath);
    }

    /**
     * The OpenAPI path of a pattern. Patterns of one shape share the first one's path; a pattern
     * of another shape that would print the same ({@code /a/:x} and {@code /a/:x*}) gets its last
     * parameter renamed, so each path key stays one set of URLs.
     */
    private static String uniquePath(RoutePattern p, Map<String, String> taken) {
        String path = p.toOpenApiPath();
        if (!taken.containsValue(path)) {
            return path;
        }
        int open = path.lastIndexOf('{');
        String head = path.substring(0, path.length() - 1);
        for (int n = 2; ; n++) {
            String candidate = open < 0 ? path + "_" + n : head + "_" + n + "}";
            if (!taken.containsValue(candidate)) {
                return candidate;
            }
        }
    }

    /**
     * The names of the parameters in an OpenAPI path, in order.
     *
     * @param path {@code /users/{id}/files/{rest}}
     * @return {@code [id, rest]}
     */
    static List<String> pathParameters(String path) {
        List<String> names = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.startsWith("{") && seg.endsWith("}")) {
                names.add(seg.substring(1, seg.length() - 1));
            }
        }
        return names;
    }

    /**
     * The pattern of a version's own path: {@code /name@version}; none for the default version,
     * which is reached by its routes.
     */
    static RoutePattern versionPattern(FunctionRef ref, Consumer<String> problem) {
        if (ref.isDefault()) {
            return null;
        }
        try {
            return RoutePattern.parse(ref.toPath());
        } catch (IllegalArgumentException e) {
            problem.accept(ref + ": no documented path: " + e.getMessage());
            return null;
        }
    }

    /** @return the route table the operations come from */
    RouteTable<FunctionRef> table() {
        return table;
    }

    /** @return operations by OpenAPI path, most specific path first, methods in canonical order per pattern */
    Map<String, List<Operation>> byPath() {
        return byPath;
    }
}
