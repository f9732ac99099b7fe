package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;

/**
 * Why the watchdog stopped a running call, and what its caller is told.
 *
 * @param kind the failure the call completes with
 * @param message the message for the client
 */
record Cancellation(FunctionException.Kind kind, String message) {

    /** @return the failure for the interrupted call */
    FunctionException exception() {
        return new FunctionException(kind, message);
    }
}
