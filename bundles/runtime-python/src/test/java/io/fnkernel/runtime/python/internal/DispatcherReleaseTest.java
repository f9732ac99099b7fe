package io.fnkernel.runtime.python.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.fnkernel.runtime.python.internal.TestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a pool takes back from a worker that died: the call it may have been running, and only
 * that; a call whose frame was never written to it goes back to the queue for the next worker.
 */
class DispatcherReleaseTest {

    private final Dispatcher dispatcher = new Dispatcher(new Pipelining(0));
    private final List<Process> processes = new ArrayList<>();
    private Worker dead;
    private Worker next;

    @BeforeEach
    void workers() throws IOException {
        dead = worker();
        next = worker();
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aCallTakenButNeverWrittenGoesBackToTheQueue() {
        Call c = queued();
        assertSame(c, dispatcher.take(dead, false));
        List<Call> settled = new ArrayList<>();

        assertNull(dispatcher.release(dead, false, settled), "a call that never reached the worker did not run there");
        assertTrue(settled.isEmpty());
        assertEquals(1, dispatcher.waiting());
        assertSame(c, dispatcher.take(next, false), "the next worker gets it");
    }

    @Test
    void aCallWhoseWriteBeganMayHaveRunAndIsReturnedToBeFailed() {
        Call c = queued();
        dispatcher.take(dead, false);
        c.writing(dead);

        assertSame(c, dispatcher.release(dead, false, new ArrayList<>()));
        assertEquals(0, dispatcher.waiting());
    }

    @Test
    void aWriteToAWorkerTheCallWasTakenFromDoesNotCount() {
        Call c = queued();
        dispatcher.take(dead, false);
        assertNull(dispatcher.release(dead, false, new ArrayList<>()));
        dispatcher.take(next, false);
        c.writing(dead); // a late writer still holding the first assignment

        assertNull(dispatcher.release(next, false, new ArrayList<>()), "nothing was written to the worker that has it now");
        assertEquals(1, dispatcher.waiting());
    }

    @Test
    void whenStoppingACallNeverWrittenIsSettledWithTheOthers() {
        Call c = queued();
        dispatcher.take(dead, false);
        List<Call> settled = new ArrayList<>();

        assertNull(dispatcher.release(dead, true, settled));
        assertEquals(List.of(c), settled);
        assertEquals(Call.DONE, c.settle());
    }

    private Call queued() {
        Call c = new Call(get("/f").build(), new byte[] {1}, x -> { });
        assertTrue(c.enqueue());
        dispatcher.enqueue(c);
        return c;
    }

    private Worker worker() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        processes.add(p);
        return new Worker(p, "test", 1024);
    }
}
