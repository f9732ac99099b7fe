package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.dto.FailureDTO;

import java.nio.file.Path;

/**
 * Something wrong found while scanning: an error that keeps a function or folder from loading, or a
 * warning that does not.
 *
 * @param error true for an error (published as a failure), false for a warning
 * @param kind one of the {@code FailureDTO.KIND_*} constants
 * @param name the function name when the problem belongs to one, else null
 * @param version the version label when known, else null
 * @param file the file at fault (absolute), or null
 * @param line 1-based line, or 0
 * @param column 1-based column, or 0
 * @param message what is wrong, starting with the JSON pointer when a config value is at fault
 */
public record Problem(boolean error, String kind, String name, String version, Path file, int line, int column,
                      String message) {

    /** @return a config error at a location */
    static Problem configError(Path file, int line, int column, String message) {
        return new Problem(true, FailureDTO.KIND_CONFIG, null, null, file, line, column, message);
    }

    /** @return a warning about a file, without location */
    static Problem warning(String kind, Path file, String message) {
        return new Problem(false, kind, null, null, file, 0, 0, message);
    }

    /** @return this problem attributed to a function version */
    Problem about(String fnName, String fnVersion) {
        return new Problem(error, kind, fnName, fnVersion, file, line, column, message);
    }
}
