package io.fnkernel.runtime.node.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.runtime.support.EventJson;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Flattens a request into the array from which the glue ({@code fnk-runtime.js}, {@code makeEvent})
 * builds the same event {@link EventJson} writes, so a call neither writes nor parses JSON. The
 * arrays go to JavaScript as plain host arrays ({@link JsEngine#HOST_ACCESS}), whose element reads
 * compile into the glue, not as {@code ProxyArray}s, whose every read is a call back into Java.
 *
 * <p>Layout, read front to back by the glue: id, ts, method, path, raw_path, body or null,
 * is_base64, client ip, user agent or null, {@code context.user} as JSON or null; the query as a
 * count then per key: key, value count, values ({@code true} for a key without a value); the route
 * parameters as a count then key, value; the headers like the query; the session as its id or null,
 * the raw Cookie header or null, then the cookies like the parameters.
 */
final class JsEvent {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SCALARS = 10;

    private JsEvent() {
    }

    /**
     * The constants of a version's events, handed to the glue once per context.
     *
     * @param source the version
     * @return version, runtime, function name, timeout_ms, max_concurrency, max_body_bytes
     */
    static Object[] constants(FunctionSource source) {
        FunctionPolicy p = source.policy();
        return new Object[] {source.version(), source.runtime(), source.name(), p.timeoutMs(), p.maxConcurrency(),
                p.maxBodyBytes()};
    }

    /**
     * Flattens one request.
     *
     * @param r the request
     * @return the array the glue reads
     */
    static Object[] of(FunctionRequest r) {
        List<String> cookieHeaders = r.headers().get("cookie");
        String rawCookies = cookieHeaders == null || cookieHeaders.isEmpty() ? null : String.join("; ", cookieHeaders);
        Map<String, String> cookies = rawCookies == null ? Map.of() : EventJson.parseCookies(rawCookies);
        int size = SCALARS + multiSize(r.query()) + 1 + 2 * r.params().size() + multiSize(r.headers()) + 3 + 2 * cookies.size();
        Object[] p = new Object[size];
        p[0] = r.id();
        p[1] = r.receivedAt();
        p[2] = r.method();
        p[3] = r.path();
        p[4] = r.rawPath();
        if (r.hasBody()) {
            String text = EventJson.utf8OrNull(r.body());
            p[5] = text != null ? text : Base64.getEncoder().encodeToString(r.body());
            p[6] = text == null;
        } else {
            p[6] = false;
        }
        p[7] = r.clientIp();
        p[8] = r.userAgent();
        p[9] = r.user() == null ? null : json(r.user());
        int at = putMulti(p, SCALARS, r.query());
        at = putPairs(p, at, r.params());
        at = putMulti(p, at, r.headers());
        p[at++] = rawCookies == null ? null : EventJson.sessionId(cookies);
        p[at++] = rawCookies;
        putPairs(p, at, cookies);
        return p;
    }

    private static int multiSize(Map<String, List<String>> map) {
        int n = 1;
        for (List<String> values : map.values()) {
            n += 2 + values.size();
        }
        return n;
    }

    private static int putMulti(Object[] p, int at, Map<String, List<String>> map) {
        p[at++] = map.size();
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            p[at++] = e.getKey();
            p[at++] = e.getValue().size();
            for (String v : e.getValue()) {
                p[at++] = v == null ? Boolean.TRUE : v;
            }
        }
        return at;
    }

    private static int putPairs(Object[] p, int at, Map<String, String> map) {
        p[at++] = map.size();
        for (Map.Entry<String, String> e : map.entrySet()) {
            p[at++] = e.getKey();
            p[at++] = e.getValue();
        }
        return at;
    }

    private static String json(Map<String, Object> user) {
        try {
            return JSON.writeValueAsString(user);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("context.user cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
