package io.fnkernel.http.internal.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The gateway's one Jackson mapper, and the platform error body {@code {"error": ..., "request_id": ...}}. */
public final class Json {

    /** Shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** @return a new empty JSON object */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * @param message what the client is told
     * @param requestId the request id
     * @return the error body as UTF-8 JSON
     */
    public static byte[] error(String message, String requestId) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", message);
        o.put("request_id", requestId);
        return bytes(o);
    }

    /**
     * @param node a JSON value
     * @return it as UTF-8 JSON
     */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
