package io.fnkernel.kernel;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel stops the gateway before everything else, whatever the start levels, so it drains while the functions still run. */
class ShutdownTest {

    @TempDir
    Path dir;

    @Test
    void theGatewayStopsBeforeDiscoveryAndTheRuntimes() throws Exception {
        // The shipped start levels, which alone would stop the gateway last.
        Map<String, Integer> levels = Map.of("io.fnkernel.runtime.node", FrameworkProperties.LEVEL_RUNTIMES,
                Shutdown.GATEWAY_BUNDLE, FrameworkProperties.LEVEL_GATEWAY, "io.fnkernel.discovery", FrameworkProperties.LEVEL_PLATFORM);
        Framework fw = new Felix(new HashMap<>(FrameworkProperties.build(dir.resolve("cache"), dir.resolve("deploy"), false, Map.of())));
        fw.init();
        List<String> names = List.of("io.fnkernel.runtime.node", Shutdown.GATEWAY_BUNDLE, "io.fnkernel.discovery");
        for (String name : names) {
            Path jar = TestBundles.jar(dir.resolve(name + ".jar"), Map.of("Bundle-SymbolicName", name,
                    "Import-Package", "org.osgi.framework", "Bundle-Activator", RecordingActivator.class.getName()),
                    RecordingActivator.class);
            Bundle b = fw.getBundleContext().installBundle(jar.toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(levels.get(name));
            b.start();
        }
        fw.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!allActive(fw, names)) {
            assertTrue(System.nanoTime() < deadline, "the test bundles did not start");
            Thread.sleep(10);
        }
        System.clearProperty(RecordingActivator.STOPS);

        new Shutdown(1_000).stopQuietly(fw);

        assertEquals("io.fnkernel.http,io.fnkernel.discovery,io.fnkernel.runtime.node,", System.getProperty(RecordingActivator.STOPS));
    }

    private static boolean allActive(Framework fw, List<String> names) {
        int active = 0;
        for (Bundle b : fw.getBundleContext().getBundles()) {
            active += names.contains(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE ? 1 : 0;
        }
        return active == names.size();
    }
}
