package io.fnkernel.openapi.testing;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.route.Route;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * Test fakes: real {@link FunctionSource}s over handler files written to a folder, wrapped in
 * {@link FunctionVersion}s with the service properties discovery registers them with.
 */
public final class FakeFunctions {

    private final Path root;

    /**
     * @param root a folder the handler files are written under
     */
    public FakeFunctions(Path root) {
        this.root = root;
    }

    /**
     * Writes a handler and describes it.
     *
     * @param name the function name, {@code hello} or {@code api/users}
     * @param version the version label, {@code default} for the default
     * @param file the handler file name, {@code handler.js}
     * @param code the handler's text
     * @param policy changes to the default policy
     * @param routes the routes, {@code GET /hello}
     * @return the source
     */
    public FunctionSource source(String name, String version, String file, String code, UnaryOperator<FunctionPolicy.Builder> policy,
                                 String... routes) {
        Path dir = root.resolve(name);
        if (!FunctionVersion.DEFAULT_VERSION.equals(version)) {
            dir = dir.resolve(version);
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Route> rs = new ArrayList<>();
        for (String r : routes) {
            rs.add(Route.parse(r));
        }
        return FunctionSource.builder(name, version).runtime(file.endsWith(".py") ? "python" : "node").directory(dir)
                .entry(dir.resolve(file)).policy(policy.apply(FunctionPolicy.builder()).build()).routes(rs)
                .revision(Integer.toHexString((name + version + code + policy).hashCode())).build();
    }

    /**
     * A default-version JavaScript function with a plain handler on its default routes.
     *
     * @param name the function name
     * @return the source, on {@code GET /name} and {@code GET /name/*}
     */
    public FunctionSource simple(String name) {
        return source(name, FunctionVersion.DEFAULT_VERSION, "handler.js", "exports.handler = async () => ({});\n", p -> p,
                "GET /" + name, "GET /" + name + "/*");
    }

    /**
     * @param source the source
     * @return a version that answers 200 {@code {}} and closes at once
     */
    public static FunctionVersion version(FunctionSource source) {
        return new FunctionVersion() {
            @Override
            public FunctionSource source() {
                return source;
            }

            @Override
            public CompletionStage<FunctionResponse> invoke(FunctionRequest request) {
                return CompletableFuture.completedFuture(FunctionResponse.text(200, "application/json", "{}"));
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * @param source the source
     * @param serviceId the {@code service.id}
     * @return the service properties discovery registers the version with
     */
    public static Map<String, Object> properties(FunctionSource source, long serviceId) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("service.id", serviceId);
        p.put(FunctionVersion.PROP_NAME, source.name());
        p.put(FunctionVersion.PROP_VERSION, source.version());
        p.put(FunctionVersion.PROP_RUNTIME, source.runtime());
        p.put(FunctionVersion.PROP_REVISION, source.revision());
        p.put(FunctionVersion.PROP_ENTRY, source.entry().toString());
        p.put(FunctionVersion.PROP_ROUTES, source.routes().stream().map(Route::toString).toArray(String[]::new));
        return p;
    }
}
