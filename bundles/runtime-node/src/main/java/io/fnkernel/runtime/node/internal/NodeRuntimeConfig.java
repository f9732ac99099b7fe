package io.fnkernel.runtime.node.internal;

import io.fnkernel.runtime.support.FunctionOutput;

import java.util.function.Function;

/**
 * The Node runtime's settings, read from framework (or system) properties named {@code fnk.node.*}.
 *
 * @param warmContexts {@code fnk.node.contexts}: contexts per version kept when idle (default: the number of cores)
 * @param maxContexts {@code fnk.node.contexts.max}: most contexts per version, the pool grows on demand up to
 *        it while fewer contexts than {@code fnk.node.running} slots are awake
 *        (default 64; a version never gets more than its {@code max_concurrency})
 * @param idleMillis {@code fnk.node.contexts.idle.ms}: an idle context beyond the warm ones is closed after this (default 60000)
 * @param npmCommand {@code fnk.node.npm}: the npm executable (default {@code npm}, looked up on PATH)
 * @param npmTimeoutMillis {@code fnk.node.npm.timeout.ms}: longest dependency install (default 300000)
 * @param maxCallAllocationBytes {@code fnk.node.call.alloc.mb}: bytes one call may allocate before it is
 *        cancelled as a memory hog (default a quarter of the maximum heap)
 * @param heapPressurePercent {@code fnk.node.heap.pressure.percent}: when the heap stays this full after a
 *        collection, the call that allocated most is cancelled (default 85; 0 turns it off)
 * @param outputLimitBytes {@code fnk.node.output.limit}: console bytes kept per stream and call (default 65536)
 * @param watchdogMillis {@code fnk.node.watchdog.ms}: how often timeouts and memory are checked (default 10)
 * @param loadTimeoutMillis {@code fnk.node.load.timeout.ms}: longest a module's top-level code may run while it loads (default 10000)
 * @param runningThreads {@code fnk.node.running}: most threads running JavaScript at once, across all functions
 *        (default: the number of cores); a call waiting for a timer does not count
 */
public record NodeRuntimeConfig(int warmContexts, int maxContexts, long idleMillis, String npmCommand, long npmTimeoutMillis,
        long maxCallAllocationBytes, int heapPressurePercent, int outputLimitBytes, long watchdogMillis,
        int loadTimeoutMillis, int runningThreads) {

    /** Prefix of every property read here. */
    public static final String PREFIX = "fnk.node.";

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the property that is out of range
     */
    public NodeRuntimeConfig {
        require(warmContexts >= 1, "contexts", warmContexts);
        require(maxContexts >= 1, "contexts.max", maxContexts);
        require(idleMillis >= 0, "contexts.idle.ms", idleMillis);
        require(npmCommand != null && !npmCommand.isBlank(), "npm", npmCommand);
        require(npmTimeoutMillis > 0, "npm.timeout.ms", npmTimeoutMillis);
        require(maxCallAllocationBytes > 0, "call.alloc.mb", maxCallAllocationBytes);
        require(heapPressurePercent >= 0 && heapPressurePercent <= 100, "heap.pressure.percent", heapPressurePercent);
        require(outputLimitBytes >= 0, "output.limit", outputLimitBytes);
        require(watchdogMillis >= 1, "watchdog.ms", watchdogMillis);
        require(loadTimeoutMillis >= 1, "load.timeout.ms", loadTimeoutMillis);
        require(runningThreads >= 1, "running", runningThreads);
        warmContexts = Math.min(warmContexts, maxContexts);
    }

    private static void require(boolean ok, String key, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(PREFIX + key + " is out of range: " + value);
        }
    }

    /** @return the defaults for this machine */
    public static NodeRuntimeConfig defaults() {
        return from(k -> null);
    }

    /**
     * Reads the settings.
     *
     * @param props looks a property up by name, null when unset ({@code BundleContext::getProperty})
     * @return the settings, defaults where unset
     * @throws IllegalArgumentException naming the property whose value is not a number or out of range
     */
    public static NodeRuntimeConfig from(Function<String, String> props) {
        int cores = Runtime.getRuntime().availableProcessors();
        long maxHeap = Runtime.getRuntime().maxMemory();
        long allocMb = Math.max(64, (maxHeap == Long.MAX_VALUE ? 4L << 30 : maxHeap) / 4 / (1 << 20));
        String npm = props.apply(PREFIX + "npm");
        return new NodeRuntimeConfig(
                (int) number(props, "contexts", cores),
                (int) number(props, "contexts.max", 64),
                number(props, "contexts.idle.ms", 60_000),
                npm == null || npm.isBlank() ? "npm" : npm.trim(),
                number(props, "npm.timeout.ms", 300_000),
                number(props, "call.alloc.mb", allocMb) << 20,
                (int) number(props, "heap.pressure.percent", 85),
                (int) number(props, "output.limit", FunctionOutput.DEFAULT_LIMIT),
                number(props, "watchdog.ms", 10),
                (int) number(props, "load.timeout.ms", 10_000),
                (int) number(props, "running", cores));
    }

    private static long number(Function<String, String> props, String key, long fallback) {
        String v = props.apply(PREFIX + key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be a whole number, got '" + v + "'");
        }
    }

    /**
     * @param maxConcurrency the version's {@code max_concurrency}, 0 for unlimited
     * @return the most contexts that version's pool may hold
     */
    public int maxContextsFor(int maxConcurrency) {
        return maxConcurrency > 0 ? Math.min(maxConcurrency, maxContexts) : maxContexts;
    }
}
