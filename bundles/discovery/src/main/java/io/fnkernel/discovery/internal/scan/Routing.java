package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.route.Route;
import io.fnkernel.api.route.RoutePattern;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Plans for single-entry functions and their versions: default route {@code /<name>}, or {@code invoke.routes}. */
final class Routing {

    private Routing() {
    }

    /**
     * The default version of a single-entry folder.
     *
     * @return the plan, or null (with a warning) when the name cannot be routed
     */
    static Plan folderPlan(String name, Walk.Entry entry, Path dir, List<FunctionConfig> chain, FunctionConfig own,
                           EnvReader.Env env, Set<Path> versionDirs, List<Problem> problems) {
        FunctionPolicy policy = FunctionConfig.policy(chain);
        List<RoutePattern> patterns = own.routes();
        if (patterns == null) {
            try {
                patterns = List.of(RoutePattern.parse("/" + name));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.warning(FailureDTO.KIND_SCAN, entry.file(), "cannot be routed: " + e.getMessage()));
                return null;
            }
        }
        return new Plan(Plan.Kind.FOLDER, name, FunctionVersion.DEFAULT_VERSION, entry.runtime(), dir, entry.file(),
                policy, env, routes(patterns, policy), versionDirs);
    }

    /** A version folder: no public routes unless its own config declares {@code invoke.routes}. */
    static Plan versionPlan(String name, String label, Walk.Entry entry, Path dir, List<FunctionConfig> chain,
                            FunctionConfig own, EnvReader.Env env) {
        FunctionPolicy policy = FunctionConfig.policy(chain);
        List<Route> routes = own.routes() == null ? List.of() : routes(own.routes(), policy);
        return new Plan(Plan.Kind.VERSION, name, label, entry.runtime(), dir, entry.file(), policy, env, routes, Set.of());
    }

    private static List<Route> routes(List<RoutePattern> patterns, FunctionPolicy policy) {
        List<Route> out = new ArrayList<>();
        for (RoutePattern p : patterns) {
            for (String m : policy.methods()) {
                out.add(new Route(m, p));
            }
        }
        return out;
    }
}
