package io.fnkernel.http.internal;

import io.fnkernel.api.KernelProperties;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest {

    @Test
    void defaults() {
        GatewayConfig c = GatewayConfig.from(k -> null);
        assertEquals("127.0.0.1", c.host());
        assertEquals(8080, c.port());
        assertNull(c.adminToken());
        assertEquals(10_000, c.drainMs());
        assertEquals(16 * 1024, c.maxHeaderBytes());
        assertEquals(50, c.inlineMaxUs());
        assertEquals(Math.min(64, Runtime.getRuntime().availableProcessors()), c.selectors());
    }

    @Test
    void readsFrameworkProperties() {
        Map<String, String> p = Map.of(KernelProperties.HTTP_HOST, "0.0.0.0", KernelProperties.HTTP_PORT, " 0 ",
                KernelProperties.ADMIN_TOKEN, "tok", KernelProperties.DRAIN_MS, "500", GatewayConfig.IDLE_TIMEOUT_MS, "1000");
        GatewayConfig c = GatewayConfig.from(p::get);
        assertEquals("0.0.0.0", c.host());
        assertEquals(0, c.port());
        assertEquals("tok", c.adminToken());
        assertEquals(500, c.drainMs());
        assertEquals(1000, c.idleTimeoutMs());
        assertEquals(0, GatewayConfig.from(Map.of(GatewayConfig.INLINE_MAX_US, "0")::get).inlineMaxUs());
        assertNull(GatewayConfig.from(Map.of(KernelProperties.ADMIN_TOKEN, "  ")::get).adminToken());
        assertEquals(3, GatewayConfig.from(Map.of(GatewayConfig.SELECTORS, "3")::get).withPort(0).selectors());
    }

    @Test
    void badValuesNameTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.from(Map.of(KernelProperties.HTTP_PORT, "eighty")::get));
        assertTrue(e.getMessage().contains(KernelProperties.HTTP_PORT), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.from(Map.of(KernelProperties.HTTP_PORT, "70000")::get));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.from(Map.of(KernelProperties.DRAIN_MS, "-1")::get));
        IllegalArgumentException inline = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.from(Map.of(GatewayConfig.INLINE_MAX_US, "-5")::get));
        assertTrue(inline.getMessage().contains(GatewayConfig.INLINE_MAX_US), inline.getMessage());
        for (String bad : new String[] {"0", "65", "two"}) {
            IllegalArgumentException sel = assertThrows(IllegalArgumentException.class,
                    () -> GatewayConfig.from(Map.of(GatewayConfig.SELECTORS, bad)::get));
            assertTrue(sel.getMessage().startsWith(GatewayConfig.SELECTORS + " must be"), sel.getMessage());
        }
    }
}
