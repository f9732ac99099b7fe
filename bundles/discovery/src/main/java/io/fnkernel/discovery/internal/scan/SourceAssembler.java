package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.dto.FailureDTO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the walk's plans into sources, computing each revision over the function's own files: the
 * whole folder (without its version folders) for a single-entry function, the version folder for a
 * version, and the file plus its folder's non-route files for a file route. Other functions' entry
 * files never count, so editing one function does not reload another.
 */
final class SourceAssembler {

    private final Walk walk;
    private final ContentHasher hasher;

    SourceAssembler(Walk walk, ContentHasher hasher) {
        this.walk = walk;
        this.hasher = hasher;
    }

    List<FunctionSource> assemble() {
        Set<Path> routeFiles = new HashSet<>();
        walk.plans.forEach(p -> routeFiles.add(p.entry()));
        List<FunctionSource> out = new ArrayList<>();
        for (Plan plan : walk.plans) {
            Set<Path> files = new LinkedHashSet<>();
            files.add(plan.entry());
            switch (plan.kind()) {
                case FOLDER -> files.addAll(hasher.tree(plan.dir(), walk.rootReal, plan.versionDirs()::contains));
                case VERSION -> files.addAll(hasher.tree(plan.dir(), walk.rootReal, d -> false));
                case FILE -> {
                    for (Listing.Item it : Listing.quiet(plan.dir(), walk.rootReal)) {
                        if (!it.directory() && !FileRules.ignoredFile(it.name())) {
                            files.add(it.path());
                        }
                    }
                }
            }
            files.removeIf(f -> routeFiles.contains(f) && !f.equals(plan.entry()));
            String revision = hasher.revision(plan.dir(), files, plan.descriptor(walk.root));
            try {
                out.add(FunctionSource.builder(plan.name(), plan.version())
                        .runtime(plan.runtime())
                        .directory(plan.dir())
                        .entry(plan.entry())
                        .policy(plan.policy())
                        .env(plan.env().values())
                        .secretEnvKeys(plan.env().secrets())
                        .routes(plan.routes())
                        .revision(revision)
                        .build());
            } catch (IllegalArgumentException e) {
                walk.problems.add(Problem.warning(FailureDTO.KIND_SCAN, plan.entry(), "ignored: " + e.getMessage()));
            }
        }
        return out;
    }
}
