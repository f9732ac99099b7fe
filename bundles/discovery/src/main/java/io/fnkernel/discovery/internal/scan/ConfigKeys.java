package io.fnkernel.discovery.internal.scan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The keys of {@code fn.config.json}: those fnkernel reads, FastFN's that it ignores, and warnings for the rest. */
final class ConfigKeys {

    static final Set<String> TOP = Set.of("entrypoint", "invoke", "timeout_ms", "max_concurrency", "max_queue",
            "max_body_bytes", "worker_pool", "$schema");
    static final Set<String> TOP_UNSUPPORTED = Set.of("runtime", "name", "version", "include_debug_headers",
            "response", "keep_warm", "schedule", "shared_deps", "edge", "strict_fs", "group", "home", "assets",
            "zero_config", "discovery", "routing", "zero_config_ignore_dirs", "force-url", "force_url", "forceUrl",
            "rollout");
    static final Set<String> INVOKE = Set.of("methods", "routes", "route", "handler", "summary", "query", "body",
            "content_type");
    static final Set<String> INVOKE_UNSUPPORTED = Set.of("allow_hosts", "force-url", "force_url", "forceUrl",
            "adapter", "default_method", "home", "home-route", "home_route");
    static final Set<String> POOL = Set.of("max_queue", "max_workers");
    static final Set<String> POOL_UNSUPPORTED = Set.of("enabled", "queue_timeout_ms", "queue_poll_ms",
            "idle_ttl_seconds", "min_warm", "overflow_status");

    private ConfigKeys() {
    }

    /** Warns about every key of {@code node} that is not in {@code known}. */
    static void warnUnknown(JsonDocument doc, String at, JsonNode node, Set<String> known, Set<String> unsupported,
                            Consumer<Problem> warnings) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            if (known.contains(key)) {
                continue;
            }
            String pointer = at + "/" + JsonDocument.escape(key);
            if (unsupported.contains(key)) {
                warnings.accept(doc.warning(pointer, "'" + key + "' is not supported by fnkernel; ignored"));
            } else {
                String close = closest(key, known);
                warnings.accept(doc.warning(pointer, "unknown key '" + key + "'; ignored"
                        + (close == null ? "" : " (did you mean '" + close + "'?)")));
            }
        }
    }

    /** @return the known key within edit distance 2 of {@code key}, or one it begins, or null */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        for (String k : known) {
            int d = lower.length() >= 4 && k.startsWith(lower) ? 1 : distance(lower, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
