package io.fnkernel.openapi.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.PlatformEndpoint;
import io.fnkernel.openapi.testing.FakeFunctions;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves this bundle's endpoints over the JDK's HTTP server with the example functions, standing in
 * for the gateway, so Swagger UI can be checked in a browser: {@code DocsServerMain [port] [seconds]}.
 * It dispatches exact paths and {@code /*} prefixes the way the gateway does, and stops after the
 * given time (default 120 s).
 */
public final class DocsServerMain {

    private DocsServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        Path dir = Files.createTempDirectory("fnk-docs");
        OpenApiService service = new OpenApiService(OpenApiConfig.DEFAULTS);
        long id = 1;
        for (var s : Examples.all(new FakeFunctions(dir))) {
            long sid = id++;
            service.put(sid, DocumentedVersion.of(FakeFunctions.version(s), FakeFunctions.properties(s, sid), System.err::println));
        }
        Map<String, PlatformEndpoint> endpoints = new LinkedHashMap<>();
        OpenApiEndpoint.JSON_PATHS.forEach(p -> endpoints.put(p, new OpenApiEndpoint(service::document, false)));
        OpenApiEndpoint.YAML_PATHS.forEach(p -> endpoints.put(p, new OpenApiEndpoint(service::document, true)));
        SwaggerUi ui = SwaggerUi.load(DocsServerMain.class.getClassLoader());
        SwaggerUi.PATHS.forEach(p -> endpoints.put(p, ui));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> serve(exchange, endpoints));
        server.start();
        System.out.println("serving http://127.0.0.1:" + port + SwaggerUi.PAGE + " for " + seconds + " s");
        Thread.sleep(seconds * 1000L);
        server.stop(0);
        service.close();
    }

    private static void serve(HttpExchange ex, Map<String, PlatformEndpoint> endpoints) throws IOException {
        String path = ex.getRequestURI().getPath();
        PlatformEndpoint target = endpoints.get(path);
        for (Map.Entry<String, PlatformEndpoint> e : endpoints.entrySet()) {
            String key = e.getKey();
            if (target == null && key.endsWith("/*") && path.startsWith(key.substring(0, key.length() - 1))) {
                target = e.getValue();
            }
        }
        FunctionResponse r;
        if (target == null) {
            r = FunctionResponse.text(404, "application/json", "{\"error\":\"not found\"}");
        } else {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach(headers::put);
            r = target.handle(FunctionRequest.builder(ex.getRequestMethod(), path).headers(headers).id("local").build());
        }
        r.headers().forEach((k, v) -> ex.getResponseHeaders().put(k, v));
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.status(), head ? -1 : r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(r.body());
            }
        }
    }
}
