package io.fnkernel.discovery.internal;

import io.fnkernel.api.KernelProperties;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Discovery's settings, read from framework properties.
 *
 * @param functionsDir {@link KernelProperties#FUNCTIONS_DIR}, default {@code ./functions}, made absolute
 * @param debounceMs {@value #DEBOUNCE}: quiet time after the last change before a rescan, default 150
 * @param pollMs {@value #POLL}: how often to poll when polling, and to check that the folder exists, default 1000
 * @param watch {@value #WATCH}: {@code auto} (the JDK WatchService, polling if it fails), {@code poll}, or {@code off}
 * @param loadThreads {@value #LOAD_THREADS}: functions loaded at once, default 2
 * @param reloadTimeoutMs {@value #RELOAD_TIMEOUT}: how long a forced reload waits for its loads, default 300000
 */
public record DiscoveryConfig(Path functionsDir, long debounceMs, long pollMs, Watch watch, int loadThreads,
                              long reloadTimeoutMs) {

    /** Property: debounce in milliseconds. */
    public static final String DEBOUNCE = "fnk.discovery.debounce.ms";
    /** Property: poll interval in milliseconds. */
    public static final String POLL = "fnk.discovery.poll.ms";
    /** Property: watch mode. */
    public static final String WATCH = "fnk.discovery.watch";
    /** Property: parallel loads. */
    public static final String LOAD_THREADS = "fnk.discovery.load.threads";
    /** Property: reload timeout in milliseconds. */
    public static final String RELOAD_TIMEOUT = "fnk.discovery.reload.timeout.ms";

    /** How changes on disk are noticed. */
    public enum Watch {
        /** The JDK WatchService on every folder; polling when it is unavailable. */
        AUTO,
        /** Polling only (network file systems, containers with bind mounts). */
        POLL,
        /** No watching: only forced reloads rescan. */
        OFF
    }

    /**
     * Reads the settings.
     *
     * @param props property lookup, such as {@code BundleContext::getProperty}; returns null when unset
     * @return the settings
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    public static DiscoveryConfig from(Function<String, String> props) {
        String dir = props.apply(KernelProperties.FUNCTIONS_DIR);
        Path functions = Path.of(dir == null || dir.isBlank() ? "./functions" : dir.trim()).toAbsolutePath().normalize();
        return new DiscoveryConfig(functions, number(props, DEBOUNCE, 150, 0), number(props, POLL, 1000, 10),
                watch(props.apply(WATCH)), (int) number(props, LOAD_THREADS, 2, 1),
                number(props, RELOAD_TIMEOUT, 300_000, 1));
    }

    private static long number(Function<String, String> props, String key, long dflt, long min) {
        String v = props.apply(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number from " + min + " to "
                    + Integer.MAX_VALUE + ", got '" + v + "'");
        }
    }

    private static Watch watch(String v) {
        if (v == null || v.isBlank()) {
            return Watch.AUTO;
        }
        try {
            return Watch.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(WATCH + " must be auto, poll or off, got '" + v + "'");
        }
    }
}
