package io.fnkernel.kernel;

import io.fnkernel.api.KernelProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelConfigTest {

    @TempDir
    Path home;

    private KernelConfig config(Path dir, int port, Map<String, String> env) {
        return new KernelConfig(dir, "0.0.0.0", port, KernelProperties.MODE_RUN, ServeOptions.LogFormat.json, false, home, env);
    }

    @Test
    void optionsBecomeBundleProperties() {
        Path fns = home.resolve("fns");
        Map<String, String> p = config(fns, 9090, Map.of()).bundleProperties();

        assertEquals(fns.toString(), p.get(KernelProperties.FUNCTIONS_DIR));
        assertEquals("0.0.0.0", p.get(KernelProperties.HTTP_HOST));
        assertEquals("9090", p.get(KernelProperties.HTTP_PORT));
        assertEquals(KernelProperties.MODE_RUN, p.get(KernelProperties.MODE));
        assertEquals(home.toString(), p.get(KernelProperties.HOME));
        assertEquals(Integer.toString(KernelConfig.DRAIN_MS), p.get(KernelProperties.DRAIN_MS));
        assertFalse(p.containsKey(KernelProperties.ADMIN_TOKEN));
    }

    @Test
    void environmentVariablesBecomeBundlePropertiesUnlessBlank() {
        Map<String, String> p = config(home, 0, Map.of("FNK_ADMIN_TOKEN", "s3cret", "FNK_PUBLIC_BASE_URL", " ",
                "FNK_OPENAPI_INCLUDE_INTERNAL", "true")).bundleProperties();

        assertEquals("s3cret", p.get(KernelProperties.ADMIN_TOKEN));
        assertFalse(p.containsKey(KernelProperties.PUBLIC_BASE_URL));
        assertEquals("true", p.get(KernelProperties.OPENAPI_INCLUDE_INTERNAL));
    }

    @Test
    void bundlePropertiesReachTheFrameworkConfiguration() {
        Map<String, String> p = FrameworkProperties.build(home.resolve("cache"), home.resolve("deploy"), false,
                config(home, 9090, Map.of()).bundleProperties());

        assertEquals("9090", p.get(KernelProperties.HTTP_PORT));
        assertEquals(home.resolve("deploy").toString(), p.get("felix.fileinstall.dir"));
        assertTrue(p.get("gosh.args").contains("--nointeractive"));
    }

    @Test
    void validationNamesTheMissingFolders() throws IOException {
        Path missing = home.resolve("nope");
        StartupException noDir = assertThrows(StartupException.class, () -> config(missing, 0, Map.of()).validate());
        assertTrue(noDir.getMessage().contains(missing.toString()), noDir.getMessage());

        StartupException noBundles = assertThrows(StartupException.class, () -> config(home, 0, Map.of()).validate());
        assertTrue(noBundles.getMessage().contains("no bundle/ folder in " + home), noBundles.getMessage());

        Files.createDirectories(home.resolve("bundle"));
        assertDoesNotThrow(() -> config(home, 0, Map.of()).validate());
        assertThrows(StartupException.class, () -> config(home, 70000, Map.of()).validate());
    }

    @Test
    void startLevelsPutTheGatewayLast() {
        assertEquals(FrameworkProperties.LEVEL_GATEWAY, FrameworkProperties.startLevel("io.fnkernel.http"));
        assertEquals(FrameworkProperties.LEVEL_RUNTIMES, FrameworkProperties.startLevel("io.fnkernel.runtime.node"));
        assertEquals(FrameworkProperties.LEVEL_LIBRARIES, FrameworkProperties.startLevel(null));
    }
}
