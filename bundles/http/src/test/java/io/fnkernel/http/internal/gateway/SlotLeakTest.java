package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.http.internal.routing.Limiter;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Timed-out calls give back their concurrency permit and their queue place, even when the runtime ignores the cancel. */
class SlotLeakTest {

    private static final String REQ = "GET /hang HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

    private Harness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** A future whose cancel does nothing, like a runtime that keeps running after being told to stop. */
    private static final class Deaf<T> extends CompletableFuture<T> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }
    }

    private Limiter register(FunctionPolicy policy, Supplier<CompletionStage<FunctionResponse>> invoke) {
        FakeVersion v = new FakeVersion("hang", "default", policy, "GET /hang");
        v.behaviour(r -> invoke.get());
        h.register(v);
        return h.registry().state().byRef(new FunctionRef("hang", "default")).limiter();
    }

    private void eachTimeoutIs504NeverA429(Supplier<CompletionStage<FunctionResponse>> invoke) {
        h = Harness.start();
        Limiter limiter = register(FunctionPolicy.builder().maxConcurrency(1).maxQueue(1).timeoutMs(100).build(), invoke);
        for (int i = 0; i < 4; i++) {
            HttpTester.Response r = h.raw(REQ);
            assertEquals(504, r.getStatus(), "call " + i + ": " + r.getContent());
            assertEquals(0, limiter.inFlight(), "call " + i + " still holds its permit");
            assertEquals(0, limiter.queued(), "call " + i + " still holds a queue place");
        }
    }

    @Test
    void runtimeIgnoringTheCancelDoesNotLeakThePermit() {
        eachTimeoutIs504NeverA429(Deaf::new);
    }

    @Test
    void runtimeRefusingTheCancelDoesNotLeakThePermitOrHang() {
        // minimalCompletionStage() throws on cancel: the 504 must still be written.
        eachTimeoutIs504NeverA429(() -> new CompletableFuture<FunctionResponse>().minimalCompletionStage());
    }

    @Test
    void lateCompletionAfterTheTimeoutReleasesNothingTwice() throws Exception {
        h = Harness.start();
        Deaf<FunctionResponse> first = new Deaf<>();
        AtomicInteger calls = new AtomicInteger();
        Limiter limiter = register(FunctionPolicy.builder().maxConcurrency(1).maxQueue(0).timeoutMs(100).build(),
                () -> calls.incrementAndGet() == 1 ? first : CompletableFuture.completedFuture(FunctionResponse.text(200, null, "ok")));
        assertEquals(504, h.raw(REQ).getStatus());
        assertEquals(0, limiter.inFlight());
        // The ignored call finishes at last: its permit was already given back, so nothing more is released.
        first.complete(FunctionResponse.text(200, null, "late"));
        assertEquals(0, limiter.inFlight(), "released twice");
        // Still one permit, not two: a double release would let a second call in beside the first.
        assertEquals(Limiter.Admission.RUN, limiter.acquire(() -> { }));
        assertEquals(Limiter.Admission.REJECTED, limiter.acquire(() -> { }));
        limiter.release();
        assertEquals(200, h.raw(REQ).getStatus());
    }

    @Test
    void queuedCallThatTimedOutLeavesTheQueue() throws Exception {
        h = Harness.start();
        Limiter limiter = register(FunctionPolicy.builder().maxConcurrency(1).maxQueue(1).timeoutMs(150).build(),
                () -> CompletableFuture.completedFuture(FunctionResponse.text(200, null, "ran")));
        // A call that runs long holds the only permit.
        assertEquals(Limiter.Admission.RUN, limiter.acquire(() -> { }));
        HttpTester.Response waited = h.raw(REQ);
        assertEquals(504, waited.getStatus());
        assertEquals(0, limiter.queued(), "the caller gave up but kept its queue place");
        // The next caller may wait in the freed place instead of getting 429 ...
        LocalConnector.LocalEndPoint next = h.local().executeRequest(REQ);
        LimitsTest.waitFor(() -> limiter.queued() == 1);
        // ... and runs once the long call ends.
        limiter.release();
        HttpTester.Response r = HttpTester.parseResponse(next.waitForResponse(false, 5, TimeUnit.SECONDS));
        assertEquals(200, r.getStatus(), r.getContent());
        assertEquals("ran", r.getContent());
        assertEquals(0, limiter.inFlight());
    }
}
