package io.fnkernel.api;

import java.nio.file.Path;

/**
 * A function version could not be loaded: a syntax error, a missing handler, a failed dependency
 * install. Names the file and, when known, the line and column, so the author can fix it.
 */
public class FunctionLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;

    /**
     * @param message what is wrong, for the function's author
     * @param file the file at fault, or null
     * @param line 1-based line, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @param cause the underlying failure, or null
     */
    public FunctionLoadException(String message, Path file, int line, int column, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /**
     * @param message what is wrong, for the function's author
     * @param file the file at fault, or null
     */
    public FunctionLoadException(String message, Path file) {
        this(message, file, 0, 0, null);
    }

    /** @return the file at fault, or null */
    public Path file() {
        return file;
    }

    /** @return 1-based line, or 0 when unknown */
    public int line() {
        return line;
    }

    /** @return 1-based column, or 0 when unknown */
    public int column() {
        return column;
    }

    /** @return {@code file:line:column: message}, leaving out what is unknown */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file);
            if (line > 0) {
                b.append(':').append(line);
                if (column > 0) {
                    b.append(':').append(column);
                }
            }
            b.append(": ");
        }
        return b.append(getMessage()).toString();
    }
}
