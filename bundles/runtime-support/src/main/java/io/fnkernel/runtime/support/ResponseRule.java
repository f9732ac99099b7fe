package io.fnkernel.runtime.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns what a handler returned, as JSON, into a {@link FunctionResponse}: the one place of
 * DESIGN.md decision 2. An object is an envelope only when {@code status}/{@code statusCode} is an
 * integer 100–599, or when it has no status key and has {@code headers}, {@code body},
 * {@code is_base64}, {@code body_base64} or {@code isBase64Encoded}; anything else is data,
 * answered 200 as JSON. Strings are text (HTML when they look like it), {@code null} is empty.
 *
 * <p>Runtimes send binary values (a {@code Buffer}, Python {@code bytes}) as
 * {@code {"is_base64": true, "body_base64": "..."}}, and Python tuples as envelopes, before calling this.
 */
public final class ResponseRule {

    /** Content type of JSON bodies. */
    public static final String JSON = "application/json";
    /** Content type of plain text bodies. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** Content type of HTML bodies. */
    public static final String HTML = "text/html; charset=utf-8";

    /** Longest string a result may hold (a base64 body is one string): larger than Jackson's default of 20M chars. */
    public static final int MAX_STRING_CHARS = 256 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build()).build());
    private static final List<String> ENVELOPE_KEYS = List.of("headers", "body", "is_base64", "body_base64", "isBase64Encoded");
    /** Top-level keys that send an object down the full path: the envelope keys and the status keys. */
    static final String[] NOT_PLAIN_KEYS = Stream.concat(Stream.of("status", "statusCode"), ENVELOPE_KEYS.stream()).toArray(String[]::new);
    private static final Map<String, List<String>> JSON_HEADERS = Map.of("Content-Type", List.of(JSON));

    private ResponseRule() {
    }

    /**
     * Normalises a handler's result.
     *
     * @param json the returned value as JSON text ({@code null} for nothing)
     * @return the response
     * @throws FunctionException of kind {@link FunctionException.Kind#BAD_RESPONSE} when the value
     *         is an envelope that breaks the contract, naming the field
     */
    public static FunctionResponse fromJson(String json) {
        if (json != null && PlainJson.isPlainData(json, NOT_PLAIN_KEYS)) {
            return FunctionResponse.of(200, JSON_HEADERS, json.strip().getBytes(StandardCharsets.UTF_8));
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json == null ? "null" : json);
        } catch (JsonProcessingException e) {
            throw bad("handler result is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return FunctionResponse.of(200, Map.of(), null);
        }
        if (node.isObject() && isEnvelope((ObjectNode) node)) {
            return envelope((ObjectNode) node);
        }
        if (node.isObject() || node.isArray()) {
            return FunctionResponse.of(200, JSON_HEADERS, json.strip().getBytes(StandardCharsets.UTF_8));
        }
        return text(node);
    }

    /**
     * Tells whether an object is an envelope under decision 2.
     *
     * @param o the returned object
     * @return true when it is to be read as status, headers and body
     */
    public static boolean isEnvelope(ObjectNode o) {
        JsonNode status = o.has("status") ? o.get("status") : o.get("statusCode");
        if (status != null) {
            return status.isIntegralNumber() && status.canConvertToInt() && status.intValue() >= 100 && status.intValue() <= 599;
        }
        for (String k : ENVELOPE_KEYS) {
            if (o.has(k)) {
                return true;
            }
        }
        return false;
    }

    private static FunctionResponse text(JsonNode node) {
        String s = node.isTextual() ? node.textValue() : node.toString();
        if (s.isEmpty()) {
            return FunctionResponse.of(200, Map.of(), null);
        }
        return FunctionResponse.text(200, node.isTextual() && looksLikeHtml(s) ? HTML : TEXT, s);
    }

    private static FunctionResponse envelope(ObjectNode o) {
        int status = o.has("status") ? o.get("status").asInt() : o.has("statusCode") ? o.get("statusCode").asInt() : 200;
        Map<String, List<String>> headers = headers(o.get("headers"));
        boolean base64 = o.path("is_base64").asBoolean(false) || o.path("isBase64Encoded").asBoolean(false);
        byte[] body;
        if (base64) {
            JsonNode b64 = o.has("body_base64") ? o.get("body_base64") : o.get("body");
            if (b64 == null || !b64.isTextual()) {
                throw bad("is_base64 is set but body_base64 is not a string");
            }
            try {
                body = Base64.getDecoder().decode(b64.textValue().replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw bad("invalid body_base64: " + e.getMessage());
            }
            if (body.length > 0 && !hasHeader(headers, "content-type")) {
                headers.put("Content-Type", List.of("application/octet-stream"));
            }
        } else {
            JsonNode b = o.get("body");
            if (b == null || b.isNull()) {
                body = new byte[0];
            } else if (b.isTextual()) {
                body = b.textValue().getBytes(StandardCharsets.UTF_8);
                if (body.length > 0 && !hasHeader(headers, "content-type")) {
                    headers.put("Content-Type", List.of(looksLikeHtml(b.textValue()) ? HTML : TEXT));
                }
            } else if (b.isContainerNode()) {
                body = b.toString().getBytes(StandardCharsets.UTF_8);
                if (!hasHeader(headers, "content-type")) {
                    headers.put("Content-Type", List.of(JSON));
                }
            } else {
                body = b.asText().getBytes(StandardCharsets.UTF_8);
                if (!hasHeader(headers, "content-type")) {
                    headers.put("Content-Type", List.of(TEXT));
                }
            }
        }
        return FunctionResponse.of(status, headers, body);
    }

    private static Map<String, List<String>> headers(JsonNode h) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (h == null || h.isNull()) {
            return out;
        }
        if (!h.isObject()) {
            throw bad("headers must be an object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = h.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (v.isArray()) {
                for (JsonNode item : v) {
                    values.add(scalar(e.getKey(), item));
                }
            } else {
                values.add(scalar(e.getKey(), v));
            }
            if (!values.isEmpty()) {
                out.put(e.getKey(), values);
            }
        }
        return out;
    }

    private static String scalar(String name, JsonNode v) {
        if (v.isContainerNode()) {
            throw bad("header " + name + " must be a string or a list of strings");
        }
        return v.asText();
    }

    private static boolean hasHeader(Map<String, List<String>> headers, String lowerName) {
        for (String k : headers.keySet()) {
            if (k.toLowerCase(Locale.ROOT).equals(lowerName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether text is an HTML document: starts with {@code <!doctype html} or {@code <html},
     * or contains {@code <body} or {@code </html>} (FastFN's test).
     *
     * @param s the text
     * @return true when it should be served as HTML
     */
    public static boolean looksLikeHtml(String s) {
        String head = s.stripLeading();
        String lower = head.length() > 64 ? head.substring(0, 64).toLowerCase(Locale.ROOT) : head.toLowerCase(Locale.ROOT);
        if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
            return true;
        }
        String all = s.toLowerCase(Locale.ROOT);
        return all.contains("<body") || all.contains("</html>");
    }

    private static FunctionException bad(String message) {
        return new FunctionException(FunctionException.Kind.BAD_RESPONSE, "invalid handler response: " + message);
    }
}
