package io.fnkernel.discovery.internal.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Reads {@code fn.env.json}: {@code "K": "v"} or {@code "K": {"value": .., "is_secret": true}}; values become strings, nulls are skipped. */
final class EnvReader {

    /**
     * The variables of one env file, or of several merged.
     *
     * @param values values by name, in file order
     * @param secrets names marked {@code is_secret}
     */
    record Env(Map<String, String> values, Set<String> secrets) {

        static final Env EMPTY = new Env(Map.of(), Set.of());

        /** @return this env with {@code over}'s variables replacing or adding to it */
        Env overlay(Env over) {
            Map<String, String> v = new LinkedHashMap<>(values);
            Set<String> s = new LinkedHashSet<>(secrets);
            for (Map.Entry<String, String> e : over.values.entrySet()) {
                v.put(e.getKey(), e.getValue());
                s.remove(e.getKey());
            }
            s.addAll(over.secrets);
            return new Env(java.util.Collections.unmodifiableMap(v), java.util.Collections.unmodifiableSet(s));
        }
    }

    private EnvReader() {
    }

    /**
     * Reads an env file.
     *
     * @param file the {@code fn.env.json}
     * @param warnings receives warnings about odd entries
     * @return its variables
     * @throws ConfigException naming the file, place and pointer of the first error
     */
    static Env read(Path file, Consumer<Problem> warnings) throws ConfigException {
        JsonDocument doc = JsonDocument.read(file);
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : doc.root().properties()) {
            String key = e.getKey();
            String at = "/" + JsonDocument.escape(key);
            JsonNode v = e.getValue();
            if (key.isBlank()) {
                throw doc.error(at, "variable names must not be empty");
            }
            if (v.isObject()) {
                for (Map.Entry<String, JsonNode> f : v.properties()) {
                    if (!f.getKey().equals("value") && !f.getKey().equals("is_secret")) {
                        warnings.accept(doc.warning(at + "/" + JsonDocument.escape(f.getKey()),
                                "unknown key '" + f.getKey() + "'; ignored (use \"value\" and \"is_secret\")"));
                    }
                }
                JsonNode secret = v.get("is_secret");
                if (secret != null && !secret.isNull() && !secret.isBoolean()) {
                    throw doc.error(at + "/is_secret", "must be true or false, not " + secret.getNodeType());
                }
                if (!v.has("value")) {
                    throw doc.error(at, "an object entry needs a \"value\"");
                }
                String value = stringify(v.get("value"));
                if (value != null) {
                    values.put(key, value);
                    if (secret != null && secret.asBoolean()) {
                        secrets.add(key);
                    }
                }
            } else {
                String value = stringify(v);
                if (value != null) {
                    values.put(key, value);
                }
            }
        }
        return new Env(java.util.Collections.unmodifiableMap(values), java.util.Collections.unmodifiableSet(secrets));
    }

    private static String stringify(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        try {
            return JsonDocument.MAPPER.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return v.toString();
        }
    }
}
