package io.fnkernel.kernel;

import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns SIGTERM and Ctrl-C into an orderly framework stop: the gateway (highest start level) stops
 * first and drains in-flight requests, then discovery retires the functions, then the runtimes stop.
 * A second signal, or a stop that outlasts the drain time by far, ends the process at once.
 */
final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private final Framework fw;
    private final long drainMs;
    private final AtomicBoolean stopping = new AtomicBoolean();

    Shutdown(Framework fw, long drainMs) {
        this.fw = fw;
        this.drainMs = drainMs;
    }

    /** Installs the handlers for SIGTERM and SIGINT. */
    void install() {
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> onSignal(sig.getName()));
        }
    }

    private void onSignal(String name) {
        if (!stopping.compareAndSet(false, true)) {
            LOG.warn("second SIG{}: exiting without waiting", name);
            Runtime.getRuntime().halt(130);
            return;
        }
        LOG.info("SIG{}: stopping; in-flight requests get up to {} ms", name, drainMs);
        Thread guard = new Thread(() -> {
            try {
                Thread.sleep(drainMs + 20_000);
                LOG.error("stop did not finish within {} ms: exiting", drainMs + 20_000);
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fnk-stop-guard");
        guard.setDaemon(true);
        guard.start();
        stopQuietly();
    }

    /** Stops the framework, logging instead of throwing. */
    void stopQuietly() {
        try {
            fw.stop();
            fw.waitForStop(drainMs + 15_000);
        } catch (BundleException e) {
            LOG.warn("framework stop failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
