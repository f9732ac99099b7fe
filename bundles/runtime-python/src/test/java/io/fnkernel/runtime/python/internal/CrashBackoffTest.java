package io.fnkernel.runtime.python.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Respawn waits: none for the first failure in a row, then 100 ms doubling to 5 s; a success starts over. */
class CrashBackoffTest {

    @Test
    void waitsGrowWithFailuresInARowUpToTheMaximum() {
        CrashBackoff b = new CrashBackoff();
        assertEquals(0, b.delayMs());
        long[] expected = {0, 100, 200, 400, 800, 1600, 3200, 5000, 5000};
        for (long want : expected) {
            b.failed();
            assertEquals(want, b.delayMs());
        }
        for (int i = 0; i < 100; i++) {
            b.failed();
        }
        assertEquals(CrashBackoff.MAX_MS, b.delayMs());
    }

    @Test
    void anAnsweredCallStartsOver() {
        CrashBackoff b = new CrashBackoff();
        b.failed();
        b.failed();
        b.failed();
        assertEquals(200, b.delayMs());
        b.succeeded();
        b.failed();
        assertEquals(0, b.delayMs());
    }
}
