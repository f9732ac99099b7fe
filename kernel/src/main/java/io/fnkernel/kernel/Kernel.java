package io.fnkernel.kernel;

import org.apache.felix.framework.Felix;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Boots Felix with the distribution's bundles, waits until the gateway listens, and stops cleanly on a signal. */
final class Kernel {

    /** How long the bundles get to bring the gateway up. */
    private static final long GATEWAY_WAIT_MS = 60_000;
    private static final String GATEWAY_FILTER = "(objectClass=io.fnkernel.api.Gateway)";
    private static final String GATEWAY_URI = "fn.gateway.uri";

    private final KernelConfig cfg;
    private final long startNanos = System.nanoTime();
    private Logger log;

    private Kernel(KernelConfig cfg) {
        this.cfg = cfg;
    }

    /**
     * Serves until stopped.
     *
     * @param cfg the configuration
     * @return the exit code: 0 after a clean stop
     * @throws StartupException when it could not start serving
     */
    static int serve(KernelConfig cfg) throws StartupException {
        cfg.validate();
        PortCheck.ensureFree(cfg.host(), cfg.port());
        Logging.configure(cfg.confDir(), cfg.logFormat());
        return new Kernel(cfg).run();
    }

    private int run() throws StartupException {
        log = LoggerFactory.getLogger(Kernel.class);
        Path storage = createStorage();
        Map<String, Object> config = new HashMap<>(FrameworkProperties.build(storage, cfg.deployDir(), cfg.shell(), cfg.bundleProperties()));
        config.put("felix.log.logger", new FelixLogBridge());
        config.put("felix.log.level", "2");
        Framework fw = new Felix(config);
        Shutdown shutdown = new Shutdown(fw, KernelConfig.DRAIN_MS);
        try {
            fw.init();
            BundleSet bundles = BundleSet.install(fw.getBundleContext(), cfg.bundleDir());
            fw.start();
            List<String> problems = bundles.startAll();
            if (!problems.isEmpty()) {
                throw new StartupException(String.join(System.lineSeparator() + "fnk: ", problems));
            }
            String uri = awaitGateway(fw);
            shutdown.install();
            log.info("fnkernel {} {}: serving {} at {} (ready in {} ms)", VersionInfo.version(), cfg.mode(), cfg.functionsDir(), uri,
                    (System.nanoTime() - startNanos) / 1_000_000);
            if (cfg.mode().equals("dev")) {
                log.info("docs: {}/_fn/docs   health: {}/_fn/health   stop: Ctrl-C", uri, uri);
            }
            FrameworkEvent stopped = fw.waitForStop(0);
            log.info("fnkernel stopped{}", stopped.getType() == FrameworkEvent.ERROR ? " with an error" : "");
            return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
        } catch (BundleException e) {
            throw new StartupException("the OSGi framework could not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (StartupException e) {
            shutdown.stopQuietly();
            throw e;
        } finally {
            deleteQuietly(storage);
        }
    }

    private String awaitGateway(Framework fw) throws StartupException, InterruptedException {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(fw.getBundleContext(), fw.getBundleContext().createFilter(GATEWAY_FILTER), null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            long deadline = System.currentTimeMillis() + GATEWAY_WAIT_MS;
            while (System.currentTimeMillis() < deadline) {
                ServiceReference<Object> ref = tracker.getServiceReference();
                if (ref != null) {
                    return String.valueOf(ref.getProperty(GATEWAY_URI));
                }
                if (fw.getState() != org.osgi.framework.Bundle.ACTIVE) {
                    throw new StartupException("the framework stopped during start-up (see the log above)");
                }
                tracker.waitForService(200);
            }
            throw new StartupException("the HTTP gateway did not start within " + GATEWAY_WAIT_MS / 1000
                    + " s: is bundle io.fnkernel.http in " + cfg.bundleDir() + "? (see the log above)");
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
