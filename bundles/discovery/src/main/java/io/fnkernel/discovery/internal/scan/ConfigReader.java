package io.fnkernel.discovery.internal.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.route.Route;
import io.fnkernel.api.route.RoutePattern;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and checks one {@code fn.config.json}: a value of the wrong type or out of range is an error
 * naming its JSON pointer; an unknown key is a warning.
 */
final class ConfigReader {

    private final JsonDocument doc;
    private final RuntimeExtensions runtimes;
    private final Consumer<Problem> warnings;
    private final FunctionPolicy.Builder check = FunctionPolicy.builder();

    private ConfigReader(JsonDocument doc, RuntimeExtensions runtimes, Consumer<Problem> warnings) {
        this.doc = doc;
        this.runtimes = runtimes;
        this.warnings = warnings;
    }

    /**
     * Reads a config file.
     *
     * @param file the {@code fn.config.json}
     * @param runtimes which files are handler files, to check {@code entrypoint}
     * @param warnings receives warnings (unknown or unsupported keys)
     * @return the checked values
     * @throws ConfigException naming file, line, column and pointer of the first error
     */
    static FunctionConfig read(Path file, RuntimeExtensions runtimes, Consumer<Problem> warnings)
            throws ConfigException {
        return new ConfigReader(JsonDocument.read(file), runtimes, warnings).parse();
    }

    private FunctionConfig parse() throws ConfigException {
        JsonNode root = doc.root();
        ConfigKeys.warnUnknown(doc, "", root, ConfigKeys.TOP, ConfigKeys.TOP_UNSUPPORTED, warnings);
        JsonNode invoke = object(root, "invoke", "");
        JsonNode pool = object(root, "worker_pool", "");
        if (invoke != null) {
            ConfigKeys.warnUnknown(doc, "/invoke", invoke, ConfigKeys.INVOKE, ConfigKeys.INVOKE_UNSUPPORTED, warnings);
        }
        if (pool != null) {
            ConfigKeys.warnUnknown(doc, "/worker_pool", pool, ConfigKeys.POOL, ConfigKeys.POOL_UNSUPPORTED, warnings);
        }
        String entrypoint = entrypoint(root.get("entrypoint"));
        List<String> methods = invoke == null ? null : methods(invoke.get("methods"));
        List<RoutePattern> routes = invoke == null ? null : routes(invoke);
        String handler = invoke == null ? null : text(invoke.get("handler"), "/invoke/handler");
        if (handler != null) {
            validate("/invoke/handler", () -> check.handler(handler));
        }
        String summary = invoke == null ? null : text(invoke.get("summary"), "/invoke/summary");
        Map<String, String> query = invoke == null ? null : query(invoke.get("query"));
        String body = invoke == null ? null : body(invoke.get("body"));
        String contentType = invoke == null ? null : text(invoke.get("content_type"), "/invoke/content_type");
        Integer timeout = integer(root.get("timeout_ms"), "/timeout_ms");
        Integer concurrency = integer(root.get("max_concurrency"), "/max_concurrency");
        if (concurrency == null && pool != null) {
            concurrency = integer(pool.get("max_workers"), "/worker_pool/max_workers");
        }
        Integer queue = integer(root.get("max_queue"), "/max_queue");
        if (queue == null && pool != null) {
            queue = integer(pool.get("max_queue"), "/worker_pool/max_queue");
        }
        Long maxBody = longValue(root.get("max_body_bytes"), "/max_body_bytes");
        FunctionConfig config = new FunctionConfig(doc.file(), entrypoint, routes, methods, handler, summary, query,
                body, contentType, timeout, concurrency, queue, maxBody);
        checkRanges(config);
        return config;
    }

    private void checkRanges(FunctionConfig c) throws ConfigException {
        if (c.timeoutMs() != null) {
            validate("/timeout_ms", () -> check.timeoutMs(c.timeoutMs()));
        }
        if (c.maxConcurrency() != null) {
            String at = doc.root().has("max_concurrency") ? "/max_concurrency" : "/worker_pool/max_workers";
            validate(at, () -> check.maxConcurrency(c.maxConcurrency()));
        }
        if (c.maxQueue() != null) {
            String at = doc.root().has("max_queue") ? "/max_queue" : "/worker_pool/max_queue";
            validate(at, () -> check.maxQueue(c.maxQueue()));
        }
        if (c.maxBodyBytes() != null) {
            validate("/max_body_bytes", () -> check.maxBodyBytes(c.maxBodyBytes()));
        }
    }

    private void validate(String pointer, Runnable setter) throws ConfigException {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw doc.error(pointer, e.getMessage());
        }
    }

    private JsonNode object(JsonNode parent, String key, String at) throws ConfigException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw doc.error(at + "/" + key, "must be an object, not " + n.getNodeType());
        }
        return n;
    }

    private String entrypoint(JsonNode n) throws ConfigException {
        String value = text(n, "/entrypoint");
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.startsWith("/") || value.startsWith("\\") || value.contains(":")
                || List.of(value.split("[/\\\\]")).contains("..")) {
            throw doc.error("/entrypoint", "must be a file path relative to the function's folder, got '" + value + "'");
        }
        Path target = doc.file().getParent().resolve(value).normalize();
        if (!java.nio.file.Files.isRegularFile(target)) {
            throw doc.error("/entrypoint", "file '" + value + "' does not exist");
        }
        if (!insideFolder(target)) {
            throw doc.error("/entrypoint", "'" + value + "' is a symlink leading outside the function's folder; not followed");
        }
        if (runtimes.runtimeOf(target.getFileName().toString()) == null) {
            throw doc.error("/entrypoint", "'" + value + "' is not a handler file (known extensions: "
                    + String.join(", ", runtimes.extensions()) + ")");
        }
        return value;
    }

    /** @return true when the file, symlinks resolved, lies inside the real folder of this config */
    private boolean insideFolder(Path target) {
        try {
            return target.toRealPath().startsWith(doc.file().getParent().toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private List<String> methods(JsonNode n) throws ConfigException {
        List<String> raw = strings(n, "/invoke/methods", true);
        if (raw == null) {
            return null;
        }
        if (raw.isEmpty()) {
            throw doc.error("/invoke/methods", "must name at least one method");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                out.add(Route.normalizeMethod(raw.get(i)));
            } catch (IllegalArgumentException e) {
                throw doc.error(n.isArray() ? "/invoke/methods/" + i : "/invoke/methods", e.getMessage());
            }
        }
        return out;
    }

    private List<RoutePattern> routes(JsonNode invoke) throws ConfigException {
        String key = invoke.has("routes") ? "routes" : "route";
        JsonNode n = invoke.get(key);
        List<String> raw = strings(n, "/invoke/" + key, false);
        if (raw == null) {
            return null;
        }
        List<RoutePattern> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = n.isArray() ? "/invoke/" + key + "/" + i : "/invoke/" + key;
            try {
                RoutePattern p = RoutePattern.parse(raw.get(i).trim());
                String reserved = Reserved.why(p);
                if (reserved != null) {
                    throw doc.error(at, reserved);
                }
                out.add(p);
            } catch (IllegalArgumentException e) {
                throw doc.error(at, e.getMessage());
            }
        }
        return out;
    }

    /** A string, or an array of strings; a string is split on commas when {@code csv}. */
    private List<String> strings(JsonNode n, String at, boolean csv) throws ConfigException {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            for (String s : csv ? n.asText().split("[,\\s]+") : new String[] {n.asText()}) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
        if (!n.isArray()) {
            throw doc.error(at, "must be a string or an array of strings, not " + n.getNodeType());
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw doc.error(at + "/" + i, "must be a string, not " + n.get(i).getNodeType());
            }
            out.add(n.get(i).asText());
        }
        return out;
    }

    private String text(JsonNode n, String at) throws ConfigException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw doc.error(at, "must be a string, not " + n.getNodeType());
        }
        return n.asText();
    }

    private Integer integer(JsonNode n, String at) throws ConfigException {
        Long v = longValue(n, at);
        if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
            throw doc.error(at, "is out of range: " + v);
        }
        return v == null ? null : v.intValue();
    }

    private Long longValue(JsonNode n, String at) throws ConfigException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isFloatingPointNumber() && n.asDouble() == Math.rint(n.asDouble()) && Math.abs(n.asDouble()) < 9e15) {
            return (long) n.asDouble();
        }
        throw doc.error(at, "must be a whole number, not " + (n.isNumber() ? n.asText() : n.getNodeType()));
    }

    private Map<String, String> query(JsonNode n) throws ConfigException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw doc.error("/invoke/query", "must be an object of example values, not " + n.getNodeType());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : json(e.getValue()));
            }
        }
        return out;
    }

    private String body(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isTextual() ? n.asText() : json(n);
    }

    private static String json(JsonNode n) {
        try {
            return JsonDocument.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }
}
