package io.fnkernel.http.internal.testing;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.route.Route;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** A function version for tests: answers with a configurable behaviour and records every request. */
public class FakeVersion implements FunctionVersion {

    private final FunctionSource source;
    private final String[] routes;
    private volatile Function<FunctionRequest, CompletionStage<FunctionResponse>> behaviour;
    private final List<FunctionRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean record = true;

    /**
     * @param name function name
     * @param version version label
     * @param policy its policy
     * @param routes {@code METHOD /path} strings
     */
    public FakeVersion(String name, String version, FunctionPolicy policy, String... routes) {
        Path dir = Path.of("/tmp/fnk-test/functions", name, version);
        this.routes = routes;
        List<Route> parsed = Arrays.stream(routes).map(r -> {
            try {
                return Route.parse(r);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }).filter(r -> r != null).toList();
        this.source = FunctionSource.builder(name, version).runtime("fake").directory(dir).entry(dir.resolve("handler.js"))
                .policy(policy).routes(parsed).revision("rev-" + name + "-" + version).build();
        this.behaviour = r -> CompletableFuture.completedFuture(
                FunctionResponse.text(200, "text/plain; charset=utf-8", name + "@" + version));
    }

    /** @return the routes as registered */
    public String[] routes() {
        return routes;
    }

    /**
     * @param value what invoke does
     * @return this
     */
    public FakeVersion behaviour(Function<FunctionRequest, CompletionStage<FunctionResponse>> value) {
        this.behaviour = value;
        return this;
    }

    /**
     * @param value a constant response
     * @return this
     */
    public FakeVersion answer(FunctionResponse value) {
        return behaviour(r -> CompletableFuture.completedFuture(value));
    }

    /**
     * @param value false to stop recording requests (load tests)
     * @return this
     */
    public FakeVersion recordRequests(boolean value) {
        this.record = value;
        return this;
    }

    /** @return every request received, in order */
    public List<FunctionRequest> requests() {
        return requests;
    }

    /** @return the last request received */
    public FunctionRequest last() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public FunctionSource source() {
        return source;
    }

    @Override
    public CompletionStage<FunctionResponse> invoke(FunctionRequest request) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new FunctionException(FunctionException.Kind.CLOSED, "closed"));
        }
        if (record) {
            requests.add(request);
        }
        return behaviour.apply(request);
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
