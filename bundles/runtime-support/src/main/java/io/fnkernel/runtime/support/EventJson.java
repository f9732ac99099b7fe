package io.fnkernel.runtime.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the event a handler receives, in FastFN's shape, from the gateway's request and the
 * function's source. A body that is not valid UTF-8 is sent base64-encoded with
 * {@code "is_base64": true}, so binary bodies arrive intact.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final List<String> SESSION_COOKIES = List.of("session_id", "sessionid", "sid");

    private EventJson() {
    }

    /**
     * Writes the event.
     *
     * @param source the function being called
     * @param request the request
     * @return the event as UTF-8 JSON
     */
    public static byte[] write(FunctionSource source, FunctionRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + request.body().length);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCodec(MAPPER);
            writeEvent(g, source, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the event as a string, for runtimes that hand text to the guest.
     *
     * @param source the function being called
     * @param request the request
     * @return the event as JSON text
     */
    public static String writeString(FunctionSource source, FunctionRequest request) {
        return new String(write(source, request), StandardCharsets.UTF_8);
    }

    private static void writeEvent(JsonGenerator g, FunctionSource source, FunctionRequest r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeNumberField("ts", r.receivedAt());
        g.writeStringField("method", r.method());
        g.writeStringField("path", r.path());
        g.writeStringField("raw_path", r.rawPath());
        g.writeStringField("version", source.version());
        g.writeFieldName("query");
        writeQuery(g, r.query());
        g.writeObjectField("params", r.params());
        g.writeObjectField("path_params", r.params());
        g.writeFieldName("headers");
        writeMulti(g, r.headers());
        if (r.hasBody()) {
            String text = utf8OrNull(r.body());
            if (text != null) {
                g.writeStringField("body", text);
            } else {
                g.writeStringField("body", Base64.getEncoder().encodeToString(r.body()));
                g.writeBooleanField("is_base64", true);
            }
        }
        writeSession(g, r);
        g.writeObjectFieldStart("client");
        g.writeStringField("ip", r.clientIp());
        if (r.userAgent() != null) {
            g.writeStringField("ua", r.userAgent());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("context");
        g.writeStringField("request_id", r.id());
        g.writeStringField("runtime", source.runtime());
        g.writeStringField("function_name", source.name());
        g.writeStringField("version", source.version());
        g.writeNumberField("timeout_ms", source.policy().timeoutMs());
        g.writeNumberField("max_concurrency", source.policy().maxConcurrency());
        g.writeNumberField("max_body_bytes", source.policy().maxBodyBytes());
        if (r.user() != null) {
            g.writeObjectField("user", r.user());
        }
        g.writeEndObject();
        g.writeObjectField("env", source.env());
        g.writeEndObject();
    }

    private static void writeQuery(JsonGenerator g, Map<String, List<String>> query) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            g.writeFieldName(e.getKey());
            List<String> v = e.getValue();
            if (v.size() == 1) {
                writeQueryValue(g, v.get(0));
            } else {
                g.writeStartArray();
                for (String s : v) {
                    writeQueryValue(g, s);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static void writeQueryValue(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeBoolean(true);
        } else {
            g.writeString(value);
        }
    }

    private static void writeMulti(JsonGenerator g, Map<String, List<String>> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            List<String> v = e.getValue();
            if (v.size() == 1) {
                g.writeStringField(e.getKey(), v.get(0));
            } else {
                g.writeArrayFieldStart(e.getKey());
                for (String s : v) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static void writeSession(JsonGenerator g, FunctionRequest r) throws IOException {
        List<String> cookieHeaders = r.headers().get("cookie");
        if (cookieHeaders == null || cookieHeaders.isEmpty()) {
            return;
        }
        String raw = String.join("; ", cookieHeaders);
        Map<String, String> cookies = parseCookies(raw);
        g.writeObjectFieldStart("session");
        String id = sessionId(cookies);
        if (id != null) {
            g.writeStringField("id", id);
        }
        g.writeStringField("raw", raw);
        g.writeObjectField("cookies", cookies);
        g.writeEndObject();
    }

    /**
     * The session id among a request's cookies: the first of {@code session_id}, {@code sessionid}
     * and {@code sid} that is present.
     *
     * @param cookies the cookies, from {@link #parseCookies}
     * @return its value, or null when there is none
     */
    public static String sessionId(Map<String, String> cookies) {
        for (String name : SESSION_COOKIES) {
            String value = cookies.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * Parses a {@code Cookie} header: pairs split on {@code ;}, names and values trimmed; a pair
     * without {@code =} is skipped; the first of a repeated name wins.
     *
     * @param raw the header value
     * @return cookies in order
     */
    public static Map<String, String> parseCookies(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : raw.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            if (!name.isEmpty()) {
                out.putIfAbsent(name, part.substring(eq + 1).trim());
            }
        }
        return out;
    }

    /**
     * Decodes bytes as strict UTF-8.
     *
     * @param bytes the bytes
     * @return the text, or null when the bytes are not valid UTF-8
     */
    public static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
