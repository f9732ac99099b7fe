package io.fnkernel.api;

import io.fnkernel.api.route.Route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The limits and invocation settings of one function version, read from {@code fn.config.json}
 * (nearest folder wins) and applied by the gateway and the runtime. Immutable; build with
 * {@link #builder()}.
 */
public final class FunctionPolicy {

    /** {@code timeout_ms} when not configured. */
    public static final int DEFAULT_TIMEOUT_MS = 2500;
    /** {@code max_concurrency} when not configured: calls in flight at once; 0 means unlimited. */
    public static final int DEFAULT_MAX_CONCURRENCY = 20;
    /** {@code max_queue} when not configured: calls waiting for a slot before 429. */
    public static final int DEFAULT_MAX_QUEUE = 1000;
    /** {@code max_body_bytes} when not configured. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** {@code invoke.handler} when not configured. */
    public static final String DEFAULT_HANDLER = "handler";

    private static final FunctionPolicy DEFAULTS = builder().build();

    private final int timeoutMs;
    private final int maxConcurrency;
    private final int maxQueue;
    private final long maxBodyBytes;
    private final List<String> methods;
    private final String handler;
    private final String summary;
    private final Map<String, String> queryExample;
    private final String bodyExample;
    private final String contentType;

    private FunctionPolicy(Builder b) {
        this.timeoutMs = b.timeoutMs;
        this.maxConcurrency = b.maxConcurrency;
        this.maxQueue = b.maxQueue;
        this.maxBodyBytes = b.maxBodyBytes;
        this.methods = List.copyOf(b.methods);
        this.handler = b.handler;
        this.summary = b.summary;
        this.queryExample = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.queryExample));
        this.bodyExample = b.bodyExample;
        this.contentType = b.contentType;
    }

    /** @return the policy with every default */
    public static FunctionPolicy defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this policy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeoutMs = timeoutMs;
        b.maxConcurrency = maxConcurrency;
        b.maxQueue = maxQueue;
        b.maxBodyBytes = maxBodyBytes;
        b.methods = new ArrayList<>(methods);
        b.handler = handler;
        b.summary = summary;
        b.queryExample = new LinkedHashMap<>(queryExample);
        b.bodyExample = bodyExample;
        b.contentType = contentType;
        return b;
    }

    /** @return {@code timeout_ms}: the longest one call may run before it is cancelled and answered 504; &gt; 0 */
    public int timeoutMs() {
        return timeoutMs;
    }

    /** @return {@code max_concurrency}: calls in flight at once; 0 means unlimited */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** @return {@code max_queue}: calls that may wait for a slot; beyond it the gateway answers 429 */
    public int maxQueue() {
        return maxQueue;
    }

    /** @return {@code max_body_bytes}: the largest request body accepted; larger is 413 */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return {@code invoke.methods}: upper-case, canonical order, never empty; default {@code [GET]} */
    public List<String> methods() {
        return methods;
    }

    /** @return {@code invoke.handler}: the exported function to call */
    public String handler() {
        return handler;
    }

    /** @return {@code invoke.summary}, or null */
    public String summary() {
        return summary;
    }

    /** @return {@code invoke.query}: example query parameters for documentation, possibly empty */
    public Map<String, String> queryExample() {
        return queryExample;
    }

    /** @return {@code invoke.body}: an example request body for documentation, or null */
    public String bodyExample() {
        return bodyExample;
    }

    /** @return {@code invoke.content_type}: the request body's media type for documentation, or null */
    public String contentType() {
        return contentType;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionPolicy p && p.timeoutMs == timeoutMs && p.maxConcurrency == maxConcurrency
                && p.maxQueue == maxQueue && p.maxBodyBytes == maxBodyBytes && p.methods.equals(methods)
                && p.handler.equals(handler) && Objects.equals(p.summary, summary)
                && p.queryExample.equals(queryExample) && Objects.equals(p.bodyExample, bodyExample)
                && Objects.equals(p.contentType, contentType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeoutMs, maxConcurrency, maxQueue, maxBodyBytes, methods, handler, summary);
    }

    @Override
    public String toString() {
        return "FunctionPolicy{timeout_ms=" + timeoutMs + ", max_concurrency=" + maxConcurrency + ", max_queue=" + maxQueue
                + ", max_body_bytes=" + maxBodyBytes + ", methods=" + methods + ", handler=" + handler + "}";
    }

    /** Builds a {@link FunctionPolicy}; every setter checks its value and names the config key on failure. */
    public static final class Builder {
        private int timeoutMs = DEFAULT_TIMEOUT_MS;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private int maxQueue = DEFAULT_MAX_QUEUE;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private List<String> methods = new ArrayList<>(List.of("GET"));
        private String handler = DEFAULT_HANDLER;
        private String summary;
        private Map<String, String> queryExample = new LinkedHashMap<>();
        private String bodyExample;
        private String contentType;

        private Builder() {
        }

        /**
         * @param value {@code timeout_ms}, &gt; 0
         * @return this builder
         */
        public Builder timeoutMs(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("timeout_ms must be > 0, got " + value);
            }
            this.timeoutMs = value;
            return this;
        }

        /**
         * @param value {@code max_concurrency}, &gt;= 0 (0 = unlimited)
         * @return this builder
         */
        public Builder maxConcurrency(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("max_concurrency must be >= 0, got " + value);
            }
            this.maxConcurrency = value;
            return this;
        }

        /**
         * @param value {@code max_queue}, &gt;= 0
         * @return this builder
         */
        public Builder maxQueue(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("max_queue must be >= 0, got " + value);
            }
            this.maxQueue = value;
            return this;
        }

        /**
         * @param value {@code max_body_bytes}, &gt; 0
         * @return this builder
         */
        public Builder maxBodyBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("max_body_bytes must be > 0, got " + value);
            }
            this.maxBodyBytes = value;
            return this;
        }

        /**
         * @param value {@code invoke.methods}: non-empty, each one of {@link Route#METHODS}, any case
         * @return this builder
         */
        public Builder methods(Collection<String> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("invoke.methods must not be empty");
            }
            List<String> out = new ArrayList<>();
            for (String m : Route.METHODS) {
                for (String v : value) {
                    if (Route.normalizeMethod(v).equals(m) && !out.contains(m)) {
                        out.add(m);
                    }
                }
            }
            this.methods = out;
            return this;
        }

        /**
         * @param value {@code invoke.handler}: an identifier ({@code [A-Za-z_$][A-Za-z0-9_$]*})
         * @return this builder
         */
        public Builder handler(String value) {
            if (value == null || !value.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
                throw new IllegalArgumentException("invoke.handler must be an identifier, got '" + value + "'");
            }
            this.handler = value;
            return this;
        }

        /**
         * @param value {@code invoke.summary}, or null
         * @return this builder
         */
        public Builder summary(String value) {
            this.summary = value;
            return this;
        }

        /**
         * @param value {@code invoke.query} example values by parameter name
         * @return this builder
         */
        public Builder queryExample(Map<String, String> value) {
            this.queryExample = new LinkedHashMap<>(value);
            return this;
        }

        /**
         * @param value {@code invoke.body} example, or null
         * @return this builder
         */
        public Builder bodyExample(String value) {
            this.bodyExample = value;
            return this;
        }

        /**
         * @param value {@code invoke.content_type}, or null
         * @return this builder
         */
        public Builder contentType(String value) {
            this.contentType = value;
            return this;
        }

        /** @return the policy */
        public FunctionPolicy build() {
            return new FunctionPolicy(this);
        }
    }
}
