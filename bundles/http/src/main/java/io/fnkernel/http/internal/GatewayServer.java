package io.fnkernel.http.internal;

import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.http.internal.admin.AdminApi;
import io.fnkernel.http.internal.gateway.AccessLog;
import io.fnkernel.http.internal.gateway.GatewayHandler;
import io.fnkernel.http.internal.gateway.GatewayServices;
import io.fnkernel.http.internal.gateway.Json;
import io.fnkernel.http.internal.gateway.JsonErrorHandler;
import io.fnkernel.http.internal.gateway.SlowClientGuard;
import io.fnkernel.http.internal.routing.RouteRegistry;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.BindException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Jetty server of the gateway: one connector on the configured address with header-size,
 * idle and slow-header limits, the JSON error handler, and the gateway handler behind a graceful
 * shutdown that lets in-flight requests finish for up to the drain time.
 */
public final class GatewayServer {

    private final GatewayConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final HttpConfiguration http;
    private final RouteRegistry registry;
    private final SlowClientGuard slowClients;

    /** Jetty's cache-line padding setting: read by its MemoryUtils, which otherwise asks JMX. */
    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /**
     * Tells Jetty how many object references fill a 64-byte cache line, unless the JVM's options do.
     * Without it Jetty looks the JVM's UseCompressedOops up through the platform MBean server, whose
     * creation costs a quarter of a second of start-up on a small machine. References are compressed
     * (4 bytes) whenever the heap is below 32 GiB, as it is with bin/fnk's default heap size.
     */
    private static void skipJettyMemoryProbe() {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            boolean compressed = Runtime.getRuntime().maxMemory() < 32L * 1024 * 1024 * 1024;
            System.setProperty(REFERENCES_PER_CACHE_LINE, compressed ? "16" : "8");
        }
    }

    /**
     * Builds the server; nothing listens until {@link #start()}.
     *
     * @param config the settings
     * @param platform discovery's state, or a supplier of null while it is absent
     */
    public GatewayServer(GatewayConfig config, Supplier<PlatformRuntime> platform) {
        this.config = config;
        skipJettyMemoryProbe();
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("fnk-http");
        server = new Server(pool);
        server.setStopTimeout(config.drainMs());
        AccessLog accessLog = new AccessLog();
        server.setErrorHandler(new JsonErrorHandler(accessLog));

        http = new HttpConfiguration();
        http.setRequestHeaderSize(config.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // No per-connection header cache: its trie lookup walks every header line character by
        // character, which cost more than parsing the line afresh once requests carry a client's
        // usual headers (5 headers 19 -> 17.4 µs per request, 11 browser headers 27.8 -> 24.2;
        // Host alone and curl's three within 2 %; see docs/benchmarks.md).
        http.setHeaderCacheSize(0);
        // One selector per core, not Jetty's one per two (at most pool/16): quick calls run on the selector that read them.
        connector = new ServerConnector(server, -1, config.selectors(), new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeoutMs());
        connector.setAcceptQueueSize(1024);
        // On shutdown, idle keep-alive connections close after this; requests being handled are not cut.
        connector.setShutdownIdleTimeout(Math.min(250, Math.max(1, config.drainMs())));
        slowClients = new SlowClientGuard(server.getScheduler(), config.headerTimeoutMs());
        connector.addEventListener(slowClients);
        server.addConnector(connector);

        registry = new RouteRegistry(pool);
        GatewayServices services = new GatewayServices(registry, server.getScheduler(), accessLog, config.timeoutGraceMs(),
                pool, TimeUnit.MICROSECONDS.toNanos(config.inlineMaxUs()));
        server.setHandler(new GracefulHandler(new GatewayHandler(services, new AdminApi(config.adminToken(), platform))));
    }

    /** @return the route registry the whiteboard trackers feed */
    public RouteRegistry registry() {
        return registry;
    }

    /** @return the Jetty server, for tests that add a local connector */
    public Server server() {
        return server;
    }

    /** @return the HTTP settings the connector uses */
    public HttpConfiguration httpConfiguration() {
        return http;
    }

    /** @return the slow-header guard the connector uses */
    public SlowClientGuard slowClientGuard() {
        return slowClients;
    }

    /**
     * Starts listening.
     *
     * @throws GatewayStartException with one line naming the address when it cannot listen
     */
    public void start() {
        warmUpJson();
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            String where = config.host() + ":" + config.port();
            if (hasCause(e, BindException.class)) {
                throw new GatewayStartException("cannot listen on " + where + ": the address is in use or not available ("
                        + rootMessage(e) + "); pick another port with --port", e);
            }
            throw new GatewayStartException("cannot start the HTTP gateway on " + where + ": " + rootMessage(e), e);
        }
    }

    /**
     * Sets Jackson up on another thread while Jetty starts: the first JSON answer (usually a health
     * check waiting for the port) would otherwise wait a few hundred milliseconds for it.
     */
    private static void warmUpJson() {
        Thread t = new Thread(() -> Json.error("warm-up", "-"), "fnk-http-json-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** @return the base URI with the actual port, {@code http://127.0.0.1:8080} */
    public URI uri() {
        String h = config.host();
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            h = "127.0.0.1";
        } else if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return URI.create("http://" + h + ":" + connector.getLocalPort());
    }

    /** Stops accepting, lets in-flight requests finish for up to the drain time, then stops. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the HTTP gateway failed: " + rootMessage(e), e);
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing; the start error is what matters
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            for (Throwable s : c.getSuppressed()) {
                if (hasCause(s, type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** The gateway could not start; the message is one line for the operator. */
    public static final class GatewayStartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GatewayStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
