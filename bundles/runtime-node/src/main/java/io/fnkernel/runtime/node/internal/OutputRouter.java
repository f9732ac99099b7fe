package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionRef;
import io.fnkernel.runtime.support.FunctionOutput;

/** Where what a handler prints goes: one {@link FunctionOutput} per call, logged when the call ends. */
interface OutputRouter {

    /**
     * @param ref the function called
     * @param requestId the call's request id ({@code load} while the module loads)
     * @return a fresh collector for this call
     */
    FunctionOutput open(FunctionRef ref, String requestId);

    /** @param output a collector from {@link #open}, after its call ended */
    default void close(FunctionOutput output) {
        output.flush();
    }

    /**
     * @param limitBytes bytes kept per stream and call
     * @return the router that logs through SLF4J
     */
    static OutputRouter logging(int limitBytes) {
        return (ref, requestId) -> new FunctionOutput(ref, requestId, limitBytes);
    }
}
