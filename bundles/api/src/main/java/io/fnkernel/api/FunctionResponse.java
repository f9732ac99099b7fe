package io.fnkernel.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A handler's answer after the runtime normalised it: a status, headers as the handler named them,
 * and the body bytes. The gateway validates the headers before anything reaches the wire.
 * Immutable; create with {@link #of(int, Map, byte[])} or {@link #text(int, String, String)}.
 */
public final class FunctionResponse {

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private FunctionResponse(int status, Map<String, List<String>> headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599, got " + status);
        }
        this.status = status;
        this.headers = copy(headers);
        this.body = body == null ? new byte[0] : body;
    }

    /**
     * An unmodifiable copy in the given order. No headers or one header, the runtimes' usual
     * answer, costs at most one small map: every request allocates its response, and on a busy
     * server each allocated byte costs time.
     */
    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        if (headers.isEmpty()) {
            return Map.of();
        }
        if (headers.size() == 1) {
            Map.Entry<String, List<String>> e = headers.entrySet().iterator().next();
            if (e.getKey() != null && e.getValue() != null && noNulls(e.getValue())) {
                return Map.of(e.getKey(), List.copyOf(e.getValue()));
            }
        }
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(h);
    }

    private static boolean noNulls(List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Creates a response.
     *
     * @param status 100-599
     * @param headers header names as given, each with one or more values ({@code Set-Cookie} may repeat)
     * @param body the body; null means empty; not copied
     * @return the response
     * @throws IllegalArgumentException when the status is out of range
     */
    public static FunctionResponse of(int status, Map<String, List<String>> headers, byte[] body) {
        return new FunctionResponse(status, headers, body);
    }

    /**
     * Creates a response with one {@code Content-Type}.
     *
     * @param status 100-599
     * @param contentType the media type, or null for none
     * @param body the body as text, encoded as UTF-8
     * @return the response
     */
    public static FunctionResponse text(int status, String contentType, String body) {
        Map<String, List<String>> h = contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType));
        return new FunctionResponse(status, h, body.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the status code */
    public int status() {
        return status;
    }

    /** @return the headers in the handler's order and spelling */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * @param name a header name, any case
     * @return the first value of that header, or null
     */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** @return the body bytes; do not modify */
    public byte[] body() {
        return body;
    }

    /** @return the body decoded as UTF-8, for tests and logs */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "FunctionResponse{" + status + ", " + headers + ", " + body.length + " bytes}";
    }
}
