package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.openapi.testing.FakeFunctions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Prints what the document costs: rebuild time and size for N functions, and the cost of serving
 * it (one {@code handle} call with the server URL spliced in). Rough figures on a shared machine:
 * {@code OpenApiBench [functions...]}.
 */
public final class OpenApiBench {

    private OpenApiBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("fnk-bench");
        FakeFunctions fns = new FakeFunctions(dir);
        for (int n : sizes) {
            try (OpenApiService service = new OpenApiService(OpenApiConfig.DEFAULTS)) {
                for (int i = 0; i < n; i++) {
                    FunctionSource s = i % 2 == 0 ? fns.simple("f" + i)
                            : fns.source("f" + i, "v2", "handler.js", "// Version two of f" + i + "\n", p -> p.methods(List.of("GET", "POST"))
                                    .queryExample(Map.of("q", "1")).bodyExample("{\"a\":1}"));
                    service.put(i + 1, DocumentedVersion.of(FakeFunctions.version(s), FakeFunctions.properties(s, i + 1), m -> { }));
                }
                service.awaitUpToDate(60_000);
                long rebuild = 0;
                int rounds = 5;
                for (int r = 0; r < rounds; r++) {
                    FunctionSource extra = fns.simple("extra" + r);
                    long t0 = System.nanoTime();
                    service.put(100_000 + r, DocumentedVersion.of(FakeFunctions.version(extra),
                            FakeFunctions.properties(extra, 100_000 + r), m -> { }));
                    service.awaitUpToDate(60_000);
                    rebuild += System.nanoTime() - t0;
                }
                OpenApiEndpoint json = new OpenApiEndpoint(service::document, false);
                OpenApiEndpoint yaml = new OpenApiEndpoint(service::document, true);
                FunctionRequest req = FunctionRequest.builder("GET", "/_fn/openapi.json").id("b")
                        .headers(Map.of("host", List.of("bench.local:8080"))).build();
                int jsonBytes = json.handle(req).body().length;
                int yamlBytes = yaml.handle(req).body().length;
                double perCall = serve(json, req);
                System.out.printf("%5d versions (%d operations): rebuild %.1f ms, JSON %d KiB, YAML %d KiB, serve JSON %.1f µs/request (%.0f/s, 1 thread)%n",
                        n, service.model().getPaths().values().stream().mapToInt(p -> p.readOperations().size()).sum(),
                        rebuild / rounds / 1e6, jsonBytes / 1024, yamlBytes / 1024, perCall / 1e3, 1e9 / perCall);
            }
        }
    }

    private static double serve(OpenApiEndpoint endpoint, FunctionRequest req) {
        long sink = 0;
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            sink += endpoint.handle(req).body().length;
        }
        long calls = 0;
        long t0 = System.nanoTime();
        end = t0 + 2_000_000_000L;
        while (System.nanoTime() < end) {
            sink += endpoint.handle(req).body().length;
            calls++;
        }
        if (sink == 42) {
            System.out.println();
        }
        return (System.nanoTime() - t0) / (double) calls;
    }
}
