package io.fnkernel.discovery.internal;

import io.fnkernel.api.KernelProperties;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryConfigTest {

    @Test
    void defaults() {
        DiscoveryConfig c = DiscoveryConfig.from(k -> null);
        assertEquals(Path.of("functions").toAbsolutePath().normalize(), c.functionsDir());
        assertEquals(150, c.debounceMs());
        assertEquals(1000, c.pollMs());
        assertEquals(DiscoveryConfig.Watch.AUTO, c.watch());
        assertEquals(2, c.loadThreads());
    }

    @Test
    void readsEveryProperty() {
        Map<String, String> p = Map.of(KernelProperties.FUNCTIONS_DIR, "/srv/fns", DiscoveryConfig.DEBOUNCE, "40",
                DiscoveryConfig.POLL, "250", DiscoveryConfig.WATCH, "Poll", DiscoveryConfig.LOAD_THREADS, "3",
                DiscoveryConfig.RELOAD_TIMEOUT, "9000");
        DiscoveryConfig c = DiscoveryConfig.from(p::get);
        assertEquals(Path.of("/srv/fns"), c.functionsDir());
        assertEquals(40, c.debounceMs());
        assertEquals(250, c.pollMs());
        assertEquals(DiscoveryConfig.Watch.POLL, c.watch());
        assertEquals(3, c.loadThreads());
        assertEquals(9000, c.reloadTimeoutMs());
    }

    @Test
    void invalidValuesNameTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiscoveryConfig.from(Map.of(DiscoveryConfig.DEBOUNCE, "fast")::get));
        assertTrue(e.getMessage().startsWith("fnk.discovery.debounce.ms must be a whole number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DiscoveryConfig.from(Map.of(DiscoveryConfig.WATCH, "inotify")::get));
        assertEquals("fnk.discovery.watch must be auto, poll or off, got 'inotify'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DiscoveryConfig.from(Map.of(DiscoveryConfig.LOAD_THREADS, "0")::get));
    }
}
