package io.fnkernel.http.internal.routing;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a version's calls may run on the thread that read the request. */
class ThreadHoldTest {

    private static final long LIMIT = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long US = 1000;

    private final long t0 = 1_000_000_000L;
    private final ThreadHold hold = new ThreadHold(t0);

    private void calls(int n, long heldNanos, long now) {
        for (int i = 0; i < n; i++) {
            hold.record(heldNanos, now, LIMIT);
        }
    }

    @Test
    void quickOnlyAfterTheWarmCalls() {
        calls(ThreadHold.WARM_CALLS - 1, 10 * US, t0);
        assertFalse(hold.quick(t0, LIMIT), "too few calls seen");
        calls(1, 10 * US, t0);
        assertTrue(hold.quick(t0, LIMIT));
    }

    @Test
    void aLimitOfZeroNeverAllowsIt() {
        calls(50, 10 * US, t0);
        assertFalse(hold.quick(t0, 0));
    }

    @Test
    void theAverageDecidesAndFollowsTheCalls() {
        calls(20, 2 * LIMIT, t0);
        assertFalse(hold.quick(t0, LIMIT), "calls of 200 us against a 100 us limit");
        calls(40, 10 * US, t0);
        assertTrue(hold.quick(t0, LIMIT), "the average came down: " + hold);
    }

    @Test
    void oneSlowCallAmongQuickOnesIsAbsorbed() {
        calls(20, 10 * US, t0);
        hold.record(40 * LIMIT, t0, LIMIT); // preempted for 4 ms: counts as twice the limit
        assertTrue(hold.quick(t0, LIMIT), hold.toString());
        hold.record(ThreadHold.STALL_NANOS - 1, t0, LIMIT); // a GC pause just short of a stall: no hold-off
        assertTrue(hold.quick(t0, LIMIT), hold.toString());
    }

    @Test
    void slowCallsInARowTurnTheVerdict() {
        calls(20, 10 * US, t0);
        calls(6, 40 * LIMIT, t0);
        assertFalse(hold.quick(t0, LIMIT), hold.toString());
    }

    @Test
    void aStallKeepsTheVersionOffForAHundredTimesItsLength() {
        calls(20, 10 * US, t0);
        long stall = ThreadHold.STALL_NANOS;
        hold.record(stall, t0, LIMIT);
        calls(100, 10 * US, t0 + 1);
        long back = t0 + ThreadHold.HOLD_OFF_FACTOR * stall;
        assertFalse(hold.quick(back - 1, LIMIT), "quick calls since do not shorten the hold-off");
        assertTrue(hold.quick(back, LIMIT));
    }

    @Test
    void theHoldOffIsCappedAtAMinute() {
        calls(20, 10 * US, t0);
        hold.record(TimeUnit.SECONDS.toNanos(5), t0, LIMIT);
        calls(100, 10 * US, t0 + 1);
        assertFalse(hold.quick(t0 + ThreadHold.MAX_HOLD_OFF_NANOS - 1, LIMIT));
        assertTrue(hold.quick(t0 + ThreadHold.MAX_HOLD_OFF_NANOS, LIMIT));
    }

    @Test
    void theFirstCallSetsTheAverage() {
        hold.record(50 * US, t0, LIMIT);
        assertEquals(50 * US, hold.averageNanos());
        hold.record(10 * US, t0, LIMIT);
        assertEquals(45 * US, hold.averageNanos());
        hold.record(ThreadHold.STALL_NANOS, t0, LIMIT);
        assertEquals(45 * US + (2 * LIMIT - 45 * US) / 8, hold.averageNanos(), "counted as twice the limit");
    }
}
