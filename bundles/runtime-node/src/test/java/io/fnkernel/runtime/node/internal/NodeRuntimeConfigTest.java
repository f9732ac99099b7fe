package io.fnkernel.runtime.node.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeRuntimeConfigTest {

    @Test
    void defaultsFitTheMachine() {
        NodeRuntimeConfig c = NodeRuntimeConfig.defaults();
        assertEquals(Math.min(Runtime.getRuntime().availableProcessors(), 64), c.warmContexts());
        assertEquals(64, c.maxContexts());
        assertEquals("npm", c.npmCommand());
        assertTrue(c.maxCallAllocationBytes() >= 64L << 20);
        assertEquals(20, c.maxContextsFor(20), "a version never needs more contexts than its max_concurrency");
        assertEquals(64, c.maxContextsFor(0), "unlimited concurrency is capped by fnk.node.contexts.max");
    }

    @Test
    void propertiesOverrideDefaults() {
        NodeRuntimeConfig c = NodeRuntimeConfig.from(Map.of("fnk.node.contexts", "3", "fnk.node.contexts.max", "8",
                "fnk.node.npm", " /opt/node/bin/npm ", "fnk.node.call.alloc.mb", "128", "fnk.node.load.timeout.ms", "500")::get);
        assertEquals(3, c.warmContexts());
        assertEquals(8, c.maxContexts());
        assertEquals("/opt/node/bin/npm", c.npmCommand());
        assertEquals(128L << 20, c.maxCallAllocationBytes());
        assertEquals(500, c.loadTimeoutMillis());
    }

    @Test
    void badValuesNameTheProperty() {
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
                () -> NodeRuntimeConfig.from(Map.of("fnk.node.contexts.max", "many")::get));
        assertTrue(notNumber.getMessage().contains("fnk.node.contexts.max"), notNumber.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> NodeRuntimeConfig.from(Map.of("fnk.node.heap.pressure.percent", "120")::get));
        assertTrue(range.getMessage().contains("fnk.node.heap.pressure.percent"), range.getMessage());
    }
}
