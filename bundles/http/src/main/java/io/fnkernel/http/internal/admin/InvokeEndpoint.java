package io.fnkernel.http.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.MapType;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.route.Route;
import io.fnkernel.http.internal.gateway.BodyReader;
import io.fnkernel.http.internal.gateway.Exchange;
import io.fnkernel.http.internal.gateway.FunctionCall;
import io.fnkernel.http.internal.gateway.HeaderCheck;
import io.fnkernel.http.internal.gateway.Json;
import io.fnkernel.http.internal.routing.Target;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /_fn/invoke}: calls a function version by name with
 * {@code {name, version, method, query, headers, body, context, path, params}} under its method
 * policy, body limit, concurrency limit and timeout, and answers
 * {@code {status, headers, body | is_base64 + body_base64, latency_ms, request_id}}. The
 * {@code context} object becomes the event's {@code context.user}.
 */
final class InvokeEndpoint {

    /** Largest invoke payload. */
    static final int MAX_PAYLOAD = 1024 * 1024;
    /** User agent the function sees. */
    static final String USER_AGENT = "fnk-admin-invoke";

    private static final MapType CONTEXT_TYPE =
            Json.MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class);

    private InvokeEndpoint() {
    }

    static void handle(Exchange ex) {
        Request rq = ex.request();
        if (rq.getLength() > MAX_PAYLOAD) {
            ex.sendTooLarge("payload too large");
            return;
        }
        BodyReader.read(ex, MAX_PAYLOAD, payload -> invoke(ex, payload));
    }

    private static void invoke(Exchange ex, byte[] payload) {
        JsonNode in;
        try {
            in = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            ex.sendError(400, "invalid json body");
            return;
        }
        if (in == null || !in.isObject()) {
            ex.sendError(400, "invalid json body: expected an object");
            return;
        }
        String name = text(in, "name");
        if (name == null || name.isBlank()) {
            ex.sendError(400, "name is required");
            return;
        }
        FunctionRef ref;
        try {
            String version = text(in, "version");
            boolean noVersion = version == null || version.isBlank();
            ref = new FunctionRef(name.trim(), noVersion ? FunctionVersion.DEFAULT_VERSION : version.trim());
        } catch (IllegalArgumentException e) {
            ex.sendError(400, e.getMessage());
            return;
        }
        Target t = ex.services().registry().state().byRef(ref);
        if (t == null) {
            ex.sendError(404, "unknown function or version");
            return;
        }
        String method = text(in, "method");
        try {
            method = Route.normalizeMethod(method == null ? "GET" : method);
        } catch (IllegalArgumentException e) {
            ex.sendError(400, "unsupported method");
            return;
        }
        if (!t.policy().methods().contains(method)) {
            notAllowed(ex, t);
            return;
        }
        JsonNode ctx = in.get("context");
        if (ctx != null && !ctx.isNull() && !ctx.isObject()) {
            ex.sendError(400, "context must be an object");
            return;
        }
        byte[] body = body(in.get("body"));
        if (body != null && body.length > t.policy().maxBodyBytes()) {
            ex.sendError(413, "payload too large");
            return;
        }
        String path = text(in, "path");
        if (path == null || !path.startsWith("/")) {
            path = ref.toPath();
        }
        FunctionRequest.Builder request = FunctionRequest.builder(method, path)
                .id(ex.id())
                .rawPath(path)
                .query(multi(in.get("query"), true))
                .params(params(in.get("params")))
                .headers(multi(in.get("headers"), false))
                .body(body)
                .clientIp(Request.getRemoteAddr(ex.request()))
                .userAgent(USER_AGENT);
        if (ctx != null && ctx.isObject()) {
            request.user(Json.MAPPER.convertValue(ctx, CONTEXT_TYPE));
        }
        ex.delivery(InvokeEndpoint::deliver);
        new FunctionCall(ex, t, request, ref, method, false).start();
    }

    private static void notAllowed(Exchange ex, Target t) {
        if (!ex.claim()) {
            return;
        }
        ObjectNode o = Json.object();
        o.put("error", "method not allowed");
        o.set("allowed_methods", DtoJson.strings(t.policy().methods()));
        o.put("request_id", ex.id());
        ex.response().getHeaders().put(HttpHeader.ALLOW, t.allow());
        ex.writeJson(405, Json.bytes(o));
    }

    /** Wraps the function's response in the invoke answer; header problems are reported, not refused. */
    private static void deliver(Exchange ex, FunctionResponse r) {
        ObjectNode o = Json.object();
        o.put("status", r.status());
        o.set("headers", DtoJson.multi(r.headers()));
        String text = utf8OrNull(r.body());
        if (text != null) {
            o.put("body", text);
        } else {
            o.put("is_base64", true);
            o.put("body_base64", Base64.getEncoder().encodeToString(r.body()));
        }
        String problem = HeaderCheck.problem(r);
        if (problem != null) {
            o.put("warning", "over HTTP this answers 502: " + problem);
        }
        o.put("latency_ms", (System.nanoTime() - ex.startNanos()) / 1_000_000);
        o.put("request_id", ex.id());
        ex.writeJson(200, Json.bytes(o));
    }

    private static byte[] body(JsonNode b) {
        if (b == null || b.isNull() || b.isMissingNode()) {
            return null;
        }
        String s = b.isTextual() ? b.textValue() : b.toString();
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> multi(JsonNode node, boolean bareIsNull) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(value(v, bareIsNull)));
            } else {
                values.add(value(e.getValue(), bareIsNull));
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    private static String value(JsonNode v, boolean bareIsNull) {
        if (v.isNull() || (bareIsNull && v.isBoolean() && v.booleanValue())) {
            return bareIsNull ? null : "";
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }

    private static Map<String, String> params(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> out.put(e.getKey(), value(e.getValue(), false)));
        }
        return out;
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }

    static String utf8OrNull(byte[] bytes) {
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
