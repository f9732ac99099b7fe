package io.fnkernel.kernel;

import java.text.SimpleDateFormat;
import java.util.Locale;

/**
 * Fills the JDK's locale caches on a background thread while the main thread boots Felix, so the
 * bundles that need them later (Jetty's MIME table lists every locale, Jackson builds a date format)
 * find them filled instead of building them on the start-level thread.
 */
final class JdkWarmup {

    private JdkWarmup() {
    }

    /** Starts the warm-up; it ends by itself and never fails anything (it only fills caches). */
    static void start() {
        Thread t = new Thread(JdkWarmup::run, "fnk-jdk-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        try {
            Locale.getAvailableLocales();
            new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSX", Locale.US).format(new java.util.Date(0));
        } catch (RuntimeException | Error ignored) {
            // only a cache warm-up: whoever needs these meets the same problem and reports it
        }
    }
}
