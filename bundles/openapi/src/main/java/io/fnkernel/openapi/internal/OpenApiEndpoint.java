package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.PlatformEndpoint;

import java.util.List;
import java.util.function.Supplier;

/**
 * Serves the current document as JSON ({@code /_fn/openapi.json}, {@code /openapi.json}) or YAML
 * ({@code /_fn/openapi.yaml}): the cached bytes with this request's server URL spliced in.
 */
final class OpenApiEndpoint implements PlatformEndpoint {

    /** The JSON paths. */
    static final List<String> JSON_PATHS = List.of("/_fn/openapi.json", "/openapi.json");
    /** The YAML paths. */
    static final List<String> YAML_PATHS = List.of("/_fn/openapi.yaml");

    private final Supplier<SpecDocument> document;
    private final boolean yaml;

    /**
     * @param document reads the current document; called once per request
     * @param yaml true for YAML, false for JSON
     */
    OpenApiEndpoint(Supplier<SpecDocument> document, boolean yaml) {
        this.document = document;
        this.yaml = yaml;
    }

    @Override
    public FunctionResponse handle(FunctionRequest request) {
        FunctionResponse refused = Responses.onlyGet(request);
        if (refused != null) {
            return refused;
        }
        SpecDocument doc = document.get();
        String server = doc.hasFixedServer() ? null : ServerUrl.of(request);
        return yaml ? Responses.ok(200, "application/yaml", "no-cache", doc.yaml(server))
                : Responses.ok(200, "application/json", "no-cache", doc.json(server));
    }
}
