package io.fnkernel.http.internal.gateway;

import io.fnkernel.http.internal.routing.Endpoint;
import io.fnkernel.http.internal.routing.RouteState;

/** Serves the platform's own paths: the {@code /_fn} admin API and the platform endpoints. */
public interface AdminHandler {

    /**
     * Serves a path under {@code /_fn} that no platform endpoint claims.
     *
     * @param ex the exchange
     * @param state the routes, read once for this request
     */
    void handle(Exchange ex, RouteState state);

    /**
     * Serves a platform endpoint, behind the admin guard unless it is public.
     *
     * @param ex the exchange
     * @param endpoint the endpoint that claims the path
     */
    void endpoint(Exchange ex, Endpoint endpoint);
}
