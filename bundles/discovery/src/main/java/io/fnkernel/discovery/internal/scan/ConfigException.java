package io.fnkernel.discovery.internal.scan;

import java.nio.file.Path;

/** A config or env file that cannot be used, with the place at fault. */
final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;

    ConfigException(Path file, int line, int column, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** @return the error as a problem */
    Problem problem() {
        return Problem.configError(file, line, column, getMessage());
    }
}
