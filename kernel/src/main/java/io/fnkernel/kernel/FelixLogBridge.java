package io.fnkernel.kernel;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the Felix framework's own log messages to SLF4J as single lines naming the bundle they are
 * about; stack traces go to DEBUG only, and bundle start failures during start-up are kept for the kernel to report.
 */
final class FelixLogBridge extends org.apache.felix.framework.Logger {

    private static final String ERROR_STARTING = "Error starting";

    private final Logger log;
    private final Map<Long, String> startFailures = new ConcurrentHashMap<>();
    private volatile boolean starting = true;

    /**
     * @param log where the lines go (the {@code felix} logger)
     */
    FelixLogBridge(Logger log) {
        this.log = log;
    }

    /** Ends start-up: later start failures are logged as they happen. */
    void endStartup() {
        starting = false;
    }

    /**
     * The start failure recorded for a bundle during start-up.
     *
     * @param bundle the bundle
     * @return the line, or null when none was recorded
     */
    String startFailure(Bundle bundle) {
        return startFailures.get(bundle.getBundleId());
    }

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        if (throwable != null && bundle != null && msg != null && msg.startsWith(ERROR_STARTING)) {
            String line = BundleProblem.describe(bundle, throwable);
            log.debug(line, throwable);
            if (starting) {
                startFailures.putIfAbsent(bundle.getBundleId(), line);
            } else {
                log.error(line);
            }
            return;
        }
        String text = bundle == null ? String.valueOf(msg) : "[" + bundle.getSymbolicName() + "] " + msg;
        if (throwable != null) {
            log.debug(text, throwable);
            text += ": " + BundleProblem.reason(throwable);
        }
        switch (level) {
            case LOG_ERROR -> log.error(text);
            case LOG_WARNING -> log.warn(text);
            case LOG_INFO -> log.info(text);
            default -> log.debug(text);
        }
    }
}
