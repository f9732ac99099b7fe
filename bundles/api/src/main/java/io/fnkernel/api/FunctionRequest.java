package io.fnkernel.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a function as the gateway received it: the parts of FastFN's event that come from
 * the request. A runtime adds the parts that come from the function ({@code context.runtime},
 * {@code env}, ...) when it builds the event for the handler. Immutable; build with
 * {@link #builder(String, String)}.
 */
public final class FunctionRequest {

    private static final byte[] NO_BODY = new byte[0];

    private final String id;
    private final long receivedAt;
    private final String method;
    private final String path;
    private final String rawPath;
    private final Map<String, List<String>> query;
    private final Map<String, String> params;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String clientIp;
    private final String userAgent;
    private final Map<String, Object> user;
    private final int timeoutMs;

    private FunctionRequest(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.receivedAt = b.receivedAt;
        this.method = b.method;
        this.path = b.path;
        this.rawPath = b.rawPath == null ? b.path : b.rawPath;
        this.query = Collections.unmodifiableMap(b.query);
        this.params = Collections.unmodifiableMap(b.params);
        this.headers = Collections.unmodifiableMap(b.headers);
        this.body = b.body;
        this.clientIp = b.clientIp == null ? "" : b.clientIp;
        this.userAgent = b.userAgent;
        this.user = b.user == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.user));
        this.timeoutMs = b.timeoutMs;
    }

    /**
     * Starts a builder.
     *
     * @param method the upper-case HTTP method
     * @param path the decoded request path, without query
     * @return a builder
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** @return a builder with this request's values, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder(method, path);
        b.id = id;
        b.receivedAt = receivedAt;
        b.rawPath = rawPath;
        b.query = query;
        b.params = params;
        b.headers = headers;
        b.body = body;
        b.clientIp = clientIp;
        b.userAgent = userAgent;
        b.user = user;
        b.timeoutMs = timeoutMs;
        return b;
    }

    /** @return the request id: the client's {@code X-Request-Id} when it sent a usable one, else generated */
    public String id() {
        return id;
    }

    /** @return when the gateway received the request, epoch milliseconds */
    public long receivedAt() {
        return receivedAt;
    }

    /** @return the upper-case HTTP method */
    public String method() {
        return method;
    }

    /** @return the decoded path without query, {@code /users/42} */
    public String path() {
        return path;
    }

    /** @return the path as sent, with query, {@code /users/42?x=1} */
    public String rawPath() {
        return rawPath;
    }

    /**
     * @return query parameters in order; a key given several times has several values; a key given
     *         without {@code =} has a single {@code null} value (the event shows it as {@code true})
     */
    public Map<String, List<String>> query() {
        return query;
    }

    /** @return path parameters bound by the route, names as in the route; empty when none */
    public Map<String, String> params() {
        return params;
    }

    /** @return request headers, names lower-case, repeated headers as several values */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * @param name a header name, any case
     * @return the first value of that header, or null
     */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** @return true when the request carried a body (possibly empty) */
    public boolean hasBody() {
        return body != null;
    }

    /** @return the body bytes exactly as received; empty when there was none. Do not modify. */
    public byte[] body() {
        return body == null ? NO_BODY : body;
    }

    /** @return the client's address as the socket saw it */
    public String clientIp() {
        return clientIp;
    }

    /** @return the {@code User-Agent}, or null */
    public String userAgent() {
        return userAgent;
    }

    /** @return the caller-supplied context of {@code POST /_fn/invoke} ({@code event.context.user}), or null for HTTP requests */
    public Map<String, Object> user() {
        return user;
    }

    /** @return the time left for this call, milliseconds, &gt; 0: the runtime cancels the call past it */
    public int timeoutMs() {
        return timeoutMs;
    }

    @Override
    public String toString() {
        return method + " " + rawPath + " [" + id + "]";
    }

    /** Builds a {@link FunctionRequest}. */
    public static final class Builder {
        private String id;
        private long receivedAt = System.currentTimeMillis();
        private final String method;
        private final String path;
        private String rawPath;
        private Map<String, List<String>> query = Map.of();
        private Map<String, String> params = Map.of();
        private Map<String, List<String>> headers = Map.of();
        private byte[] body;
        private String clientIp;
        private String userAgent;
        private Map<String, Object> user;
        private int timeoutMs = FunctionPolicy.DEFAULT_TIMEOUT_MS;

        private Builder(String method, String path) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            this.path = Objects.requireNonNull(path, "path");
        }

        /**
         * @param value the request id
         * @return this builder
         */
        public Builder id(String value) {
            this.id = value;
            return this;
        }

        /**
         * @param value epoch milliseconds
         * @return this builder
         */
        public Builder receivedAt(long value) {
            this.receivedAt = value;
            return this;
        }

        /**
         * @param value the raw path with query
         * @return this builder
         */
        public Builder rawPath(String value) {
            this.rawPath = value;
            return this;
        }

        /**
         * @param value query parameters, see {@link FunctionRequest#query()}; taken over, not
         *        copied: the caller must not change it or its lists afterwards
         * @return this builder
         */
        public Builder query(Map<String, List<String>> value) {
            this.query = value;
            return this;
        }

        /**
         * @param value path parameters; taken over, not copied: the caller must not change it afterwards
         * @return this builder
         */
        public Builder params(Map<String, String> value) {
            this.params = value;
            return this;
        }

        /**
         * @param value headers; taken over as they are when every name is already lower-case (the
         *        caller must not change them afterwards), else copied with lower-cased names
         * @return this builder
         */
        public Builder headers(Map<String, List<String>> value) {
            for (String k : value.keySet()) {
                if (!k.equals(k.toLowerCase(Locale.ROOT))) {
                    Map<String, List<String>> out = new LinkedHashMap<>();
                    value.forEach((n, v) -> out.computeIfAbsent(n.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
                    this.headers = out;
                    return this;
                }
            }
            this.headers = value;
            return this;
        }

        /**
         * @param value the body, or null for none; not copied
         * @return this builder
         */
        public Builder body(byte[] value) {
            this.body = value;
            return this;
        }

        /**
         * @param value client address
         * @return this builder
         */
        public Builder clientIp(String value) {
            this.clientIp = value;
            return this;
        }

        /**
         * @param value user agent, or null
         * @return this builder
         */
        public Builder userAgent(String value) {
            this.userAgent = value;
            return this;
        }

        /**
         * @param value JSON-like context (maps, lists, strings, numbers, booleans, null), or null
         * @return this builder
         */
        public Builder user(Map<String, Object> value) {
            this.user = value;
            return this;
        }

        /**
         * @param value milliseconds, &gt; 0
         * @return this builder
         */
        public Builder timeoutMs(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("timeoutMs must be > 0");
            }
            this.timeoutMs = value;
            return this;
        }

        /** @return the request */
        public FunctionRequest build() {
            return new FunctionRequest(this);
        }
    }
}
