package io.fnkernel.http.internal.gateway;

import io.fnkernel.http.internal.routing.Endpoint;
import io.fnkernel.http.internal.routing.RouteState;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: reads the route snapshot once, then sends the request to a platform
 * endpoint or the admin API ({@code /_fn}) on a worker thread, or answers a 404 for the reserved
 * {@code /console}, or routes it to a function. Non-blocking: it runs on the selector thread that
 * read the request, so nothing here may block; {@link FunctionCall} decides where a call runs.
 */
public final class GatewayHandler extends Handler.Abstract.NonBlocking {

    /** Prefix of the admin API; never reaches functions. */
    public static final String ADMIN_PREFIX = "/_fn";
    /** Prefix reserved for a console; never reaches functions. */
    public static final String CONSOLE_PREFIX = "/console";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

    private final GatewayServices services;
    private final AdminHandler admin;
    private final FunctionRouter functions = new FunctionRouter();

    /**
     * @param services what every request needs
     * @param admin the admin API and platform endpoints
     */
    public GatewayHandler(GatewayServices services, AdminHandler admin) {
        this.services = services;
        this.admin = admin;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback, services);
        try {
            String path = ex.path();
            RouteState state = services.registry().state();
            Endpoint endpoint = state.endpoint(path);
            if (endpoint != null) {
                onWorker(ex, () -> admin.endpoint(ex, endpoint));
            } else if (isUnder(path, ADMIN_PREFIX)) {
                onWorker(ex, () -> admin.handle(ex, state));
            } else if (!path.startsWith("/")) {
                ex.sendError(400, "bad request path");
            } else if (isUnder(path, CONSOLE_PREFIX)) {
                ex.sendError(404, "not found");
            } else {
                functions.handle(ex, state);
            }
        } catch (Throwable t) {
            failed(ex, t);
        }
        return true;
    }

    // Platform endpoints and the admin API may block (reading files, waiting for a reload).
    private void onWorker(Exchange ex, Runnable work) {
        services.workers().execute(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failed(ex, t);
            }
        });
    }

    private static void failed(Exchange ex, Throwable t) {
        LOG.error("{} {} {} failed in the gateway", ex.id(), ex.method(), ex.request().getHttpURI().getPath(), t);
        ex.sendError(500, "internal error");
    }

    /**
     * @param path a decoded path
     * @param prefix a prefix without trailing slash
     * @return true for the prefix itself and everything below it
     */
    public static boolean isUnder(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
