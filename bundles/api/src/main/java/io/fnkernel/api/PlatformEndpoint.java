package io.fnkernel.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An HTTP endpoint of the platform itself (OpenAPI, Swagger UI) that a bundle contributes to the
 * gateway without touching its HTTP library: registered as a service, tracked by the gateway.
 *
 * <p>Service properties:
 * <ul>
 * <li>{@link #PROP_PATH} ({@code String} or {@code String[]}, required): exact paths such as
 *     {@code /_fn/openapi.json}, or prefixes ending in {@code /*} such as {@code /_fn/docs/*}.</li>
 * <li>{@link #PROP_ACCESS} ({@code String}, optional): {@link #ACCESS_PUBLIC} or {@link #ACCESS_ADMIN}
 *     (the default), which puts it behind the admin API's guard.</li>
 * </ul>
 */
@ConsumerType
public interface PlatformEndpoint {

    /** Service property, {@code String} or {@code String[]}: the paths served. */
    String PROP_PATH = "fn.endpoint.path";
    /** Service property, {@code String}: who may call it. */
    String PROP_ACCESS = "fn.endpoint.access";
    /** Anyone may call it. */
    String ACCESS_PUBLIC = "public";
    /** Only callers the admin API admits. */
    String ACCESS_ADMIN = "admin";

    /**
     * Answers one request. Runs on the request path, so it must be quick: serve precomputed data.
     * For a prefix registration {@code /p/*}, the request's {@link FunctionRequest#params()} holds
     * {@code path}: the part after {@code /p/} ({@code ""} for {@code /p} itself); exact
     * registrations get no params.
     *
     * @param request the request; headers carry {@code host} and {@code x-forwarded-*} for building URLs
     * @return the response, including 404 or 405 for requests it does not serve
     */
    FunctionResponse handle(FunctionRequest request);
}
