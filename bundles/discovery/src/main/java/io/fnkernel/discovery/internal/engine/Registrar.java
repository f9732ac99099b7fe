package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.FunctionVersion;

import java.util.Map;

/** Publishes loaded function versions; in OSGi, a service registration (whiteboard), in tests a list. */
public interface Registrar {

    /**
     * Publishes a version.
     *
     * @param version the loaded version
     * @param properties its service properties ({@code fn.name}, {@code fn.routes}, ...)
     * @return the handle to withdraw it
     */
    Registration register(FunctionVersion version, Map<String, Object> properties);

    /** A published version. */
    interface Registration {
        /** Withdraws the version; called once. */
        void unregister();
    }
}
