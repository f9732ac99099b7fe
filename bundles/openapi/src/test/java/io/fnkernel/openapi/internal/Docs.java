package io.fnkernel.openapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.openapi.testing.FakeFunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Test helper: an {@link OpenApiService} fed with sources the way the component feeds it, and its JSON. */
final class Docs implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final OpenApiService service;
    private long nextId = 1;

    Docs(OpenApiConfig config) {
        this.service = new OpenApiService(config);
    }

    static Docs of(OpenApiConfig config, FunctionSource... sources) {
        Docs d = new Docs(config);
        for (FunctionSource s : sources) {
            d.add(s);
        }
        return d;
    }

    long add(FunctionSource s) {
        long id = nextId++;
        service.put(id, DocumentedVersion.of(FakeFunctions.version(s), FakeFunctions.properties(s, id), m -> {
            throw new AssertionError(m);
        }));
        return id;
    }

    JsonNode json() {
        return parse(get("/_fn/openapi.json", Map.of("host", List.of("localhost:8080"))).body());
    }

    FunctionResponse get(String path, Map<String, List<String>> headers) {
        return request("GET", path, headers);
    }

    FunctionResponse request(String method, String path, Map<String, List<String>> headers) {
        await();
        FunctionRequest r = FunctionRequest.builder(method, path).id("req-1").headers(headers).build();
        boolean yaml = path.endsWith(".yaml");
        return new OpenApiEndpoint(service::document, yaml).handle(r);
    }

    void await() {
        try {
            if (!service.awaitUpToDate(10_000)) {
                throw new AssertionError("document not rebuilt within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
