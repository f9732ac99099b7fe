package io.fnkernel.openapi.internal;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shared parts of the document: the error schema and the error responses the gateway produces. */
final class Components {

    static final String ERROR_SCHEMA = "Error";

    /** Status → component name and description of every error the gateway can answer on a function route. */
    static final Map<String, String[]> ERRORS = errors();

    private Components() {
    }

    private static Map<String, String[]> errors() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("404", new String[] {"NotFound", "No route matches the path, or the version does not exist"});
        m.put("405", new String[] {"MethodNotAllowed", "The path exists but not for this method; Allow lists the methods"});
        m.put("413", new String[] {"PayloadTooLarge", "The body is larger than the function's max_body_bytes"});
        m.put("429", new String[] {"TooManyRequests", "The function's max_concurrency and queue are full"});
        m.put("500", new String[] {"HandlerError", "The handler threw an error"});
        m.put("502", new String[] {"BadResponse", "The handler returned an invalid response, or its worker crashed"});
        m.put("503", new String[] {"Unavailable", "The runtime cannot serve the function right now"});
        m.put("504", new String[] {"Timeout", "The call ran past the function's timeout_ms"});
        return java.util.Collections.unmodifiableMap(m);
    }

    /** @return a 3.1 schema of the given JSON type */
    static Schema<Object> type(String type) {
        JsonSchema s = new JsonSchema();
        s.setTypes(Set.of(type));
        return s;
    }

    /** @return {@code {"error": string, "request_id": string}} */
    static Schema<Object> errorSchema() {
        Schema<Object> s = type("object");
        s.addProperty("error", type("string").description("What went wrong"));
        s.addProperty("request_id", type("string").description("The request id, also sent as X-Request-Id"));
        s.required(List.of("error"));
        return s;
    }

    /** @return the error responses keyed by component name */
    static Map<String, ApiResponse> errorResponses() {
        Map<String, ApiResponse> out = new LinkedHashMap<>();
        ERRORS.forEach((status, nameAndText) -> {
            ApiResponse r = new ApiResponse().description(nameAndText[1]).content(new Content().addMediaType("application/json",
                    new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + ERROR_SCHEMA))));
            if (status.equals("405")) {
                r.addHeaderObject("Allow", new Header().description("The methods the path accepts").schema(type("string")));
            }
            if (status.equals("429")) {
                r.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying").schema(type("integer")));
            }
            out.put(nameAndText[0], r);
        });
        return out;
    }

    /**
     * @param status an error status from {@link #ERRORS}
     * @return a reference to its shared response
     */
    static ApiResponse errorRef(String status) {
        return new ApiResponse().$ref("#/components/responses/" + ERRORS.get(status)[0]);
    }
}
