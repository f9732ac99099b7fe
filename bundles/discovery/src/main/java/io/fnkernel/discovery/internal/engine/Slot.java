package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;

import java.nio.file.Path;

/**
 * What the engine knows about one {@link SourceKey}: the source on disk it should serve, the
 * version it serves now, and why the last load failed. Guarded by the engine's lock.
 */
final class Slot {

    /**
     * A loaded and registered version.
     *
     * @param source what it was loaded from
     * @param version the loaded version
     * @param registration its service registration
     * @param runtime the runtime that loaded it
     * @param loadedAt epoch milliseconds
     */
    record Live(FunctionSource source, FunctionVersion version, Registrar.Registration registration,
                RuntimeHandle runtime, long loadedAt) {
    }

    /**
     * Why the wanted revision is not serving.
     *
     * @param kind a {@code FailureDTO.KIND_*}
     * @param file the file at fault, absolute, or null
     * @param line 1-based, or 0
     * @param column 1-based, or 0
     * @param message for the function's author
     * @param revision the revision that failed
     * @param runtimeServiceId the runtime registration that failed it, or -1 when none was available
     */
    record Failure(String kind, Path file, int line, int column, String message, String revision,
                   long runtimeServiceId) {
    }

    final SourceKey key;
    /** The source on disk, or null once deleted. */
    FunctionSource desired;
    /** The version serving now, or null. */
    Live live;
    /** Why {@link #desired} is not serving, or null. */
    Failure failure;
    /** True after the runtime of the live version went away, until it loads again. */
    boolean lostRuntime;
    /** True when a forced reload asks to load again a revision that failed before. */
    boolean retry;
    /** True while a lane unregisters {@link #live} after its source was deleted; it is still shown until then. */
    boolean retiring;

    Slot(SourceKey key) {
        this.key = key;
    }

    /** @return the source shown in snapshots: the live one, else the wanted one */
    FunctionSource shown() {
        return live != null ? live.source() : desired;
    }
}
