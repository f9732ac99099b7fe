package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the parts of a request that go into the event: query parameters and headers. */
public final class RequestParts {

    private RequestParts() {
    }

    /**
     * Starts the request handed to a function from the HTTP request: id, time, method, paths,
     * query, parameters, headers, client address and user agent; the caller adds body and timeout.
     *
     * @param ex the exchange
     * @param method the method the function sees
     * @param params the route's parameters
     * @return the builder
     */
    public static FunctionRequest.Builder builder(Exchange ex, String method, Map<String, String> params) {
        Request rq = ex.request();
        HttpURI uri = rq.getHttpURI();
        return FunctionRequest.builder(method, ex.path())
                .id(ex.id())
                .receivedAt(Request.getTimeStamp(rq))
                .rawPath(uri.getPathQuery())
                .query(query(uri.getQuery()))
                .params(params)
                .headers(headers(rq.getHeaders()))
                .clientIp(Request.getRemoteAddr(rq))
                .userAgent(rq.getHeaders().get(HttpHeader.USER_AGENT));
    }

    /**
     * @param rq the request
     * @return true when it carries a body: a positive {@code Content-Length}, or chunked
     */
    public static boolean hasBody(Request rq) {
        long declared = rq.getLength();
        return declared > 0 || (declared < 0 && rq.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    /**
     * Parses a raw query string. Repeated keys keep every value in order; a key without {@code =}
     * has a single {@code null} value; {@code +} and percent escapes are decoded as UTF-8, and a
     * malformed escape is kept as sent.
     *
     * @param raw the raw query, without {@code ?}, or null
     * @return parameters in order
     */
    public static Map<String, List<String>> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = null;
        int start = 0;
        int len = raw.length();
        while (start <= len) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? len : amp;
            if (end > start) {
                int eq = raw.indexOf('=', start);
                String key;
                String value;
                if (eq < 0 || eq >= end) {
                    key = decode(raw, start, end);
                    value = null;
                } else {
                    key = decode(raw, start, eq);
                    value = decode(raw, eq + 1, end);
                }
                if (!key.isEmpty()) {
                    if (out == null && amp < 0) {
                        // the only parameter, the usual query: one small map, no hash table and list
                        return Map.of(key, Collections.singletonList(value));
                    }
                    if (out == null) {
                        out = new LinkedHashMap<>();
                    }
                    out.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
                }
            }
            start = end + 1;
        }
        return out == null ? Map.of() : out;
    }

    private static String decode(String raw, int from, int to) {
        String s = raw.substring(from, to);
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * Names are sorted, not kept in the client's order: clients differ in the order they send the
     * same headers (wrk's two threads do), and a JavaScript runtime builds a new object shape for
     * every order, throwing away compiled code each time it meets one it has not seen.
     *
     * @param fields the request headers
     * @return names lower-cased and sorted, a repeated header as several values in their order
     */
    public static Map<String, List<String>> headers(HttpFields fields) {
        Map<String, List<String>> out = new TreeMap<>();
        for (HttpField f : fields) {
            out.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>(1)).add(f.getValue());
        }
        return out;
    }

    /**
     * @param acceptEncoding the {@code Accept-Encoding} value, or null
     * @return true when it accepts gzip (by name or {@code *}) with a non-zero quality
     */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            int semi = part.indexOf(';');
            String coding = (semi < 0 ? part : part.substring(0, semi)).trim();
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                return semi < 0 || !isZeroQuality(part.substring(semi + 1));
            }
        }
        return false;
    }

    private static boolean isZeroQuality(String params) {
        for (String p : params.split(";")) {
            String t = p.trim();
            if (t.startsWith("q=") || t.startsWith("Q=")) {
                try {
                    return Double.parseDouble(t.substring(2).trim()) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
