package io.fnkernel.api;

import io.fnkernel.api.dto.PlatformDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's published state: which functions and versions are live, on which routes, what
 * failed and why. Provided by discovery; read by the admin API, health and tests.
 */
@ProviderType
public interface PlatformRuntime {

    /**
     * Service property, {@code Boolean}: {@code true} once the functions found by the first scan
     * have each been loaded or have failed, so that a request sent then gets the function's answer
     * rather than a 404 of a platform still starting. Absent or {@code false} before. The launcher
     * waits on it before saying it is ready.
     */
    String PROP_READY = "fn.platform.ready";

    /**
     * @return the current state; a new object on every change, which callers must not modify
     */
    PlatformDTO snapshot();

    /**
     * @return a counter that grows on every change of the published state; tests wait on it
     */
    long changeCount();

    /**
     * Rescans the functions folder now and applies every change, loading new revisions and swapping
     * services, before returning.
     *
     * @return the state after the rescan
     */
    PlatformDTO reload();

    /**
     * @return true once the first scan's functions are loaded or have failed (see {@link #PROP_READY})
     */
    boolean ready();
}
