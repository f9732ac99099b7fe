package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What one scan of the functions folder found.
 *
 * @param root the functions folder, absolute
 * @param rootPresent false when the folder is missing or unreadable; then nothing else was scanned
 * @param sources every loadable function version, in scan order
 * @param problems errors and warnings, in scan order
 * @param held folders (absolute) that could not be read: live versions inside them keep serving as they are
 * @param failed function versions that exist on disk but could not be read (their config is broken)
 */
public record ScanResult(Path root, boolean rootPresent, List<FunctionSource> sources, List<Problem> problems,
                         Set<Path> held, List<FailedVersion> failed) {

    /**
     * A function version whose folder could not be read.
     *
     * @param name the function name
     * @param version the version label
     * @param runtime the runtime id of its conventional entry file
     * @param entry that entry file, absolute
     */
    public record FailedVersion(String name, String version, String runtime, Path entry) {
    }

    /** Copies the collections. */
    public ScanResult {
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
        held = Set.copyOf(held);
        failed = List.copyOf(failed);
    }
}
