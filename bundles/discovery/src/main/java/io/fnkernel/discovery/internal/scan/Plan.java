package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.route.Route;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A function version found by the walk, before its revision is computed.
 *
 * @param kind what made it a function
 * @param name the function name
 * @param version the version label
 * @param runtime the runtime id
 * @param dir the folder the function may read
 * @param entry the handler file
 * @param policy the effective policy
 * @param env the effective environment
 * @param routes the public routes
 * @param versionDirs for a default version, its version folders (left out of its revision)
 */
record Plan(Kind kind, String name, String version, String runtime, Path dir, Path entry, FunctionPolicy policy,
            EnvReader.Env env, List<Route> routes, Set<Path> versionDirs) {

    /** What made a file a function. */
    enum Kind {
        /** The entry file of a single-entry folder: the folder's content is the function. */
        FOLDER,
        /** The entry file of a version folder. */
        VERSION,
        /** A route file of a file tree: the file and its folder's non-route files are the function. */
        FILE
    }

    /** @return the settings that, besides the files, make up the revision */
    String descriptor(Path root) {
        FunctionPolicy p = policy;
        return String.join("\n", name, version, runtime, root.relativize(entry).toString(), routes.toString(),
                "timeout=" + p.timeoutMs(), "concurrency=" + p.maxConcurrency(), "queue=" + p.maxQueue(),
                "body=" + p.maxBodyBytes(), "methods=" + p.methods(), "handler=" + p.handler(),
                "summary=" + p.summary(), "query=" + p.queryExample(), "bodyExample=" + p.bodyExample(),
                "contentType=" + p.contentType(), "env=" + env.values(), "secrets=" + env.secrets());
    }
}
