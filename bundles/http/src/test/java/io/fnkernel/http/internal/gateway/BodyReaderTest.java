package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A request body costs memory as its bytes arrive, not as its Content-Length announces. */
class BodyReaderTest {

    private Harness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private FakeVersion echo(long maxBodyBytes) {
        FakeVersion v = new FakeVersion("echo", "default",
                FunctionPolicy.builder().maxBodyBytes(maxBodyBytes).methods(java.util.List.of("POST")).build(), "POST /echo");
        v.behaviour(r -> CompletableFuture.completedFuture(FunctionResponse.of(200, Map.of(), r.body())));
        return h.register(v);
    }

    /** Bytes allocated so far by every live thread, by thread id. */
    private static Map<Long, Long> allocated(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            out.put(ids[i], bytes[i]);
        }
        return out;
    }

    @Test
    void declaredLengthIsNotAllocatedBeforeTheBytesArrive() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        h = Harness.start();
        echo(512L << 20);
        long declared = 256L << 20;
        Map<Long, Long> before = allocated(threads);
        LocalConnector.LocalEndPoint ep = h.local().connect();
        ep.addInput("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + declared + "\r\n\r\n" + "x".repeat(1000));
        ep.addInputEOF(); // the client gives up: the body never arrives
        HttpTester.Response r = HttpTester.parseResponse(ep.waitForResponse(false, 5, TimeUnit.SECONDS));
        assertEquals(400, r.getStatus(), r.getContent());
        long spent = 0;
        for (Map.Entry<Long, Long> e : allocated(threads).entrySet()) {
            spent += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        assertTrue(spent < declared / 4, (spent >> 20) + " MiB allocated for 1000 bytes received");
    }

    @Test
    void bodyArrivingInPiecesIsIntact() throws Exception {
        h = Harness.start();
        FakeVersion v = echo(1 << 20);
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7 + 3);
        }
        LocalConnector.LocalEndPoint ep = h.local().connect();
        ep.addInput("POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n");
        for (int at = 0, step = 1; at < body.length; at += step, step = step * 3 + 1) {
            ep.addInput(ByteBuffer.wrap(Arrays.copyOfRange(body, at, Math.min(body.length, at + step))));
        }
        HttpTester.Response r = HttpTester.parseResponse(ep.waitForResponse(false, 5, TimeUnit.SECONDS));
        assertEquals(200, r.getStatus());
        assertArrayEquals(body, v.last().body());
        assertArrayEquals(body, r.getContentBytes());
    }

    @Test
    void limitBeyondWhatAnArrayHoldsIs413Not500() throws Exception {
        h = Harness.start();
        FakeVersion v = echo(3L << 30);
        HttpTester.Response r = HttpTester.parseResponse(h.local().getResponse(
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2500000000\r\n\r\nabc", 5, TimeUnit.SECONDS));
        assertEquals(413, r.getStatus(), r.getContent());
        assertTrue(v.requests().isEmpty());
    }
}
