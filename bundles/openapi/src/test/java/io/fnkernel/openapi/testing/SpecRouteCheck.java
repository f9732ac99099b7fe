package io.fnkernel.openapi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.route.Route;
import io.fnkernel.api.route.RoutePattern;
import io.fnkernel.api.route.RouteTable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Compares an OpenAPI document with what is served, both ways: every route and method of the route
 * table is an operation of the document, and every operation of the document is served. Works on
 * the document's JSON, so integration tests can use it on {@code GET /_fn/openapi.json}.
 */
public final class SpecRouteCheck {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private SpecRouteCheck() {
    }

    /**
     * The operations of a document.
     *
     * @param spec the parsed document
     * @param internal true to keep the {@code /_fn/} operations
     * @return {@code GET /users/{id}} for each operation, sorted
     */
    public static Set<String> operations(JsonNode spec, boolean internal) {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, JsonNode> p : spec.path("paths").properties()) {
            if (!internal && p.getKey().startsWith("/_fn/")) {
                continue;
            }
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    out.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
                }
            });
        }
        return out;
    }

    /**
     * Builds the table the gateway routes by: each version's routes, and each non-default
     * version's {@code /name@version} path for its methods.
     *
     * @param sources the live sources
     * @return the table
     */
    public static RouteTable<FunctionRef> table(Collection<FunctionSource> sources) {
        List<RouteTable.Claim<FunctionRef>> claims = new ArrayList<>();
        for (FunctionSource s : sources) {
            s.routes().forEach(r -> claims.add(new RouteTable.Claim<>(r, s.ref(), s.entry().toString())));
            if (!s.ref().isDefault()) {
                RoutePattern own = RoutePattern.parse("/" + s.name() + "@" + s.version());
                s.policy().methods().forEach(m -> claims.add(new RouteTable.Claim<>(new Route(m, own), s.ref(), s.entry().toString())));
            }
        }
        return RouteTable.of(claims);
    }

    /**
     * The operations a table serves, named as in a document: patterns of one shape share the
     * first one's path, and a pattern of another shape that prints the same ({@code /a/:x} and
     * {@code /a/:x*}) has its last parameter suffixed {@code _2}, {@code _3}...
     *
     * @param table the table
     * @return {@code GET /users/{id}} for each served route, sorted
     */
    public static Set<String> operations(RouteTable<?> table) {
        Map<String, String> pathOfShape = new HashMap<>();
        Set<String> out = new TreeSet<>();
        for (RouteTable.Claim<?> c : table.routes()) {
            RoutePattern p = c.route().pattern();
            String path = pathOfShape.get(p.shape());
            if (path == null) {
                path = p.toOpenApiPath();
                for (int n = 2; pathOfShape.containsValue(path); n++) {
                    String plain = p.toOpenApiPath();
                    path = plain.substring(0, plain.length() - 1) + "_" + n + "}";
                }
                pathOfShape.put(p.shape(), path);
            }
            out.add(c.route().method() + " " + path);
        }
        return out;
    }

    /**
     * Lists the differences between two sets of operations.
     *
     * @param spec the document's operations
     * @param served the served operations
     * @return one line per operation missing on either side; empty when they match
     */
    public static List<String> differences(Set<String> spec, Set<String> served) {
        List<String> out = new ArrayList<>();
        served.stream().filter(o -> !spec.contains(o)).forEach(o -> out.add("served but not in the document: " + o));
        spec.stream().filter(o -> !served.contains(o)).forEach(o -> out.add("in the document but not served: " + o));
        return out;
    }

    /**
     * Calls every operation of a document with sample path values and lists those not served.
     *
     * @param spec the parsed document
     * @param served tells whether a method on a concrete path is served (for HTTP: not 404, 405 or 409)
     * @return one line per operation not served; empty when all are
     */
    public static List<String> unserved(JsonNode spec, BiPredicate<String, String> served) {
        List<String> out = new ArrayList<>();
        for (String op : operations(spec, false)) {
            int space = op.indexOf(' ');
            String method = op.substring(0, space);
            String path = samplePath(op.substring(space + 1), spec.path("paths").path(op.substring(space + 1))
                    .path(method.toLowerCase(Locale.ROOT)));
            if (!served.test(method, path)) {
                out.add(op + " (requested as " + method + " " + path + ")");
            }
        }
        return out;
    }

    /**
     * Fills an OpenAPI path with sample values: {@code p-<name>} per parameter, two segments for a
     * catch-all (its description says the value may contain '/').
     *
     * @param path the OpenAPI path
     * @param operation the operation, for its parameters
     * @return a concrete request path
     */
    public static String samplePath(String path, JsonNode operation) {
        String out = path;
        for (JsonNode p : operation.path("parameters")) {
            if (p.path("in").asText().equals("path")) {
                String name = p.path("name").asText();
                boolean catchAll = p.path("description").asText().startsWith("Catch-all");
                out = out.replace("{" + name + "}", catchAll ? "p-" + name + "/more" : "p-" + name);
            }
        }
        return out;
    }
}
