package io.fnkernel.http.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.api.dto.FunctionDTO;
import io.fnkernel.api.dto.PlatformDTO;
import io.fnkernel.http.internal.gateway.Json;
import io.fnkernel.http.internal.routing.RouteState;
import io.fnkernel.http.internal.routing.Target;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code GET /_fn/health}: up, ready, runtimes, function counts, routing counts, failures and the change
 * counter; from discovery's snapshot when it runs, else from the live routes alone.
 */
final class HealthView {

    private HealthView() {
    }

    static ObjectNode render(RouteState state, PlatformRuntime platform) {
        PlatformDTO snap = platform == null ? null : platform.snapshot();
        ObjectNode o = Json.object();
        o.put("status", "up");
        o.put("discovery", snap != null);
        o.put("ready", platform != null && platform.ready());
        ArrayNode runtimes = o.putArray("runtimes");
        ObjectNode functions = o.putObject("functions");
        if (snap != null) {
            o.put("functions_root", snap.functionsRoot);
            o.put("functions_root_present", snap.functionsRootPresent);
            if (snap.runtimes != null) {
                snap.runtimes.forEach(r -> runtimes.add(DtoJson.runtime(r)));
            }
            int versions = 0;
            if (snap.functions != null) {
                for (FunctionDTO f : snap.functions) {
                    versions += f.versions == null ? 0 : f.versions.size();
                }
            }
            functions.put("total", snap.functions == null ? 0 : snap.functions.size());
            functions.put("versions", versions);
        } else {
            Set<String> ids = new LinkedHashSet<>();
            Set<String> names = new LinkedHashSet<>();
            for (Target t : state.targets()) {
                ids.add(t.runtime());
                names.add(t.ref().name());
            }
            ids.forEach(id -> runtimes.addObject().put("id", id));
            functions.put("total", names.size());
            functions.put("versions", state.targets().size());
        }
        functions.put("live_versions", state.targets().size());
        ObjectNode routing = o.putObject("routing");
        routing.put("mapped_routes", state.table().routes().size());
        routing.put("mapped_route_conflicts", state.table().conflicts().size());
        o.set("failures", DtoJson.failures(snap == null ? null : snap.failures));
        o.put("change_count", snap != null ? snap.changeCount : state.generation());
        return o;
    }
}
