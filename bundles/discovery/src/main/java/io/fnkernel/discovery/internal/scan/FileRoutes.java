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

/**
 * The file routes of one folder (FastFN §2.3, §2.6): every handler file of a file tree, or only the
 * explicit ones (method prefix, {@code index}/{@code handler}/{@code main}, dynamic tokens) in a
 * mixed subtree. Each becomes a function named by its path, {@code users/[id].js}.
 */
final class FileRoutes {

    private final Walk walk;
    private final Path dir;
    private final List<String> names;
    private final List<FunctionConfig> chain;
    private final List<Listing.Item> items;
    private final boolean mixed;
    private final Set<Path> entries;
    private final EnvReader.Env env;

    /**
     * @param entries the folder's entry files, which are functions themselves; empty outside a function folder
     * @param env the environment of a function folder, or null to read the folder's own
     */
    FileRoutes(Walk walk, Path dir, List<String> names, List<FunctionConfig> chain, List<Listing.Item> items,
               boolean mixed, Set<Path> entries, EnvReader.Env env) {
        this.walk = walk;
        this.dir = dir;
        this.names = names;
        this.chain = chain;
        this.items = items;
        this.mixed = mixed;
        this.entries = entries;
        this.env = env;
    }

    private record Candidate(Listing.Item item, String runtime, RouteNames.FileName fileName) {
    }

    void collect() {
        List<Candidate> found = candidates();
        if (found.isEmpty()) {
            return;
        }
        EnvReader.Env folderEnv = env != null ? env : walk.env(dir, null, null, List.of());
        if (folderEnv == null) {
            return;
        }
        FunctionPolicy policy = FunctionConfig.policy(chain);
        List<String> base = RouteNames.normalizeAll(names);
        for (Candidate c : found) {
            FunctionPolicy filePolicy = c.fileName().method() == null ? policy
                    : policy.toBuilder().methods(List.of(c.fileName().method())).build();
            List<Route> routes = routes(c, base, filePolicy.methods());
            if (!routes.isEmpty()) {
                String name = walk.root.relativize(c.item().path()).toString().replace('\\', '/');
                walk.plans.add(new Plan(Plan.Kind.FILE, name, FunctionVersion.DEFAULT_VERSION, c.runtime(), dir,
                        c.item().path(), filePolicy, folderEnv, routes, Set.of()));
            }
        }
    }

    private List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        for (Listing.Item it : items) {
            if (it.directory() || FileRules.ignoredFile(it.name()) || entries.contains(it.path())) {
                continue;
            }
            String runtime = walk.runtimes.runtimeOf(it.name());
            if (runtime == null) {
                continue;
            }
            String ext = RuntimeExtensions.extensionOf(it.name());
            String base = it.name().substring(0, it.name().length() - ext.length());
            if (FileRules.privateBase(base)) {
                continue;
            }
            RouteNames.FileName fn = RouteNames.parse(base);
            if (fn.ambiguous()) {
                walk.problems.add(Problem.warning(FailureDTO.KIND_SCAN, it.path(),
                        "ignoring ambiguous multi-method file name (name one method first: get.items.js)"));
            } else if (!entries.isEmpty() && fn.method() == null && fn.folderRoute()) {
                walk.problems.add(Problem.warning(FailureDTO.KIND_SCAN, it.path(), "not served: "
                        + walk.root.relativize(entries.iterator().next()) + " is this folder's entry file"));
            } else if (!mixed || fn.explicit()) {
                out.add(new Candidate(it, runtime, fn));
            }
        }
        return out;
    }

    private List<Route> routes(Candidate c, List<String> base, List<String> methods) {
        List<String> tokens = c.fileName().tokens();
        List<String> segments = new ArrayList<>(base);
        segments.addAll(RouteNames.normalizeAll(tokens));
        List<String> paths = new ArrayList<>();
        paths.add(RouteNames.path(segments));
        if (!tokens.isEmpty() && RouteNames.isOptionalCatchAll(tokens.get(tokens.size() - 1))) {
            List<String> bare = new ArrayList<>(base);
            bare.addAll(RouteNames.normalizeAll(tokens.subList(0, tokens.size() - 1)));
            if (!bare.isEmpty()) {
                paths.add(RouteNames.path(bare));
            }
        }
        List<Route> out = new ArrayList<>();
        for (String path : paths) {
            RoutePattern pattern;
            try {
                pattern = RoutePattern.parse(path);
            } catch (IllegalArgumentException e) {
                walk.problems.add(Problem.warning(FailureDTO.KIND_SCAN, c.item().path(),
                        "cannot be routed: " + e.getMessage()));
                return List.of();
            }
            String reserved = Reserved.why(pattern);
            if (reserved != null) {
                walk.problems.add(Problem.warning(FailureDTO.KIND_SCAN, c.item().path(), "not served: " + reserved));
                return List.of();
            }
            for (String m : methods) {
                out.add(new Route(m, pattern));
            }
        }
        return out;
    }
}
