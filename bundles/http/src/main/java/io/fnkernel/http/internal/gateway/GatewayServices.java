package io.fnkernel.http.internal.gateway;

import io.fnkernel.http.internal.routing.RouteRegistry;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What every request needs besides itself: the route registry, the timer for the timeout safety
 * net, and the access log.
 *
 * @param registry the live routes
 * @param scheduler timer for timeouts
 * @param accessLog the access log
 * @param timeoutGraceMs how long past a function's timeout the safety net waits
 */
public record GatewayServices(RouteRegistry registry, Scheduler scheduler, AccessLog accessLog, long timeoutGraceMs) {
}
