package io.fnkernel.kernel;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns SIGTERM and Ctrl-C into an orderly framework stop, during start-up as well as while serving:
 * the gateway stops first and drains in-flight requests, then discovery retires the functions, then
 * the runtimes stop. A second signal, or a stop that outlasts the drain time by
 * far, ends the process at once.
 */
final class Shutdown {

    /** Symbolic name of the gateway bundle, stopped before the framework. */
    static final String GATEWAY_BUNDLE = "io.fnkernel.http";

    /** Exit code when a second signal ends the process without waiting for the stop. */
    static final int EXIT_SECOND_SIGNAL = 130;

    /** Extra time a stop asked for during start-up gets: the start-up step under way finishes first. */
    private static final long STARTUP_GRACE_MS = 60_000;

    private enum Phase { STARTING, SERVING, STOPPING }

    private final long drainMs;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private volatile Framework serving;
    private volatile String reason = "stop";
    private volatile Thread guard;

    /**
     * @param drainMs how long the gateway drains in-flight requests
     */
    Shutdown(long drainMs) {
        this.drainMs = drainMs;
    }

    /**
     * Installs the handlers for SIGTERM and SIGINT. Call it first thing: until then a signal ends the
     * JVM with exit code 143 or 130.
     */
    void install() {
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> request("SIG" + sig.getName()));
        }
    }

    /**
     * Asks for a stop. While starting, this only records the request (logging may not be configured
     * yet); the start-up thread notices at its next step and stops the framework itself. While
     * serving, the framework is stopped here.
     *
     * @param why what asked, for the log (e.g. {@code SIGTERM})
     */
    void request(String why) {
        Phase before = phase.getAndSet(Phase.STOPPING);
        if (before == Phase.STOPPING) {
            // halt skips logback's shutdown hook, so the async log would drop this line: say it directly.
            System.err.println("fnk: second " + why + ": exiting without waiting");
            Runtime.getRuntime().halt(EXIT_SECOND_SIGNAL);
            return;
        }
        reason = why;
        startGuard(drainMs + 20_000 + (before == Phase.STARTING ? STARTUP_GRACE_MS : 0));
        if (before == Phase.SERVING) {
            log().info("{}: stopping; in-flight requests get up to {} ms", why, drainMs);
            stopQuietly(serving);
        }
    }

    /** @return what asked for the stop, e.g. {@code SIGTERM} */
    String reason() {
        return reason;
    }

    /** @return true once a stop was asked for */
    boolean stopRequested() {
        return phase.get() == Phase.STOPPING;
    }

    /**
     * Moves from starting to serving: from now on a signal stops the framework directly.
     *
     * @param fw the started framework
     * @return false when a stop was asked for during start-up (the caller stops the framework)
     */
    boolean serving(Framework fw) {
        serving = fw;
        return phase.compareAndSet(Phase.STARTING, Phase.SERVING);
    }

    /** Called when the kernel is done: the stop finished, so the guard need not end the process. */
    void finished() {
        Thread g = guard;
        if (g != null) {
            g.interrupt();
        }
    }

    /** Looked up when needed, so that creating a Shutdown does not configure logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(Shutdown.class);
    }

    private void startGuard(long limit) {
        Thread g = new Thread(() -> {
            try {
                Thread.sleep(limit);
                System.err.println("fnk: the stop did not finish within " + limit + " ms: exiting");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fnk-stop-guard");
        g.setDaemon(true);
        guard = g;
        g.start();
    }

    /**
     * Stops the HTTP gateway before the framework, so it drains in-flight requests while the
     * functions still run: it starts at the first start level (a faster /_fn/health), so the
     * framework alone would stop it last. A transient stop leaves its autostart setting alone.
     */
    private void stopGatewayFirst(Framework fw) {
        BundleContext ctx = fw.getBundleContext();
        if (ctx == null) {
            return;
        }
        for (Bundle b : ctx.getBundles()) {
            if (GATEWAY_BUNDLE.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                try {
                    b.stop(Bundle.STOP_TRANSIENT);
                } catch (BundleException | IllegalStateException e) {
                    log().warn("stopping the gateway first failed: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * Stops a framework that was initialised or started, and waits for it; logs instead of throwing.
     *
     * @param fw the framework
     */
    void stopQuietly(Framework fw) {
        if ((fw.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
            return;
        }
        stopGatewayFirst(fw);
        try {
            fw.stop();
            fw.waitForStop(drainMs + 15_000);
        } catch (BundleException e) {
            log().warn("framework stop failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
