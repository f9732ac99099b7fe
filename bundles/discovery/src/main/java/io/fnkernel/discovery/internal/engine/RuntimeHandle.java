package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.FunctionRuntime;

import java.util.Comparator;
import java.util.List;

/**
 * One tracked {@link FunctionRuntime} service with its properties.
 *
 * @param id {@code fn.runtime.id}
 * @param extensions {@code fn.runtime.extensions}, with the dot
 * @param description {@code fn.runtime.description}, or null
 * @param ranking {@code service.ranking}
 * @param serviceId {@code service.id}, unique per registration
 * @param runtime the service object
 */
public record RuntimeHandle(String id, List<String> extensions, String description, int ranking, long serviceId,
                           FunctionRuntime runtime) {

    /** Most preferred first: highest ranking, then the newest registration (highest service id). */
    public static final Comparator<RuntimeHandle> PREFERENCE = Comparator.comparingInt(RuntimeHandle::ranking)
            .thenComparingLong(RuntimeHandle::serviceId).reversed();

    /** Copies the extensions. */
    public RuntimeHandle {
        extensions = List.copyOf(extensions);
    }

    @Override
    public String toString() {
        return id + " (service " + serviceId + ")";
    }
}
