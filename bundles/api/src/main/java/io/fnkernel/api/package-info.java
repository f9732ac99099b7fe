/**
 * The fnkernel contract: what a function is ({@link io.fnkernel.api.FunctionSource}), who runs it
 * ({@link io.fnkernel.api.FunctionRuntime}), the hot-swappable unit that serves it
 * ({@link io.fnkernel.api.FunctionVersion}), the request and response that cross between the
 * gateway and a runtime, and the platform's published state ({@link io.fnkernel.api.PlatformRuntime}).
 *
 * <p>Nothing here mentions Jetty, GraalVM or swagger; every bundle compiles against this package
 * and nothing else of fnkernel.
 */
@Export
@Version("1.1.0")
package io.fnkernel.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
