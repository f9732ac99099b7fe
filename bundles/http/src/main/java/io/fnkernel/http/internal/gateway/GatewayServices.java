package io.fnkernel.http.internal.gateway;

import io.fnkernel.http.internal.routing.RouteRegistry;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.concurrent.Executor;

/**
 * What every request needs besides itself: the route registry, the timer for the timeout safety
 * net, the access log, and the worker threads for work that may block.
 *
 * @param registry the live routes
 * @param scheduler timer for timeouts
 * @param accessLog the access log
 * @param timeoutGraceMs how long past a function's timeout the safety net waits
 * @param workers runs work that may block, off the network thread that read the request
 * @param inlineMaxNanos a function version whose calls hold the invoking thread less than this on
 *        average is invoked on the thread that read the request; 0 never
 */
public record GatewayServices(RouteRegistry registry, Scheduler scheduler, AccessLog accessLog, long timeoutGraceMs,
                              Executor workers, long inlineMaxNanos) {
}
