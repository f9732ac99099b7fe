package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.PlatformEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Serves Swagger UI from inside the bundle: the page at {@code /_fn/docs}, pointed at
 * {@code /_fn/openapi.json}, and the webjar's files under {@code /_fn/docs/<swagger-ui version>/},
 * all read into memory once. Only those files exist; any other path is 404.
 */
final class SwaggerUi implements PlatformEndpoint {

    /** The page's path. */
    static final String PAGE = "/_fn/docs";
    /** The paths to register: the page and the prefix of its files. */
    static final List<String> PATHS = List.of(PAGE, PAGE + "/*");
    /** The document the page shows. */
    static final String SPEC = "/_fn/openapi.json";
    /** The webjar's files the page uses, with their media types. */
    static final Map<String, String> FILES = Map.of(
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "swagger-ui.css", "text/css; charset=utf-8",
            "index.css", "text/css; charset=utf-8",
            "favicon-16x16.png", "image/png",
            "favicon-32x32.png", "image/png",
            "swagger-ui-bundle.js.LICENSE.txt", "text/plain; charset=utf-8",
            "swagger-ui-standalone-preset.js.LICENSE.txt", "text/plain; charset=utf-8");

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** Versioned file URLs never change, so browsers may keep them for a year. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** One file, ready to send. */
    private record Asset(String contentType, byte[] bytes) {
    }

    private final String version;
    private final byte[] page;
    private final Map<String, Asset> assets;

    private SwaggerUi(String version, byte[] page, Map<String, Asset> assets) {
        this.version = version;
        this.page = page;
        this.assets = assets;
    }

    /**
     * Reads the page and the webjar's files from a class loader.
     *
     * @param loader the bundle's class loader
     * @return the endpoint
     * @throws IllegalStateException naming the resource that is missing from the bundle
     */
    static SwaggerUi load(ClassLoader loader) {
        Properties pom = new Properties();
        try (InputStream in = open(loader, WEBJAR_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + WEBJAR_POM + ": " + e.getMessage(), e);
        }
        String version = pom.getProperty("version");
        if (version == null || !version.matches("[0-9A-Za-z.-]+")) {
            throw new IllegalStateException(WEBJAR_POM + " has no usable version: " + version);
        }
        String prefix = PAGE + "/" + version;
        Map<String, Asset> assets = new HashMap<>();
        FILES.forEach((file, type) -> assets.put(prefix + "/" + file, new Asset(type, read(loader, WEBJAR + version + "/" + file))));
        String html = new String(read(loader, "io/fnkernel/openapi/internal/docs.html"), StandardCharsets.UTF_8)
                .replace("{{assets}}", prefix).replace("{{spec}}", SPEC);
        return new SwaggerUi(version, html.getBytes(StandardCharsets.UTF_8), Map.copyOf(assets));
    }

    private static InputStream open(ClassLoader loader, String name) {
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Swagger UI resource " + name + " is missing from the bundle "
                    + "(it is embedded from org.webjars:swagger-ui at build time)");
        }
        return in;
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = open(loader, name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** @return the Swagger UI version served */
    String version() {
        return version;
    }

    @Override
    public FunctionResponse handle(FunctionRequest request) {
        FunctionResponse refused = Responses.onlyGet(request);
        if (refused != null) {
            return refused;
        }
        String path = request.path();
        if (path.equals(PAGE) || path.equals(PAGE + "/") || path.equals(PAGE + "/index.html")) {
            return Responses.ok(200, "text/html; charset=utf-8", "no-cache", page);
        }
        Asset a = assets.get(path);
        if (a == null) {
            return Responses.error(request, 404, "not found");
        }
        return Responses.ok(200, a.contentType(), IMMUTABLE, a.bytes());
    }
}
