package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.http.internal.GatewayConfig;
import io.fnkernel.http.internal.routing.ThreadHold;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where function calls run: quick ones on the thread handling the request, the rest and the admin API on workers. */
class InlineCallsTest {

    private static final String GET_QUICK = "GET /quick HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

    /** @return a gateway whose limit leaves room for the stack walk the fake does on a cold JVM */
    private static Harness gateway(String inlineMaxUs) {
        return Harness.start(GatewayConfig.from(k -> GatewayConfig.INLINE_MAX_US.equals(k) ? inlineMaxUs : null).withPort(0));
    }

    private static Harness gateway(String inlineMaxUs, String selectors) {
        return Harness.start(GatewayConfig.from(k -> switch (k) {
            case GatewayConfig.INLINE_MAX_US -> inlineMaxUs;
            case GatewayConfig.SELECTORS -> selectors;
            default -> null;
        }).withPort(0));
    }

    /** @return true when called from within the gateway's handle(), i.e. on the thread that read the request */
    private static boolean inHandle() {
        return StackWalker.getInstance().walk(s -> s.anyMatch(f -> f.getClassName().equals(GatewayHandler.class.getName())));
    }

    /** A version answering at once that notes, per call, whether it ran inside handle(). */
    private static FakeVersion quick(List<Boolean> inline) {
        FakeVersion v = new FakeVersion("quick", "default", FunctionPolicy.defaults(), "GET /quick");
        v.recordRequests(false);
        return v.behaviour(noting(inline));
    }

    private static Function<FunctionRequest, CompletionStage<FunctionResponse>> noting(List<Boolean> inline) {
        return r -> {
            inline.add(inHandle());
            return CompletableFuture.completedFuture(FunctionResponse.text(200, "text/plain", "ok"));
        };
    }

    private static void calls(Harness h, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(200, h.loopback(GET_QUICK).getStatus());
        }
    }

    @Test
    void aQuickVersionRunsWhereItsRequestIsHandledOnceItsFirstCallsWereMeasured() {
        List<Boolean> inline = new CopyOnWriteArrayList<>();
        try (Harness h = gateway("20000")) {
            h.register(quick(inline));
            calls(h, ThreadHold.WARM_CALLS + 5);
        }
        List<Boolean> first = inline.subList(0, ThreadHold.WARM_CALLS);
        assertFalse(first.contains(true), "the first calls run on workers: " + inline);
        assertEquals(List.of(true, true, true, true, true), inline.subList(ThreadHold.WARM_CALLS, inline.size()));
    }

    @Test
    void quickCallsRunOnAsManyNetworkThreadsAtOnceAsThereAreSelectors() throws Exception {
        List<Boolean> inline = new CopyOnWriteArrayList<>();
        CyclicBarrier both = new CyclicBarrier(2);
        List<String> threads = new CopyOnWriteArrayList<>();
        try (Harness h = gateway("20000", "2")) {
            FakeVersion v = h.register(quick(inline));
            calls(h, ThreadHold.WARM_CALLS);
            v.behaviour(r -> {
                inline.add(inHandle());
                threads.add(Thread.currentThread().getName());
                try {
                    both.await(10, TimeUnit.SECONDS); // on one selector, the second call could never arrive
                } catch (Exception e) {
                    return CompletableFuture.completedFuture(FunctionResponse.text(500, "text/plain", e.toString()));
                }
                return CompletableFuture.completedFuture(FunctionResponse.text(200, "text/plain", "met"));
            });
            // Two new connections at once (a thread each: the common pool may have one): Jetty gives
            // each to the next selector in turn.
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> a = clients.submit(() -> h.loopback(GET_QUICK).getStatus());
                Future<Integer> b = clients.submit(() -> h.loopback(GET_QUICK).getStatus());
                assertEquals(List.of(200, 200), List.of(a.get(20, TimeUnit.SECONDS), b.get(20, TimeUnit.SECONDS)), threads.toString());
            } finally {
                clients.shutdownNow();
            }
        }
        assertEquals(List.of(true, true), inline.subList(ThreadHold.WARM_CALLS, inline.size()), threads.toString());
        assertEquals(2, Set.copyOf(threads).size(), threads.toString());
    }

    @Test
    void aLimitOfZeroSendsEveryCallToAWorker() {
        List<Boolean> inline = new CopyOnWriteArrayList<>();
        try (Harness h = gateway("0")) {
            h.register(quick(inline));
            calls(h, ThreadHold.WARM_CALLS + 5);
        }
        assertFalse(inline.contains(true), inline.toString());
    }

    @Test
    void aCallThatHeldItsThreadSendsTheVersionBackToWorkers() {
        List<Boolean> inline = new CopyOnWriteArrayList<>();
        try (Harness h = gateway("20000")) {
            FakeVersion v = h.register(quick(inline));
            calls(h, ThreadHold.WARM_CALLS + 2);
            assertTrue(inline.get(inline.size() - 1), "warm and quick: " + inline);
            v.behaviour(r -> {
                inline.add(inHandle());
                sleep(80); // past the 50 ms that count as a stall
                return CompletableFuture.completedFuture(FunctionResponse.text(200, "text/plain", "slow"));
            });
            calls(h, 1);
            inline.clear();
            v.behaviour(noting(inline));
            calls(h, 3);
        }
        assertEquals(List.of(false, false, false), inline, "off the handling thread for 100 times the 80 ms");
    }

    @Test
    void aBlockedAdminEndpointHoldsUpNoFunctionCall() throws Exception {
        List<Boolean> inline = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Harness h = gateway("20000")) {
            h.register(quick(inline));
            calls(h, ThreadHold.WARM_CALLS + 1);
            h.endpoint(r -> {
                entered.countDown();
                await(release);
                return FunctionResponse.text(200, "text/plain", "released");
            }, "public", "/_fn/blocked");
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(
                    () -> h.loopback("GET /_fn/blocked HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").getStatus());
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            List<Integer> statuses = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) { // new connections, spread over every selector
                    statuses.add(h.loopback(GET_QUICK).getStatus());
                }
            } finally {
                release.countDown();
            }
            assertEquals(List.of(200, 200, 200, 200, 200, 200), statuses);
            assertEquals(200, blocked.get(10, TimeUnit.SECONDS));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
