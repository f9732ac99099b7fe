package io.fnkernel.http.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.dto.ConflictDTO;
import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.dto.PolicyDTO;
import io.fnkernel.api.dto.RuntimeDTO;
import io.fnkernel.http.internal.gateway.Json;

import java.util.List;
import java.util.Map;

/** Renders the platform's DTOs and policies as the admin API's snake_case JSON. */
final class DtoJson {

    private DtoJson() {
    }

    static ObjectNode failure(FailureDTO f) {
        ObjectNode o = Json.object();
        o.put("kind", f.kind);
        o.put("name", f.name);
        o.put("version", f.version);
        o.put("file", f.file);
        o.put("line", f.line);
        o.put("column", f.column);
        o.put("message", f.message);
        o.put("since", f.since);
        return o;
    }

    static ArrayNode failures(List<FailureDTO> list) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        if (list != null) {
            list.forEach(f -> a.add(failure(f)));
        }
        return a;
    }

    static ObjectNode runtime(RuntimeDTO r) {
        ObjectNode o = Json.object();
        o.put("id", r.id);
        o.set("extensions", strings(r.extensions));
        o.put("description", r.description);
        return o;
    }

    static ObjectNode conflict(ConflictDTO c) {
        ObjectNode o = Json.object();
        o.put("route", c.route);
        o.set("sources", strings(c.sources));
        return o;
    }

    static ObjectNode policy(PolicyDTO p) {
        ObjectNode o = Json.object();
        o.put("timeout_ms", p.timeoutMs);
        o.put("max_concurrency", p.maxConcurrency);
        o.put("max_queue", p.maxQueue);
        o.put("max_body_bytes", p.maxBodyBytes);
        o.set("methods", strings(p.methods));
        o.put("handler", p.handler);
        if (p.summary != null) {
            o.put("summary", p.summary);
        }
        return o;
    }

    static ObjectNode policy(FunctionPolicy p) {
        ObjectNode o = Json.object();
        o.put("timeout_ms", p.timeoutMs());
        o.put("max_concurrency", p.maxConcurrency());
        o.put("max_queue", p.maxQueue());
        o.put("max_body_bytes", p.maxBodyBytes());
        o.set("methods", strings(p.methods()));
        o.put("handler", p.handler());
        if (p.summary() != null) {
            o.put("summary", p.summary());
        }
        return o;
    }

    static ArrayNode strings(List<String> list) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        if (list != null) {
            list.forEach(a::add);
        }
        return a;
    }

    static ObjectNode multi(Map<String, List<String>> map) {
        ObjectNode o = Json.object();
        map.forEach((k, v) -> {
            if (v.size() == 1) {
                o.put(k, v.get(0));
            } else {
                o.set(k, strings(v));
            }
        });
        return o;
    }
}
