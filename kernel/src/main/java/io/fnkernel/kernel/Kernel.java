package io.fnkernel.kernel;

import org.apache.felix.framework.Felix;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Boots Felix with the distribution's bundles, waits until the gateway listens, and stops cleanly on
 * a signal, also one that arrives during start-up.
 */
final class Kernel {

    /** How long the bundles get to bring the gateway up. */
    private static final long GATEWAY_WAIT_MS = 60_000;
    private static final String GATEWAY_FILTER = "(objectClass=io.fnkernel.api.Gateway)";
    /** How long start-up waits for the first scan's functions before serving anyway. */
    private static final long READY_WAIT_MS = 30_000;
    private static final String READY_FILTER = "(&(objectClass=io.fnkernel.api.PlatformRuntime)(fn.platform.ready=true))";
    private static final String GATEWAY_URI = "fn.gateway.uri";

    private final KernelConfig cfg;
    private final Shutdown shutdown;
    private final Function<Map<String, Object>, Framework> frameworks;
    private final long startNanos = System.nanoTime();
    private final Logger log = LoggerFactory.getLogger(Kernel.class);

    /**
     * @param cfg the configuration
     * @param shutdown turns signals into a stop
     * @param frameworks creates the framework from its configuration ({@code Felix::new})
     */
    Kernel(KernelConfig cfg, Shutdown shutdown, Function<Map<String, Object>, Framework> frameworks) {
        this.cfg = cfg;
        this.shutdown = shutdown;
        this.frameworks = frameworks;
    }

    /**
     * Serves until stopped.
     *
     * @param cfg the configuration
     * @param shutdown turns signals into a stop; its handlers are already installed
     * @return the exit code: 0 after a clean stop
     * @throws StartupException when it could not start serving
     */
    static int serve(KernelConfig cfg, Shutdown shutdown) throws StartupException {
        cfg.validate();
        PortCheck.ensureFree(cfg.host(), cfg.port());
        Logging.configure(cfg.confDir(), cfg.logFormat());
        return new Kernel(cfg, shutdown, Felix::new).run();
    }

    /**
     * Starts the framework and serves until it stops; the framework is stopped whichever way this ends.
     *
     * @return 0 after a clean stop (also one asked for during start-up), 1 when the framework stopped with an error
     * @throws StartupException when it could not start serving
     */
    int run() throws StartupException {
        if (shutdown.stopRequested()) {
            return stoppedDuringStartup();
        }
        Path storage = createStorage();
        FelixLogBridge felixLog = new FelixLogBridge(LoggerFactory.getLogger("felix"));
        Map<String, Object> config = new HashMap<>(FrameworkProperties.build(storage, cfg.deployDir(), cfg.shell(), cfg.bundleProperties()));
        config.put("felix.log.logger", felixLog);
        config.put("felix.log.level", "2");
        Framework fw = frameworks.apply(config);
        try {
            return boot(fw, felixLog);
        } catch (BundleException e) {
            throw new StartupException("the OSGi framework could not start: " + BundleProblem.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            shutdown.stopQuietly(fw);
            shutdown.finished();
            deleteQuietly(storage);
        }
    }

    private int boot(Framework fw, FelixLogBridge felixLog) throws StartupException, BundleException, InterruptedException {
        fw.init();
        if (shutdown.stopRequested()) {
            return stoppedDuringStartup();
        }
        BundleSet bundles = BundleSet.install(fw.getBundleContext(), cfg.bundleDir());
        failIfAny(bundles.resolve(fw.adapt(FrameworkWiring.class)));
        if (shutdown.stopRequested()) {
            return stoppedDuringStartup();
        }
        fw.start();
        felixLog.endStartup();
        if (shutdown.stopRequested()) {
            return stoppedDuringStartup();
        }
        failIfAny(bundles.startAll(felixLog));
        String uri = awaitGateway(fw);
        if (uri != null) {
            awaitFunctions(fw);
        }
        if (uri == null || !shutdown.serving(fw)) {
            return stoppedDuringStartup();
        }
        log.info("fnkernel {} {}: serving {} at {} (ready in {} ms)", VersionInfo.version(), cfg.mode(), cfg.functionsDir(), uri,
                (System.nanoTime() - startNanos) / 1_000_000);
        if (cfg.mode().equals("dev")) {
            log.info("docs: {}/_fn/docs   health: {}/_fn/health   stop: Ctrl-C", uri, uri);
        }
        FrameworkEvent stopped = fw.waitForStop(0);
        log.info("fnkernel stopped{}", stopped.getType() == FrameworkEvent.ERROR ? " with an error" : "");
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    private int stoppedDuringStartup() {
        log.info("{} during start-up: fnkernel stopped", shutdown.reason());
        return 0;
    }

    /** One line per problem; Main prefixes each with {@code fnk: }. */
    private static void failIfAny(List<String> problems) throws StartupException {
        if (!problems.isEmpty()) {
            throw new StartupException(String.join(System.lineSeparator() + "fnk: ", problems));
        }
    }

    /** @return the gateway's URI, or null when a stop was asked for while waiting */
    private String awaitGateway(Framework fw) throws StartupException, InterruptedException {
        ServiceReference<Object> ref = await(fw, GATEWAY_FILTER, GATEWAY_WAIT_MS);
        if (ref == null && !shutdown.stopRequested()) {
            throw new StartupException("the HTTP gateway did not start within " + GATEWAY_WAIT_MS / 1000
                    + " s: is bundle io.fnkernel.http in " + cfg.bundleDir() + "? (see the log above)");
        }
        return ref == null ? null : String.valueOf(ref.getProperty(GATEWAY_URI));
    }

    /**
     * Waits until discovery says the functions found at start are loaded (or failed), so "ready"
     * means a request gets its function's answer; a slow start is logged and not waited for longer.
     */
    private void awaitFunctions(Framework fw) throws StartupException, InterruptedException {
        if (await(fw, READY_FILTER, READY_WAIT_MS) == null && !shutdown.stopRequested()) {
            log.warn("functions are still loading after {} s; serving already (see /_fn/health)", READY_WAIT_MS / 1000);
        }
    }

    /** @return the first service matching the filter, or null after the wait or when a stop was asked for */
    private ServiceReference<Object> await(Framework fw, String filter, long waitMs) throws StartupException, InterruptedException {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(fw.getBundleContext(), fw.getBundleContext().createFilter(filter), null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            long deadline = System.currentTimeMillis() + waitMs;
            while (System.currentTimeMillis() < deadline) {
                ServiceReference<Object> ref = tracker.getServiceReference();
                if (ref != null) {
                    return ref;
                }
                if (shutdown.stopRequested()) {
                    return null;
                }
                if (fw.getState() != org.osgi.framework.Bundle.ACTIVE) {
                    throw new StartupException("the framework stopped during start-up (see the log above)");
                }
                tracker.waitForService(200);
            }
            return null;
        } finally {
            tracker.close();
        }
    }

    private static Path createStorage() throws StartupException {
        try {
            return Files.createTempDirectory("fnk-felix-");
        } catch (IOException e) {
            throw new StartupException("cannot create the framework cache folder: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover cache in the temp folder is harmless
        }
    }
}
