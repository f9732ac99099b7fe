package io.fnkernel.http.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.api.dto.FunctionDTO;
import io.fnkernel.api.dto.PlatformDTO;
import io.fnkernel.api.dto.VersionDTO;
import io.fnkernel.api.route.RouteTable;
import io.fnkernel.http.internal.gateway.Json;
import io.fnkernel.http.internal.routing.Endpoint;
import io.fnkernel.http.internal.routing.RouteState;
import io.fnkernel.http.internal.routing.Limiter;
import io.fnkernel.http.internal.routing.Target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /_fn/catalog}: FastFN's {@code mapped_routes} and {@code mapped_route_conflicts} from
 * the live route table, plus every function with its versions (runtime, revision, state, routes,
 * policy), failures and conflicts from discovery's snapshot when it runs.
 */
final class CatalogView {

    private CatalogView() {
    }

    static ObjectNode render(RouteState state, PlatformRuntime platform) {
        PlatformDTO snap = platform == null ? null : platform.snapshot();
        ObjectNode o = Json.object();
        o.put("generated_at", snap != null ? snap.generatedAt : System.currentTimeMillis());
        o.put("change_count", snap != null ? snap.changeCount : state.generation());
        if (snap != null) {
            o.put("functions_root", snap.functionsRoot);
            ArrayNode runtimes = o.putArray("runtimes");
            if (snap.runtimes != null) {
                snap.runtimes.forEach(r -> runtimes.add(DtoJson.runtime(r)));
            }
        }
        ObjectNode mapped = o.putObject("mapped_routes");
        for (RouteTable.Claim<Target> c : state.table().routes()) {
            String key = c.route().pattern().toString();
            ArrayNode list = mapped.has(key) ? (ArrayNode) mapped.get(key) : mapped.putArray(key);
            Target t = c.target();
            ObjectNode e = list.addObject();
            e.put("runtime", t.runtime());
            e.put("fn_name", t.ref().name());
            e.put("version", t.ref().version());
            e.set("methods", DtoJson.strings(List.of(c.route().method())));
        }
        ObjectNode conflicted = o.putObject("mapped_route_conflicts");
        ArrayNode conflicts = o.putArray("conflicts");
        for (RouteTable.Conflict c : state.table().conflicts()) {
            conflicted.put(c.route().pattern().toString(), true);
            ObjectNode e = conflicts.addObject();
            e.put("route", c.route().toString());
            e.set("sources", DtoJson.strings(c.sources()));
        }
        o.set("functions", snap != null ? fromSnapshot(snap, state) : fromRoutes(state));
        o.set("failures", DtoJson.failures(snap == null ? null : snap.failures));
        ArrayNode endpoints = o.putArray("endpoints");
        for (Endpoint ep : state.endpoints()) {
            endpoints.addObject().put("path", ep.prefix() ? ep.path() + "/*" : ep.path())
                    .put("access", ep.admin() ? "admin" : "public");
        }
        return o;
    }

    private static ArrayNode fromSnapshot(PlatformDTO snap, RouteState state) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (snap.functions == null) {
            return out;
        }
        for (FunctionDTO f : snap.functions) {
            ObjectNode fn = out.addObject();
            fn.put("name", f.name);
            fn.put("has_default", f.hasDefault);
            ArrayNode versions = fn.putArray("versions");
            for (VersionDTO v : f.versions == null ? List.<VersionDTO>of() : f.versions) {
                ObjectNode ver = versions.addObject();
                ver.put("version", v.version);
                ver.put("runtime", v.runtime);
                ver.put("entry", v.entry);
                ver.put("revision", v.revision);
                ver.put("state", v.state);
                ver.set("routes", DtoJson.strings(v.routes));
                if (v.policy != null) {
                    ver.set("policy", DtoJson.policy(v.policy));
                }
                ver.set("env_keys", DtoJson.strings(v.envKeys));
                ver.put("loaded_at", v.loadedAt);
                Target live = safeRef(state, v.name, v.version);
                ver.put("serving", live != null);
                if (live != null) {
                    load(ver, live);
                }
            }
        }
        return out;
    }

    private static ArrayNode fromRoutes(RouteState state) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        for (Target t : state.targets()) {
            ObjectNode fn = byName.computeIfAbsent(t.ref().name(), n -> {
                ObjectNode x = Json.object();
                x.put("name", n);
                x.put("has_default", false);
                x.putArray("versions");
                return x;
            });
            if (t.ref().isDefault()) {
                fn.put("has_default", true);
            }
            ObjectNode ver = ((ArrayNode) fn.get("versions")).addObject();
            ver.put("version", t.ref().version());
            ver.put("runtime", t.runtime());
            ver.put("entry", t.entry());
            ver.put("revision", t.revision());
            ver.put("state", VersionDTO.STATE_ACTIVE);
            ver.set("routes", DtoJson.strings(t.routes().stream().map(Object::toString).toList()));
            ver.set("policy", DtoJson.policy(t.policy()));
            ver.put("serving", true);
            load(ver, t);
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        byName.values().forEach(out::add);
        return out;
    }

    private static void load(ObjectNode ver, Target t) {
        Limiter l = t.limiter();
        if (l != null) {
            ver.put("in_flight", l.inFlight());
            ver.put("queued", l.queued());
        }
    }

    private static Target safeRef(RouteState state, String name, String version) {
        try {
            return state.byRef(new FunctionRef(name, version));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
