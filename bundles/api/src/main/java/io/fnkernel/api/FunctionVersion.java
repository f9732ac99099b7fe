package io.fnkernel.api;

import org.osgi.annotation.versioning.ConsumerType;

import java.util.concurrent.CompletionStage;

/**
 * One loaded revision of one version of a function: the unit of hot-swap. Discovery registers it as
 * a service with the properties below once {@link FunctionRuntime#load} returned it, and the gateway
 * routes to it (whiteboard). A swap registers the new revision before unregistering and closing the
 * old one, so no request sees a gap.
 *
 * <p>Service properties:
 * <ul>
 * <li>{@link #PROP_NAME} ({@code String}): the function name.</li>
 * <li>{@link #PROP_VERSION} ({@code String}): the version label, {@link #DEFAULT_VERSION} for the default.</li>
 * <li>{@link #PROP_RUNTIME} ({@code String}): the runtime id.</li>
 * <li>{@link #PROP_REVISION} ({@code String}): the content hash of the source.</li>
 * <li>{@link #PROP_ROUTES} ({@code String[]}): public routes, each {@code METHOD /pattern}
 *     (see {@link io.fnkernel.api.route.Route#parse(String)}); empty when reached only by {@code /name@version}.</li>
 * <li>{@link #PROP_ENTRY} ({@code String}): the handler file's absolute path, for messages.</li>
 * </ul>
 */
@ConsumerType
public interface FunctionVersion {

    /** Service property, {@code String}: function name. */
    String PROP_NAME = "fn.name";
    /** Service property, {@code String}: version label. */
    String PROP_VERSION = "fn.version";
    /** Service property, {@code String}: runtime id. */
    String PROP_RUNTIME = "fn.runtime";
    /** Service property, {@code String}: content hash. */
    String PROP_REVISION = "fn.revision";
    /** Service property, {@code String[]}: routes as {@code METHOD /pattern}. */
    String PROP_ROUTES = "fn.routes";
    /** Service property, {@code String}: absolute path of the handler file. */
    String PROP_ENTRY = "fn.entry";

    /** The version label of a function's default version, served at {@code /name}. */
    String DEFAULT_VERSION = "default";

    /** @return the source this version was loaded from */
    FunctionSource source();

    /**
     * Calls the handler. A runtime may run the handler on the calling thread (then it returns a
     * completed stage, after up to {@link FunctionRequest#timeoutMs()}), or complete the stage from
     * its own threads; callers must allow for both. The call is cancelled once
     * {@link FunctionRequest#timeoutMs()} has passed, completing with {@link FunctionException.Kind#TIMEOUT};
     * a caller that cancels the stage asks for the same.
     *
     * @param request the request
     * @return the normalised response, or completes exceptionally with {@link FunctionException}
     */
    CompletionStage<FunctionResponse> invoke(FunctionRequest request);

    /**
     * Retires this version: calls that arrive afterwards fail with {@link FunctionException.Kind#CLOSED}
     * (the gateway then routes them to the current version), calls in flight finish, and then the
     * version's contexts, workers and files are released. Returns once released, at the latest when
     * the longest in-flight call's timeout has passed. Idempotent.
     */
    void close();
}
