package io.fnkernel.runtime.node.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstRunsAloneTest {

    private final FirstRunsAlone runs = new FirstRunsAlone();

    @Test
    void aTaskStartedWhileTheFirstRunsWaitsForItsEnd() throws Exception {
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondIn = new CountDownLatch(1);
        CompletableFuture<String> first = async(() -> runs.run(() -> {
            firstIn.countDown();
            await(release);
            return "first";
        }));
        assertTrue(firstIn.await(10, TimeUnit.SECONDS));
        Thread second = new Thread(() -> runs.run(() -> {
            secondIn.countDown();
            return "second";
        }));
        second.start();
        awaitState(second, Thread.State.BLOCKED);
        assertEquals(1, secondIn.getCount(), "the second task has not started while the first runs");
        release.countDown();
        assertEquals("first", first.get(10, TimeUnit.SECONDS));
        assertTrue(secondIn.await(10, TimeUnit.SECONDS));
        second.join(10_000);
    }

    @Test
    void afterTheFirstTasksRunTogether() throws Exception {
        runs.run(() -> "first");
        CountDownLatch bothIn = new CountDownLatch(2);
        CompletableFuture<Boolean> a = async(() -> runs.run(() -> meet(bothIn)));
        CompletableFuture<Boolean> b = async(() -> runs.run(() -> meet(bothIn)));
        assertTrue(a.get(20, TimeUnit.SECONDS) && b.get(20, TimeUnit.SECONDS), "both ran at the same time");
    }

    @Test
    void aFirstTaskThatFailsStillLetsTheOthersRunTogether() throws Exception {
        assertThrows(IllegalStateException.class, () -> runs.run(() -> {
            throw new IllegalStateException("broken");
        }));
        CountDownLatch bothIn = new CountDownLatch(2);
        CompletableFuture<Boolean> a = async(() -> runs.run(() -> meet(bothIn)));
        CompletableFuture<Boolean> b = async(() -> runs.run(() -> meet(bothIn)));
        assertTrue(a.get(20, TimeUnit.SECONDS) && b.get(20, TimeUnit.SECONDS));
    }

    /** On a thread of its own: the common pool may have a single thread on a 2-core machine. */
    private static <T> CompletableFuture<T> async(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, r -> new Thread(r).start());
    }

    /** Counts down and waits for the other task to do the same: true when both were inside at once. */
    private static boolean meet(CountDownLatch bothIn) {
        bothIn.countDown();
        try {
            return bothIn.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitState(Thread t, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != state) {
            assertTrue(System.nanoTime() < deadline, "thread state " + t.getState() + ", expected " + state);
            Thread.onSpinWait();
        }
    }
}
