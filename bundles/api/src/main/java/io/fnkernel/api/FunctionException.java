package io.fnkernel.api;

/**
 * Why a call produced no response: a runtime completes {@link FunctionVersion#invoke} exceptionally
 * with this, and the gateway answers {@link #status()} with {@code {"error": message}}. The message
 * is shown to the client, so it names the handler's own problem and never platform internals.
 */
public class FunctionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, with the HTTP status the gateway answers. */
    public enum Kind {
        /** The handler threw or rejected: 500. */
        HANDLER_ERROR(500),
        /** The handler returned something that is not a valid response: 502. */
        BAD_RESPONSE(502),
        /** The worker running the handler died during the call: 502. */
        CRASHED(502),
        /** The call ran past its timeout and was cancelled: 504. */
        TIMEOUT(504),
        /** The runtime cannot take more calls right now: 503. */
        OVERLOADED(503),
        /** The runtime cannot serve the function at all right now: 503. */
        UNAVAILABLE(503),
        /** The version was closed by a swap before the call began; the caller should look the route up again: 503. */
        CLOSED(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** @return the HTTP status the gateway answers */
        public int status() {
            return status;
        }
    }

    private final Kind kind;

    /**
     * @param kind what went wrong
     * @param message what the client is told
     */
    public FunctionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * @param kind what went wrong
     * @param message what the client is told
     * @param cause the underlying failure, for the log only
     */
    public FunctionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the HTTP status the gateway answers */
    public int status() {
        return kind.status();
    }
}
