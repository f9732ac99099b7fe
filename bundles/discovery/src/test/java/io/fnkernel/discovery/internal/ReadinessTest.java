package io.fnkernel.discovery.internal;

import io.fnkernel.api.KernelProperties;
import io.fnkernel.discovery.internal.fakes.FakeRegistrar;
import io.fnkernel.discovery.internal.fakes.FakeRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fnkernel.discovery.internal.scan.Files2.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery says it is ready once, when every function of the first scan is loaded or has failed. */
class ReadinessTest {

    @TempDir
    Path root;

    @Test
    void readyOnlyAfterTheFirstScansLoadsSettledAndOnlyOnce() throws Exception {
        handler(root, "slow/handler.js");
        handler(root, "fast/handler.js");
        FakeRuntime node = new FakeRuntime("node");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loading = new CountDownLatch(1);
        node.beforeLoad = s -> {
            if (s.name().equals("slow")) {
                loading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch readyCalled = new CountDownLatch(1);
        FakeRegistrar registrar = new FakeRegistrar();
        Map<String, String> props = Map.of(KernelProperties.FUNCTIONS_DIR, root.toString(), DiscoveryConfig.WATCH, "off");
        try (Discovery d = new Discovery(DiscoveryConfig.from(props::get), registrar, () -> {
            calls.incrementAndGet();
            readyCalled.countDown();
        })) {
            d.runtimeAdded(DiscoveryFixture.handle("node", ".js", node));
            d.start();
            assertTrue(loading.await(10, TimeUnit.SECONDS));
            assertFalse(d.ready(), "a load of the first scan is still running");
            release.countDown();
            assertTrue(readyCalled.await(10, TimeUnit.SECONDS));
            assertTrue(d.ready());
            assertTrue(registrar.refs().containsAll(java.util.List.of("slow@default", "fast@default")), registrar.refs().toString());
            handler(root, "later/handler.js");
            d.reload();
            assertEquals(1, calls.get());
        }
    }
}
