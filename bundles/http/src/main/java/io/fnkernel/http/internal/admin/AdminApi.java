package io.fnkernel.http.internal.admin;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.api.dto.PlatformDTO;
import io.fnkernel.http.internal.gateway.AdminHandler;
import io.fnkernel.http.internal.gateway.BodyReader;
import io.fnkernel.http.internal.gateway.Exchange;
import io.fnkernel.http.internal.gateway.Json;
import io.fnkernel.http.internal.gateway.RequestParts;
import io.fnkernel.http.internal.routing.Endpoint;
import io.fnkernel.http.internal.routing.RouteState;
import org.eclipse.jetty.http.HttpMethod;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code /_fn} admin API (health, catalog, reload, invoke) and the dispatch to platform
 * endpoints. Health is open to everyone; the rest passes {@link AdminGuard} first.
 */
public final class AdminApi implements AdminHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final String READ = "GET, HEAD, OPTIONS";

    private final AdminGuard guard;
    private final Supplier<PlatformRuntime> platform;

    /**
     * @param adminToken the admin token, or null
     * @param platform discovery's published state, or a supplier of null while discovery is absent
     */
    public AdminApi(String adminToken, Supplier<PlatformRuntime> platform) {
        this.guard = new AdminGuard(adminToken);
        this.platform = platform;
    }

    @Override
    public void handle(Exchange ex, RouteState state) {
        String path = ex.path();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        switch (path) {
            case "/_fn/health" -> {
                if (allowed(ex, READ)) {
                    ex.sendJson(200, Json.bytes(HealthView.render(state, platform.get())));
                }
            }
            case "/_fn/catalog" -> {
                if (allowed(ex, READ) && admitted(ex)) {
                    ex.sendJson(200, Json.bytes(CatalogView.render(state, platform.get())));
                }
            }
            case "/_fn/reload" -> {
                if (allowed(ex, "GET, POST, OPTIONS") && admitted(ex)) {
                    reload(ex);
                }
            }
            case "/_fn/invoke" -> {
                if (allowed(ex, "POST, OPTIONS") && admitted(ex)) {
                    InvokeEndpoint.handle(ex);
                }
            }
            default -> ex.sendError(404, "not found");
        }
    }

    @Override
    public void endpoint(Exchange ex, Endpoint endpoint) {
        if (endpoint.admin() && !admitted(ex)) {
            return;
        }
        ex.label("endpoint");
        FunctionRequest.Builder request = RequestParts.builder(ex, ex.method(), Map.of("path", endpoint.rest(ex.path())));
        if (RequestParts.hasBody(ex.request())) {
            BodyReader.read(ex, InvokeEndpoint.MAX_PAYLOAD, body -> call(ex, endpoint, request.body(body)));
        } else {
            call(ex, endpoint, request);
        }
    }

    private static void call(Exchange ex, Endpoint endpoint, FunctionRequest.Builder request) {
        FunctionResponse r;
        try {
            r = endpoint.service().handle(request.build());
        } catch (RuntimeException e) {
            LOG.error("{} platform endpoint {} (service {}) failed", ex.id(), endpoint.path(), endpoint.serviceId(), e);
            ex.sendError(500, "internal error");
            return;
        }
        if (r == null) {
            LOG.error("{} platform endpoint {} (service {}) returned no response", ex.id(), endpoint.path(), endpoint.serviceId());
            ex.sendError(500, "internal error");
            return;
        }
        ex.deliver(r);
    }

    private void reload(Exchange ex) {
        PlatformRuntime p = platform.get();
        if (p == null) {
            ex.sendError(503, "reload unavailable: discovery is not running");
            return;
        }
        PlatformDTO after;
        try {
            after = p.reload();
        } catch (RuntimeException e) {
            LOG.error("{} reload failed", ex.id(), e);
            ex.sendError(500, "reload failed: " + e.getMessage());
            return;
        }
        RouteState now = ex.services().registry().state();
        ObjectNode o = Json.object();
        o.put("ok", true);
        o.put("reloaded_at", System.currentTimeMillis() / 1000.0);
        if (after != null) {
            o.put("functions_root", after.functionsRoot);
            o.put("catalog_generated_at", after.generatedAt / 1000.0);
            o.put("change_count", after.changeCount);
            o.put("failures", after.failures == null ? 0 : after.failures.size());
        }
        o.put("live_versions", now.targets().size());
        o.put("mapped_routes", now.table().routes().size());
        ex.sendJson(200, Json.bytes(o));
    }

    /** Answers OPTIONS with 204 and a wrong method with 405; true when the method is served. */
    private static boolean allowed(Exchange ex, String allow) {
        String m = ex.method();
        if (HttpMethod.OPTIONS.is(m)) {
            ex.sendAllow(204, allow);
            return false;
        }
        for (String a : allow.split(", ")) {
            if (a.equals(m)) {
                return true;
            }
        }
        ex.sendAllow(405, allow);
        return false;
    }

    private boolean admitted(Exchange ex) {
        String denied = guard.deny(ex);
        if (denied != null) {
            ex.sendError(403, denied);
            return false;
        }
        return true;
    }
}
