package io.fnkernel.runtime.node.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.runtime.support.EventJson;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.BiConsumer;

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
     * Flattens one request. The array may end in unused slots, which the glue never reads.
     *
     * @param r the request
     * @return the array the glue reads
     */
    static Object[] of(FunctionRequest r) {
        List<String> cookieHeaders = r.headers().get("cookie");
        String rawCookies = cookieHeaders == null || cookieHeaders.isEmpty() ? null : String.join("; ", cookieHeaders);
        Map<String, String> cookies = rawCookies == null ? Map.of() : EventJson.parseCookies(rawCookies);
        // four counts, the session id and raw cookies, and per key at least three slots (two for a pair)
        Flat f = new Flat(SCALARS + 6 + 3 * (r.query().size() + r.params().size() + r.headers().size() + cookies.size()));
        Object[] p = f.p;
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
        f.at = SCALARS;
        f.multi(r.query());
        f.pairs(r.params());
        f.multi(r.headers());
        f.add(rawCookies == null ? null : EventJson.sessionId(cookies));
        f.add(rawCookies);
        f.pairs(cookies);
        return f.p;
    }

    /**
     * Appends maps to the array in one pass through their own {@code forEach}: iterating an
     * unmodifiable map's entries allocates a wrapper for the set, the iterator and every entry,
     * and every request pays for what it allocates.
     */
    private static final class Flat implements BiConsumer<String, Object> {

        private Object[] p;
        private int at;
        private boolean lists;

        Flat(int size) {
            p = new Object[size];
        }

        void add(Object value) {
            if (at == p.length) {
                p = Arrays.copyOf(p, p.length * 2);
            }
            p[at++] = value;
        }

        /** A count, then per key: key, value count, values ({@code true} for a key without a value). */
        void multi(Map<String, List<String>> map) {
            add(map.size());
            lists = true;
            map.forEach(this);
        }

        /** A count, then key, value. */
        void pairs(Map<String, String> map) {
            add(map.size());
            lists = false;
            map.forEach(this);
        }

        @Override
        public void accept(String key, Object value) {
            add(key);
            if (!lists) {
                add(value);
                return;
            }
            List<?> values = (List<?>) value;
            add(values.size());
            if (values instanceof RandomAccess) {
                for (int i = 0, n = values.size(); i < n; i++) {
                    Object v = values.get(i);
                    add(v == null ? Boolean.TRUE : v);
                }
            } else {
                for (Object v : values) {
                    add(v == null ? Boolean.TRUE : v);
                }
            }
        }
    }

    private static String json(Map<String, Object> user) {
        try {
            return JSON.writeValueAsString(user);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("context.user cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
