package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRef;
import io.swagger.v3.oas.models.OpenAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the document in step with the live versions: every change schedules one rebuild on its own
 * thread (changes that arrive meanwhile are folded into the next one), and the result is published
 * through one volatile field that the endpoints read without locking.
 */
public final class OpenApiService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiService.class);
    /** How long a request waits for the first document (built on the rebuild thread). */
    private static final long FIRST_WAIT_NANOS = 30_000_000_000L;

    private final OpenApiConfig config;
    private final Map<Long, DocumentedVersion> versions = new ConcurrentHashMap<>();
    private final Map<Long, InternalRoute[]> endpoints = new ConcurrentHashMap<>();
    private final ExecutorService rebuilder;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Object progress = new Object();
    private final Map<String, Optional<String>> summaries = new HashMap<>();
    private Set<String> reported = Set.of();
    private long changes;
    private long built;
    private volatile SpecDocument current;

    /**
     * Builds nothing yet: the first document is built on the rebuild thread when the first version or
     * endpoint arrives, or when it is first asked for (swagger-core's first use loads classes for
     * about a second, which start-up should not spend before the functions answer).
     *
     * @param config the settings
     */
    public OpenApiService(OpenApiConfig config) {
        this.config = config;
        this.rebuilder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fnk-openapi-rebuild");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Adds or replaces a version.
     *
     * @param serviceId the service's {@code service.id}; a higher id wins when two share a name and version
     * @param version the version
     */
    public void put(long serviceId, DocumentedVersion version) {
        versions.put(serviceId, version);
        changed();
    }

    /**
     * @param serviceId the {@code service.id} given to {@link #put}
     */
    public void remove(long serviceId) {
        if (versions.remove(serviceId) != null) {
            changed();
        }
    }

    /**
     * Adds the paths of a platform endpoint, documented when internal routes are on.
     *
     * @param serviceId its {@code service.id}
     * @param routes its routes
     */
    public void putEndpoint(long serviceId, List<InternalRoute> routes) {
        endpoints.put(serviceId, routes.toArray(InternalRoute[]::new));
        if (config.includeInternal()) {
            changed();
        }
    }

    /**
     * @param serviceId the {@code service.id} given to {@link #putEndpoint}
     */
    public void removeEndpoint(long serviceId) {
        if (endpoints.remove(serviceId) != null && config.includeInternal()) {
            changed();
        }
    }

    /** @return the current document, once the first one is built; never null */
    SpecDocument document() {
        SpecDocument d = current;
        return d != null ? d : first();
    }

    /** @return the current model, which callers must not modify */
    public OpenAPI model() {
        return document().model();
    }

    private SpecDocument first() {
        changed();
        long deadline = System.nanoTime() + FIRST_WAIT_NANOS;
        synchronized (progress) {
            while (current == null) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new IllegalStateException("the OpenAPI document was not built within "
                            + FIRST_WAIT_NANOS / 1_000_000_000L + " s");
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the OpenAPI document was being built", e);
                }
            }
            return current;
        }
    }

    /**
     * Waits until every change made so far is in the document.
     *
     * @param timeoutMs the longest wait
     * @return true when up to date, false on timeout
     * @throws InterruptedException when interrupted
     */
    public boolean awaitUpToDate(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (progress) {
            while (built < changes) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                progress.wait(left);
            }
        }
        return true;
    }

    private void changed() {
        synchronized (progress) {
            changes++;
        }
        if (pending.compareAndSet(false, true)) {
            try {
                rebuilder.execute(this::rebuild);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                pending.set(false);
            }
        }
    }

    private void rebuild() {
        pending.set(false);
        long seen;
        synchronized (progress) {
            seen = changes;
        }
        try {
            current = build();
        } catch (RuntimeException e) {
            if (rebuilder.isShutdown()) {
                // Closed while building (a stop during start-up): swagger's classes may be gone already.
                LOG.debug("OpenAPI rebuild given up, the service closed meanwhile: {}", e.toString());
            } else {
                LOG.error("OpenAPI document not rebuilt, the previous one stays served: {}", e.toString(), e);
            }
        }
        synchronized (progress) {
            built = Math.max(built, seen);
            progress.notifyAll();
        }
    }

    private SpecDocument build() {
        Map<FunctionRef, DocumentedVersion> live = new LinkedHashMap<>();
        new TreeMap<>(versions).values().forEach(v -> live.put(v.ref(), v));
        List<String> problems = new ArrayList<>();
        DocumentedRoutes routes = DocumentedRoutes.of(live.values(), problems::add);
        List<InternalRoute> internal = new ArrayList<>();
        if (config.includeInternal()) {
            internal.addAll(InternalRoute.GATEWAY);
            new TreeMap<>(endpoints).values().forEach(rs -> internal.addAll(List.of(rs)));
        }
        Set<String> liveKeys = new HashSet<>();
        OpenAPI model = SpecBuilder.build(routes, v -> {
            String key = v.entry() + "\n" + v.revision();
            liveKeys.add(key);
            return summaries.computeIfAbsent(key, k -> Optional.ofNullable(HandlerSummary.read(v.entry()))).orElse(null);
        }, internal);
        summaries.keySet().retainAll(liveKeys);
        report(problems);
        return SpecDocument.of(model, config.publicBaseUrl());
    }

    private void report(List<String> problems) {
        Set<String> now = new HashSet<>(problems);
        for (String p : problems) {
            if (!reported.contains(p)) {
                LOG.warn("OpenAPI: {}", p);
            }
        }
        reported = now;
    }

    /** Stops the rebuild thread; the last document stays readable. */
    @Override
    public void close() {
        rebuilder.shutdownNow();
    }
}
