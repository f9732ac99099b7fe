package io.fnkernel.openapi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRef;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Makes the OpenAPI operation of one function route or one platform route. */
final class OperationFactory {

    /** Methods whose operations document a request body. */
    static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    static final String DEFAULT_CONTENT_TYPE = "application/json";
    static final String INTERNAL_TAG = "internal";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OperationFactory() {
    }

    /**
     * The operation of a function route, without its {@code operationId}.
     *
     * @param op the route
     * @param summary the summary to show
     * @return the operation
     */
    static Operation function(DocumentedRoutes.Operation op, String summary) {
        DocumentedVersion v = op.version();
        FunctionRef ref = v.ref();
        Operation o = new Operation()
                .addTagsItem(ref.name())
                .summary(summary)
                .description("Function `" + ref.name() + "`, version `" + ref.version() + "`, runtime `" + v.runtime() + "`"
                        + (op.versionPath() ? ", at its version path." : ", route `" + op.method() + " " + op.pattern() + "`."));
        List<String> params = DocumentedRoutes.pathParameters(op.path());
        for (int i = 0; i < params.size(); i++) {
            boolean catchAll = i == params.size() - 1 && op.pattern().hasCatchAll();
            o.addParametersItem(new Parameter().in("path").name(params.get(i)).required(true)
                    .description(catchAll ? "Catch-all: the rest of the path; the value may contain '/' (one or more segments)."
                            : "Path segment")
                    .schema(Components.type("string")));
        }
        FunctionPolicy policy = v.policy();
        policy.queryExample().forEach((name, example) -> o.addParametersItem(new Parameter().in("query").name(name)
                .required(false).schema(Components.type("string")).example(example)));
        if (BODY_METHODS.contains(op.method())) {
            o.requestBody(requestBody(policy));
        }
        ApiResponses responses = new ApiResponses().addApiResponse("200", new ApiResponse()
                .description("The function's response: JSON for objects and arrays, text or HTML for strings, "
                        + "or the status, headers and body of the handler's envelope")
                .content(new Content()
                        .addMediaType("application/json", new MediaType().schema(new JsonSchema()))
                        .addMediaType("text/plain", new MediaType().schema(Components.type("string")))));
        Components.ERRORS.keySet().forEach(status -> responses.addApiResponse(status, Components.errorRef(status)));
        return o.responses(responses);
    }

    /**
     * The operation of a platform route.
     *
     * @param route the route
     * @return the operation, with its {@code operationId}
     */
    static Operation internal(InternalRoute route) {
        Operation o = new Operation().addTagsItem(INTERNAL_TAG).summary(route.summary())
                .operationId(route.method().toLowerCase(Locale.ROOT) + "_internal" + SpecBuilder.idPart(route.path()));
        for (String name : DocumentedRoutes.pathParameters(route.path())) {
            o.addParametersItem(new Parameter().in("path").name(name).required(true).schema(Components.type("string")));
        }
        return o.responses(new ApiResponses()
                .addApiResponse("200", new ApiResponse().description("Success"))
                .addApiResponse("404", Components.errorRef("404")));
    }

    private static RequestBody requestBody(FunctionPolicy policy) {
        String type = policy.contentType() == null || policy.contentType().isBlank() ? DEFAULT_CONTENT_TYPE : policy.contentType().trim();
        boolean json = isJson(type);
        MediaType media = new MediaType().schema(json ? new JsonSchema().description("Any JSON value") : Components.type("string"));
        String example = policy.bodyExample();
        if (example != null) {
            media.example(json ? parsedOrText(example) : example);
        }
        return new RequestBody().required(false).content(new Content().addMediaType(type, media));
    }

    private static boolean isJson(String mediaType) {
        String t = mediaType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        String base = (semi < 0 ? t : t.substring(0, semi)).trim();
        return base.equals("application/json") || base.endsWith("+json");
    }

    private static Object parsedOrText(String example) {
        try {
            var node = JSON.readTree(example);
            return node == null || node.isMissingNode() ? example : node;
        } catch (JsonProcessingException e) {
            return example;
        }
    }
}
