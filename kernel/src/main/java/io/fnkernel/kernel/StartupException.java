package io.fnkernel.kernel;

/** A problem that stops fnk before it serves: reported as one line, exit code 2, never a stack trace. */
final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
