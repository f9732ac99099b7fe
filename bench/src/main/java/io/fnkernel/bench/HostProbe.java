package io.fnkernel.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how quick this host is at the moment of a benchmark run, with fixed work that involves
 * no server: one core, both cores at once, random memory loads and a wake-up across threads. The
 * same machine class has hours when rows that need both cores run at half speed while bare Jetty
 * does not; these figures, printed at the start and the end of each run, tell such hours apart.
 */
public final class HostProbe {

    private static final long ALU_ROUNDS = 150_000_000L;
    private static final int CHASE_INTS = 16 * 1024 * 1024; // 64 MiB, far beyond the caches
    private static final int CHASE_LOADS = 4_000_000;
    private static final int ROUND_TRIPS = 20_000;

    private static volatile long sink;
    private static volatile int turn;

    private HostProbe() {
    }

    /**
     * Prints one JSON object: {@code alu_ms} (one thread), {@code alu2_ms} (two threads at once, the
     * slower one), {@code chase_ns} (per dependent random load over 64 MiB) and {@code wake_us} (per
     * round trip of a park/unpark ping-pong between two threads).
     *
     * @param args none
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        alu(); // warm-up: compiled before it is timed
        double alu = alu();
        double alu2 = aluOnBoth();
        double chase = chase();
        pingPong(2_000);
        double wake = pingPong(ROUND_TRIPS);
        System.out.printf(Locale.ROOT, "{\"alu_ms\": %.0f, \"alu2_ms\": %.0f, \"chase_ns\": %.1f, \"wake_us\": %.1f}%n",
                alu, alu2, chase, wake);
    }

    private static double alu() {
        long t = System.nanoTime();
        long x = sink | 1;
        for (long i = 0; i < ALU_ROUNDS; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        sink = x;
        return (System.nanoTime() - t) / 1e6;
    }

    private static double aluOnBoth() throws InterruptedException {
        double[] ms = new double[2];
        Thread other = new Thread(() -> ms[1] = alu());
        other.start();
        ms[0] = alu();
        other.join();
        return Math.max(ms[0], ms[1]);
    }

    /** Sattolo's shuffle makes one cycle through the whole array, so every load depends on the last. */
    private static double chase() {
        int[] next = new int[CHASE_INTS];
        for (int i = 0; i < next.length; i++) {
            next[i] = i;
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = next.length - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int tmp = next[i];
            next[i] = next[j];
            next[j] = tmp;
        }
        int p = 0;
        for (int i = 0; i < CHASE_LOADS / 4; i++) {
            p = next[p];
        }
        long t = System.nanoTime();
        for (int i = 0; i < CHASE_LOADS; i++) {
            p = next[p];
        }
        sink = p;
        return (System.nanoTime() - t) / (double) CHASE_LOADS;
    }

    /** Two threads hand a turn back and forth, each parking until the other unparks it. */
    private static double pingPong(int trips) throws InterruptedException {
        Thread main = Thread.currentThread();
        turn = 0;
        Thread pong = new Thread(() -> {
            for (int i = 0; i < trips; i++) {
                while (turn != 1) {
                    LockSupport.park();
                }
                turn = 0;
                LockSupport.unpark(main);
            }
        });
        pong.start();
        long t = System.nanoTime();
        for (int i = 0; i < trips; i++) {
            turn = 1;
            LockSupport.unpark(pong);
            while (turn != 0) {
                LockSupport.park();
            }
        }
        double us = (System.nanoTime() - t) / 1e3 / trips;
        pong.join();
        return us;
    }
}
