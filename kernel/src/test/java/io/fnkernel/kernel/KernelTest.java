package io.fnkernel.kernel;

import io.fnkernel.api.KernelProperties;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boots a real Felix with test bundles (no gateway): start-up failures and stops during start-up. */
class KernelTest {

    @TempDir
    Path home;

    private final AtomicReference<Framework> framework = new AtomicReference<>();
    private final Shutdown shutdown = new Shutdown(1_000);

    private Kernel kernel() throws IOException {
        Files.createDirectories(home.resolve("bundle"));
        KernelConfig cfg = new KernelConfig(Files.createDirectories(home.resolve("functions")), "127.0.0.1", 0,
                KernelProperties.MODE_DEV, ServeOptions.LogFormat.text, false, home, Map.of());
        return new Kernel(cfg, shutdown, config -> {
            Framework fw = new Felix(config);
            framework.set(fw);
            return fw;
        });
    }

    @Test
    void unresolvedBundleIsOneLineNamingBundleJarAndPackage() throws IOException {
        Kernel kernel = kernel();
        TestBundles.jar(home.resolve("bundle/broken-1.0.0.jar"), Map.of("Bundle-SymbolicName", "com.example.broken",
                "Bundle-Version", "1.0.0", "Import-Package", "com.example.nothere;version=\"[1,2)\""));

        StartupException e = assertThrows(StartupException.class, kernel::run);

        assertEquals("bundle com.example.broken 1.0.0 (broken-1.0.0.jar) did not start:"
                + " missing package com.example.nothere [1.0.0,2.0.0)", e.getMessage());
        assertStopped();
    }

    @Test
    void aBundleDependingOnABrokenOneNamesTheRootCause() throws IOException {
        Kernel kernel = kernel();
        TestBundles.jar(home.resolve("bundle/mid.jar"), Map.of("Bundle-SymbolicName", "com.example.mid",
                "Export-Package", "com.example.mid", "Import-Package", "com.example.gone"));
        TestBundles.jar(home.resolve("bundle/top.jar"), Map.of("Bundle-SymbolicName", "com.example.top",
                "Import-Package", "com.example.mid"));

        StartupException e = assertThrows(StartupException.class, kernel::run);

        assertEquals("bundle com.example.mid 0.0.0 (mid.jar) did not start: missing package com.example.gone"
                + System.lineSeparator() + "fnk: bundle com.example.top 0.0.0 (top.jar) did not start: missing package"
                + " com.example.mid (bundle com.example.mid cannot resolve: missing package com.example.gone)", e.getMessage());
        assertStopped();
    }

    @Test
    void failingActivatorIsOneLineAndTheFrameworkStops() throws IOException {
        Kernel kernel = kernel();
        TestBundles.jar(home.resolve("bundle/failing.jar"), Map.of("Bundle-SymbolicName", "com.example.failing",
                "Bundle-Version", "2.1.0", "Import-Package", "org.osgi.framework",
                "Bundle-Activator", FailingActivator.class.getName()), FailingActivator.class);

        StartupException e = assertThrows(StartupException.class, kernel::run);

        assertEquals("bundle com.example.failing 2.1.0 (failing.jar) did not start: its activator failed:"
                + " IllegalStateException: no database at db.example:5432", e.getMessage());
        assertStopped();
    }

    @Test
    void stopAskedForBeforeTheKernelRunsStartsNothingAndExitsZero() throws Exception {
        Kernel kernel = kernel();
        shutdown.request("SIGTERM");

        assertEquals(0, kernel.run());
        assertNull(framework.get(), "no framework was created");
    }

    @Test
    void stopAskedForWhileTheFrameworkInitialisesStopsItAndExitsZero() throws Exception {
        List<String> installed = new CopyOnWriteArrayList<>();
        Files.createDirectories(home.resolve("bundle"));
        TestBundles.jar(home.resolve("bundle/ok.jar"), Map.of("Bundle-SymbolicName", "com.example.ok"));
        KernelConfig cfg = new KernelConfig(Files.createDirectories(home.resolve("functions")), "127.0.0.1", 0,
                KernelProperties.MODE_DEV, ServeOptions.LogFormat.text, false, home, Map.of());
        Kernel kernel = new Kernel(cfg, shutdown, config -> {
            Felix fw = new Felix(config) {
                @Override
                public void init() throws BundleException {
                    super.init();
                    getBundleContext().addBundleListener(e -> installed.add(e.getBundle().getSymbolicName()));
                    shutdown.request("SIGTERM");
                }
            };
            framework.set(fw);
            return fw;
        });

        assertEquals(0, kernel.run());
        assertStopped();
        assertEquals(List.of(), installed, "no bundle was installed after the stop was asked for");
    }

    @Test
    void stopAskedForWhileWaitingForTheGatewayExitsZero() throws Exception {
        Kernel kernel = kernel();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return kernel.run();
            } catch (StartupException e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> framework.get() != null && framework.get().getState() == Bundle.ACTIVE);

        shutdown.request("SIGTERM");

        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        assertStopped();
    }

    private void assertStopped() {
        Framework fw = framework.get();
        assertNotNull(fw);
        assertEquals(Bundle.RESOLVED, fw.getState(), "the framework was stopped");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(10);
        }
    }
}
