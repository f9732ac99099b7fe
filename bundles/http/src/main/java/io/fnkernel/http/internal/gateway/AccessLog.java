package io.fnkernel.http.internal.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per request on the {@code access} logger: request id, method, path without
 * query, {@code name@version} or {@code -}, status, body bytes, milliseconds. Never bodies, query
 * values or header values.
 */
public class AccessLog {

    /** The logger name. */
    public static final String LOGGER = "access";

    /** Longer paths are cut in the log. */
    static final int MAX_PATH = 256;

    private final Logger log;

    /** Logs to {@link #LOGGER}. */
    public AccessLog() {
        this(LoggerFactory.getLogger(LOGGER));
    }

    AccessLog(Logger log) {
        this.log = log;
    }

    /**
     * @param id request id
     * @param method request method
     * @param path raw path without query
     * @param label {@code name@version} or {@code -}
     * @param status the status sent
     * @param bytes body bytes sent, -1 when the write failed
     * @param startNanos when the request arrived, {@link System#nanoTime()}
     */
    public void log(String id, String method, String path, String label, int status, long bytes, long startNanos) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long micros = (System.nanoTime() - startNanos) / 1000;
        long frac = micros % 1000;
        String shown = path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "..." : path;
        // One concatenation: sized once and filled in place, no builder that grows and is copied.
        log.info(id + ' ' + method + ' ' + shown + ' ' + label + ' ' + status + ' ' + bytes + ' ' + micros / 1000 + '.'
                + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac + "ms");
    }
}
