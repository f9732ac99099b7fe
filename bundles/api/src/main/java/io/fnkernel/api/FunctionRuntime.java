package io.fnkernel.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A language runtime: turns a {@link FunctionSource} into a callable {@link FunctionVersion}.
 * Runtime bundles register it as a service; discovery picks the runtime whose
 * {@link #PROP_EXTENSIONS} lists the handler file's extension.
 *
 * <p>Service properties:
 * <ul>
 * <li>{@link #PROP_ID} ({@code String}, required): the runtime id that {@link FunctionSource#runtime()} names.</li>
 * <li>{@link #PROP_EXTENSIONS} ({@code String[]}, required): handler file extensions with the dot, {@code .js}.</li>
 * <li>{@link #PROP_DESCRIPTION} ({@code String}, optional): a line for health and logs, {@code GraalJS 25.0.3 (JIT)}.</li>
 * </ul>
 */
@ConsumerType
public interface FunctionRuntime {

    /** Service property, {@code String}: the runtime id, {@code node} or {@code python}. */
    String PROP_ID = "fn.runtime.id";

    /** Service property, {@code String[]}: handler file extensions this runtime loads, with the dot. */
    String PROP_EXTENSIONS = "fn.runtime.extensions";

    /** Service property, {@code String}: a human-readable description of the engine. */
    String PROP_DESCRIPTION = "fn.runtime.description";

    /**
     * Loads one version of a function: reads and compiles its code, installs its dependencies, and
     * prepares whatever it needs to serve calls. May take long (dependency installs); never called on
     * the request path. The returned version serves calls until {@link FunctionVersion#close()}.
     *
     * @param source what to load
     * @return the loaded version, ready to be invoked
     * @throws FunctionLoadException naming the file, line and column when the code or its
     *         dependencies are broken; the previous version of the function keeps serving
     */
    FunctionVersion load(FunctionSource source) throws FunctionLoadException;
}
