package io.fnkernel.http.internal;

import io.fnkernel.api.KernelProperties;

import java.util.function.Function;

/**
 * The gateway's typed settings, read once from framework properties.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param adminToken token that opens the admin API to any caller, or null when none is configured
 * @param drainMs how long in-flight requests may finish on shutdown
 * @param idleTimeoutMs a connection idle this long is closed
 * @param headerTimeoutMs a new connection must deliver its first request's headers within this time
 * @param maxHeaderBytes largest request line plus headers; larger is refused with 431
 * @param timeoutGraceMs how long past a function's timeout the gateway waits for the runtime to
 *        report it before answering 504 itself
 * @param inlineMaxUs a function version whose calls hold the invoking thread less than this on
 *        average (microseconds) is invoked on the network thread that read the request; 0 never
 * @param selectors how many network (selector) threads read requests and run the quick calls
 */
public record GatewayConfig(String host, int port, String adminToken, long drainMs, long idleTimeoutMs,
                            long headerTimeoutMs, int maxHeaderBytes, long timeoutGraceMs, long inlineMaxUs,
                            int selectors) {

    /** Framework property, milliseconds: idle timeout of connections. Default 30000. */
    public static final String IDLE_TIMEOUT_MS = "fnk.http.idle.timeout.ms";
    /** Framework property, milliseconds: deadline for a new connection's first request headers. Default 10000. */
    public static final String HEADER_TIMEOUT_MS = "fnk.http.header.timeout.ms";
    /**
     * Framework property, microseconds: a function version whose calls hold the invoking thread
     * less than this on average runs on the network thread that read its request, without a hand-off
     * to a worker thread. Default 50: calls a few times the cost of that hand-off (15-20 us).
     * A call on a selector thread holds up the other connections of that selector, so a longer
     * call gains more from a worker than it loses to the hand-off. 0 sends every call to a worker
     * thread.
     */
    public static final String INLINE_MAX_US = "fnk.http.inline.max.us";
    /**
     * Framework property, a count: network (selector) threads. Default: one per core. Quick calls
     * run on these threads, so they bound how many cores quick calls use; Jetty's own default (one
     * per two cores, at most a sixteenth of the pool, sized for handlers that hand their work to a
     * pool) left half the cores idle.
     */
    public static final String SELECTORS = "fnk.http.selectors";

    /** Address bound when none is configured. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Port bound when none is configured. */
    public static final int DEFAULT_PORT = 8080;
    /** Most selector threads: each takes one of the pool's 200 threads for good. */
    public static final int MAX_SELECTORS = 64;
    /** Largest request line plus headers, 16 KiB. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    /**
     * Reads the settings.
     *
     * @param props property lookup, such as {@code BundleContext::getProperty}; returns null for unset
     * @return the settings
     * @throws IllegalArgumentException naming the property when a value is not valid
     */
    public static GatewayConfig from(Function<String, String> props) {
        String host = text(props.apply(KernelProperties.HTTP_HOST), DEFAULT_HOST);
        long port = number(props, KernelProperties.HTTP_PORT, DEFAULT_PORT);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(KernelProperties.HTTP_PORT + " must be 0-65535, got " + port);
        }
        String token = props.apply(KernelProperties.ADMIN_TOKEN);
        return new GatewayConfig(host, (int) port,
                token == null || token.isBlank() ? null : token.trim(),
                nonNegative(props, KernelProperties.DRAIN_MS, 10_000),
                positive(props, IDLE_TIMEOUT_MS, 30_000),
                positive(props, HEADER_TIMEOUT_MS, 10_000),
                MAX_HEADER_BYTES, 250,
                nonNegative(props, INLINE_MAX_US, 50),
                selectors(props));
    }

    /**
     * @param value another port
     * @return a copy bound to that port
     */
    public GatewayConfig withPort(int value) {
        return new GatewayConfig(host, value, adminToken, drainMs, idleTimeoutMs, headerTimeoutMs, maxHeaderBytes, timeoutGraceMs, inlineMaxUs, selectors);
    }

    /**
     * @param value another admin token, or null
     * @return a copy with that token
     */
    public GatewayConfig withAdminToken(String value) {
        return new GatewayConfig(host, port, value, drainMs, idleTimeoutMs, headerTimeoutMs, maxHeaderBytes, timeoutGraceMs, inlineMaxUs, selectors);
    }

    /**
     * @param idle idle timeout, ms
     * @param header first-request header deadline, ms
     * @return a copy with those timeouts
     */
    public GatewayConfig withTimeouts(long idle, long header) {
        return new GatewayConfig(host, port, adminToken, drainMs, idle, header, maxHeaderBytes, timeoutGraceMs, inlineMaxUs, selectors);
    }

    private static int selectors(Function<String, String> props) {
        long v = positive(props, SELECTORS, Math.min(MAX_SELECTORS, Runtime.getRuntime().availableProcessors()));
        if (v > MAX_SELECTORS) {
            throw new IllegalArgumentException(SELECTORS + " must be at most " + MAX_SELECTORS + " (the pool has 200 threads), got " + v);
        }
        return (int) v;
    }

    private static String text(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long number(Function<String, String> props, String key, long fallback) {
        String v = props.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    private static long nonNegative(Function<String, String> props, String key, long fallback) {
        long v = number(props, key, fallback);
        if (v < 0) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + v);
        }
        return v;
    }

    private static long positive(Function<String, String> props, String key, long fallback) {
        long v = number(props, key, fallback);
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + v);
        }
        return v;
    }
}
