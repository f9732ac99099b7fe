package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.route.RoutePattern;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The values one {@code fn.config.json} sets; unset keys are null so that folder overlays merge
 * nearest-wins, key by key. Every value was checked when read.
 *
 * @param file the file, or null for the empty config of a folder without one
 * @param entrypoint {@code entrypoint}, relative to the folder; never inherited
 * @param routes {@code invoke.routes} / {@code invoke.route}; never inherited
 * @param methods {@code invoke.methods}
 * @param handler {@code invoke.handler}
 * @param summary {@code invoke.summary}
 * @param query {@code invoke.query} example values
 * @param body {@code invoke.body} example, JSON text unless it was a string
 * @param contentType {@code invoke.content_type}
 * @param timeoutMs {@code timeout_ms}
 * @param maxConcurrency {@code max_concurrency}, else {@code worker_pool.max_workers}
 * @param maxQueue {@code max_queue}, else {@code worker_pool.max_queue}
 * @param maxBodyBytes {@code max_body_bytes}
 */
record FunctionConfig(Path file, String entrypoint, List<RoutePattern> routes, List<String> methods, String handler,
                      String summary, Map<String, String> query, String body, String contentType, Integer timeoutMs,
                      Integer maxConcurrency, Integer maxQueue, Long maxBodyBytes) {

    /** The config of a folder without {@code fn.config.json}. */
    static final FunctionConfig EMPTY = new FunctionConfig(null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    /**
     * Sets this config's values on a policy builder, leaving unset keys alone.
     *
     * @param b the builder
     * @return the builder
     */
    FunctionPolicy.Builder applyTo(FunctionPolicy.Builder b) {
        if (methods != null) {
            b.methods(methods);
        }
        if (handler != null) {
            b.handler(handler);
        }
        if (summary != null) {
            b.summary(summary);
        }
        if (query != null) {
            b.queryExample(query);
        }
        if (body != null) {
            b.bodyExample(body);
        }
        if (contentType != null) {
            b.contentType(contentType);
        }
        if (timeoutMs != null) {
            b.timeoutMs(timeoutMs);
        }
        if (maxConcurrency != null) {
            b.maxConcurrency(maxConcurrency);
        }
        if (maxQueue != null) {
            b.maxQueue(maxQueue);
        }
        if (maxBodyBytes != null) {
            b.maxBodyBytes(maxBodyBytes);
        }
        return b;
    }

    /**
     * Merges folder configs from the root down: the nearest folder wins, key by key.
     *
     * @param chain configs from the functions folder down to the function's own
     * @return the effective policy
     */
    static FunctionPolicy policy(List<FunctionConfig> chain) {
        FunctionPolicy.Builder b = FunctionPolicy.builder();
        for (FunctionConfig c : chain) {
            c.applyTo(b);
        }
        return b.build();
    }
}
