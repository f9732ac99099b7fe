package io.fnkernel.runtime.node.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate's queue on its own: order, the thread that runs queued work, deadlines, and slots given away and back. */
class RunGateQueueTest {

    private final RunGate gate = new RunGate(1, TimeUnit.SECONDS.toNanos(30));

    @AfterEach
    void close() {
        gate.close();
    }

    /** A task made of its parts. */
    private record Work(BooleanSupplier body, long deadline, Runnable onExpiry) implements RunGate.Task {
        @Override
        public boolean run() {
            return body.getAsBoolean();
        }

        @Override
        public void expire() {
            onExpiry.run();
        }
    }

    /** A task that records its name and the thread it ran on. */
    private static RunGate.Task task(String name, List<String> log, long deadline, AtomicBoolean expired) {
        return new Work(() -> log.add(name + "@" + Thread.currentThread().getName()), deadline, () -> expired.set(true));
    }

    private static long in(long ms) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** Holds the only slot on another thread until released; returns once it holds it. */
    private CountDownLatch holdSlot(List<String> log) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> gate.submit(new Work(() -> {
            log.add("holder");
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, Long.MAX_VALUE, () -> { })), "holder");
        t.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        return release;
    }

    @Test
    void aFreeSlotRunsTheTaskOnTheCallersThread() {
        List<String> log = new CopyOnWriteArrayList<>();
        gate.submit(task("a", log, in(1000), new AtomicBoolean()));
        assertEquals(List.of("a@" + Thread.currentThread().getName()), log);
        assertEquals(1, gate.free());
    }

    @Test
    void queuedTasksRunInArrivalOrderOnTheThreadThatHeldTheSlot() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch release = holdSlot(log);
        for (String name : List.of("b", "c", "d")) {
            gate.submit(task(name, log, in(10_000), new AtomicBoolean()));
        }
        assertEquals(List.of("holder"), log, "nothing runs while the slot is held");
        assertEquals(3, gate.queued());
        release.countDown();
        awaitFree();
        assertEquals(List.of("holder", "b@holder", "c@holder", "d@holder"), log);
    }

    @Test
    void aSubmitterPastItsBudgetHandsTheQueueToAHelper() throws Exception {
        RunGate tight = new RunGate(1, 0);
        try {
            List<String> log = new CopyOnWriteArrayList<>();
            tight.submit(new Work(() -> {
                log.add("first");
                for (String name : List.of("b", "c", "d")) {
                    tight.submit(task(name, log, in(10_000), new AtomicBoolean()));
                }
                return true;
            }, Long.MAX_VALUE, () -> { }));
            assertEquals("first", log.get(0), "the submitter ran its own call first");
            long until = in(10_000);
            while ((log.size() < 4 || tight.free() < 1) && System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            String helper = log.get(1).substring(2);
            assertTrue(helper.startsWith("fnk-node-run-"), "the queued calls ran on a helper: " + log);
            assertEquals(List.of("first", "b@" + helper, "c@" + helper, "d@" + helper), log);
            assertEquals(1, tight.free(), "the helper gave the slot back");
        } finally {
            tight.close();
        }
    }

    @Test
    void aTaskPastItsDeadlineIsExpiredByTheSweep() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch release = holdSlot(log);
        AtomicBoolean lateExpired = new AtomicBoolean();
        AtomicBoolean laterExpired = new AtomicBoolean();
        gate.submit(task("late", log, in(-1), lateExpired));
        gate.submit(task("later", log, in(10_000), laterExpired));
        gate.expire(System.nanoTime());
        assertTrue(lateExpired.get());
        assertFalse(laterExpired.get());
        release.countDown();
        awaitFree();
    }

    @Test
    void enterGivesUpAtItsDeadline() throws Exception {
        CountDownLatch release = holdSlot(new CopyOnWriteArrayList<>());
        long start = System.nanoTime();
        assertFalse(gate.enter(in(100)), "the slot stayed taken until the deadline");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));
        release.countDown();
        awaitFree();
    }

    @Test
    void enterWaitsItsTurnBehindQueuedTasks() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch release = holdSlot(log);
        gate.submit(task("queued", log, in(10_000), new AtomicBoolean()));
        CompletableFuture<Boolean> entered = CompletableFuture.supplyAsync(() -> {
            boolean in = gate.enter(in(10_000));
            log.add("entered");
            return in;
        });
        while (gate.queued() < 2) {
            Thread.onSpinWait();
        }
        release.countDown();
        assertTrue(entered.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("holder", "queued@holder", "entered"), log);
        assertEquals(0, gate.free(), "the slot was handed over, not given back");
        gate.leave();
        assertEquals(1, gate.free());
    }

    @Test
    void leavingWithTasksQueuedHandsTheSlotToAHelper() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        assertTrue(gate.enter(in(1000)));
        gate.submit(task("x", log, in(10_000), new AtomicBoolean()));
        assertEquals(List.of(), log);
        gate.leave();
        awaitFree();
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("x@fnk-node-run-"), log.get(0));
    }

    private void awaitFree() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.free() != 1 || gate.queued() != 0) {
            assertTrue(System.nanoTime() < end, "the gate never became free");
            Thread.sleep(2);
        }
    }
}
