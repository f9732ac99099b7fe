package io.fnkernel.http.internal.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimiterTest {

    @Test
    void admitsQueuesThenRejects() {
        List<Runnable> dispatched = new ArrayList<>();
        Limiter l = new Limiter(2, 1, dispatched::add);
        assertEquals(Limiter.Admission.RUN, l.acquire(() -> { }));
        assertEquals(Limiter.Admission.RUN, l.acquire(() -> { }));
        AtomicInteger ran = new AtomicInteger();
        assertEquals(Limiter.Admission.QUEUED, l.acquire(ran::incrementAndGet));
        assertEquals(Limiter.Admission.REJECTED, l.acquire(() -> { }));
        assertEquals(2, l.inFlight());
        assertEquals(1, l.queued());
        l.release();
        assertEquals(1, dispatched.size(), "the waiter got the freed permit");
        dispatched.get(0).run();
        assertEquals(1, ran.get());
        assertEquals(2, l.inFlight());
        assertEquals(0, l.queued());
        l.release();
        l.release();
        assertEquals(0, l.inFlight());
    }

    @Test
    void withdrawnWaiterFreesItsPlaceAndNeverRuns() {
        List<Runnable> dispatched = new ArrayList<>();
        Limiter l = new Limiter(1, 1, dispatched::add);
        assertEquals(Limiter.Admission.RUN, l.acquire(() -> { }));
        Runnable waiter = () -> { };
        assertEquals(Limiter.Admission.QUEUED, l.acquire(waiter));
        assertTrue(l.withdraw(waiter));
        assertEquals(0, l.queued());
        assertEquals(false, l.withdraw(waiter), "only once");
        Runnable next = () -> { };
        assertEquals(Limiter.Admission.QUEUED, l.acquire(next), "the place is free again");
        l.release();
        assertEquals(List.of(next), dispatched, "the withdrawn waiter never runs");
        assertEquals(false, l.withdraw(next), "a dispatched task holds a permit and cannot withdraw");
        assertEquals(1, l.inFlight());
    }

    @Test
    void zeroQueueRejectsAtOnce() {
        Limiter l = new Limiter(1, 0, Runnable::run);
        assertEquals(Limiter.Admission.RUN, l.acquire(() -> { }));
        assertEquals(Limiter.Admission.REJECTED, l.acquire(() -> { }));
    }

    @org.junit.jupiter.api.RepeatedTest(10)
    void neverExceedsItsPermitsAndLosesNoWaiterUnderContention() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Limiter l = new Limiter(3, 100_000, pool);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            int calls = 20_000;
            CountDownLatch done = new CountDownLatch(calls);
            Runnable[] task = new Runnable[1];
            task[0] = () -> {
                int now = running.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                running.decrementAndGet();
                l.release();
                done.countDown();
            };
            CountDownLatch submitted = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < calls / 4; i++) {
                        if (l.acquire(task[0]) == Limiter.Admission.RUN) {
                            task[0].run();
                        }
                    }
                    submitted.countDown();
                });
            }
            assertTrue(done.await(20, TimeUnit.SECONDS), "calls left: " + done.getCount());
            assertTrue(peak.get() <= 3, "peak " + peak.get());
            assertEquals(0, l.inFlight());
            assertEquals(0, l.queued());
        } finally {
            pool.shutdownNow();
        }
    }
}
