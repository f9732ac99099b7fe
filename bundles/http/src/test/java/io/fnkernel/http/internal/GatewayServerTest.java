package io.fnkernel.http.internal;

import io.fnkernel.api.FunctionResponse;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayServerTest {

    @Test
    void portInUseIsOneClearLineNamingTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            GatewayServer s = new GatewayServer(GatewayConfig.from(k -> null).withPort(taken.getLocalPort()), () -> null);
            GatewayServer.GatewayStartException e = assertThrows(GatewayServer.GatewayStartException.class, s::start);
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void jettyIsToldTheCacheLinePaddingSoItNeverStartsJmx() {
        new GatewayServer(GatewayConfig.from(k -> null).withPort(0), () -> null);
        String set = System.getProperty(GatewayServer.REFERENCES_PER_CACHE_LINE);
        assertTrue("16".equals(set) || "8".equals(set), String.valueOf(set));
        // Jetty reads it in MemoryUtils' static initialiser; a valid value is what keeps it away from the platform MBean server.
        assertEquals(Integer.parseInt(set), org.eclipse.jetty.util.MemoryUtils.getReferencesPerCacheLine());
    }

    @Test
    void theConnectorRunsTheConfiguredSelectors() {
        // Jetty's default on this machine may happen to equal the default, so ask for a count it never picks.
        GatewayServer s = new GatewayServer(GatewayConfig.from(java.util.Map.of(GatewayConfig.SELECTORS, "3")::get).withPort(0), () -> null);
        ServerConnector c = (ServerConnector) s.server().getConnectors()[0];
        assertEquals(3, c.getSelectorManager().getSelectorCount());
    }

    @Test
    void uriNamesTheActualPort() {
        try (Harness h = Harness.start()) {
            assertTrue(h.gateway().uri().getPort() > 0);
            assertEquals("127.0.0.1", h.gateway().uri().getHost());
        }
    }

    @Test
    void stopLetsInFlightRequestsFinishAndRefusesNewConnections() throws Exception {
        Harness h = Harness.start();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            FakeVersion slow = h.register("slow", "default", "GET /slow");
            slow.behaviour(r -> {
                CompletableFuture<FunctionResponse> f = new CompletableFuture<>();
                timer.schedule(() -> f.complete(FunctionResponse.text(200, null, "finished")), 400, TimeUnit.MILLISECONDS);
                return f;
            });
            int port = h.gateway().uri().getPort();
            CompletableFuture<HttpTester.Response> inFlight = CompletableFuture.supplyAsync(
                    () -> h.loopback("GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (slow.requests().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            long t0 = System.nanoTime();
            h.close();
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            HttpTester.Response r = inFlight.get(5, TimeUnit.SECONDS);
            assertEquals(200, r.getStatus());
            assertEquals("finished", r.getContent());
            assertTrue(stopMs >= 200, "stop returned after " + stopMs + " ms, before the call finished");
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
        } finally {
            timer.shutdownNow();
        }
    }
}
