package io.fnkernel.openapi.internal;

import java.util.List;

/**
 * A platform route under {@code /_fn}, documented with the {@code internal} tag when
 * {@link OpenApiConfig#includeInternal()} is on.
 *
 * @param method the upper-case method
 * @param path the OpenAPI path, {@code /_fn/docs/{path}}
 * @param summary one line saying what it does
 */
public record InternalRoute(String method, String path, String summary) {

    /** The gateway's admin API (issue 4), which it serves itself rather than as platform endpoints. */
    public static final List<InternalRoute> GATEWAY = List.of(
            new InternalRoute("GET", "/_fn/health", "Health: runtimes, function count, failures"),
            new InternalRoute("GET", "/_fn/catalog", "Catalog: functions, versions, routes, policies, failures"),
            new InternalRoute("POST", "/_fn/reload", "Rescan the functions folder and return once the new table is live"),
            new InternalRoute("POST", "/_fn/invoke", "Invoke a function by name and version"));

    /** Summaries of the endpoints this bundle registers. */
    static final java.util.Map<String, String> OWN = java.util.Map.of(
            "/_fn/openapi.json", "This OpenAPI document, as JSON",
            "/_fn/openapi.yaml", "This OpenAPI document, as YAML",
            "/_fn/docs", "Swagger UI",
            "/_fn/docs/{path}", "Swagger UI's files");

    /**
     * The routes of a platform endpoint service under {@code /_fn}, as documented: GET on each path.
     *
     * @param paths its {@code fn.endpoint.path} values
     * @param owner who registered it, named in the summary of paths this bundle does not know
     * @return the routes; paths outside {@code /_fn/} are left out
     */
    public static List<InternalRoute> ofEndpoint(List<String> paths, String owner) {
        List<InternalRoute> out = new java.util.ArrayList<>();
        for (String p : paths) {
            if (p != null && p.startsWith("/_fn/")) {
                String path = openApiPath(p);
                out.add(new InternalRoute("GET", path, OWN.getOrDefault(path, "Platform endpoint of " + owner)));
            }
        }
        return out;
    }

    /**
     * The documented form of a platform endpoint path ({@code fn.endpoint.path}).
     *
     * @param endpointPath an exact path or a prefix ending in {@code /*}
     * @return the OpenAPI path: a prefix becomes {@code /prefix/{path}}
     */
    public static String openApiPath(String endpointPath) {
        return endpointPath.endsWith("/*") ? endpointPath.substring(0, endpointPath.length() - 1) + "{path}" : endpointPath;
    }
}
