package io.fnkernel.openapi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the endpoints' responses: bytes with headers, and the platform's JSON errors. */
final class Responses {

    static final String ALLOW = "GET, HEAD";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    /**
     * @param request the request
     * @return null when the method is GET or HEAD, else the 405 answer
     */
    static FunctionResponse onlyGet(FunctionRequest request) {
        String m = request.method();
        if (m.equals("GET") || m.equals("HEAD")) {
            return null;
        }
        FunctionResponse r = error(request, 405, "method not allowed");
        Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
        h.put("Allow", List.of(ALLOW));
        return FunctionResponse.of(405, h, r.body());
    }

    /**
     * @param request the request, for its id
     * @param status the status
     * @param message what went wrong
     * @return {@code {"error": message, "request_id": id}} as JSON
     */
    static FunctionResponse error(FunctionRequest request, int status, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        if (request.id() != null) {
            body.put("request_id", request.id());
        }
        try {
            return ok(status, "application/json", "no-store", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return ok(status, "text/plain; charset=utf-8", "no-store", message.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @param status the status
     * @param contentType the media type
     * @param cacheControl the {@code Cache-Control} value
     * @param body the body, not copied
     * @return the response
     */
    static FunctionResponse ok(int status, String contentType, String cacheControl, byte[] body) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of(contentType));
        h.put("Cache-Control", List.of(cacheControl));
        h.put("X-Content-Type-Options", List.of("nosniff"));
        return FunctionResponse.of(status, h, body);
    }
}
