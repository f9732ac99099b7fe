package io.fnkernel.runtime.python.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Python runtime's settings, read from framework properties; a malformed value falls back to its
 * default and is reported in {@link #problems()} naming the property, so it never stops activation.
 *
 * @param executable the interpreter command or path ({@value #EXECUTABLE}), {@code python3} by default
 * @param maxWorkers the most worker processes per function version ({@value #WORKERS}); one stays warm
 * @param loadTimeoutMs how long a worker may take to start and import the handler ({@value #LOAD_TIMEOUT_MS})
 * @param pipTimeoutMs how long a {@code requirements.txt} install may take ({@value #PIP_TIMEOUT_MS})
 * @param maxFrameBytes the largest protocol frame accepted from a worker ({@value #MAX_FRAME_BYTES})
 * @param maxSnapshotBytes the most bytes of a function folder copied for a loaded version ({@value #SNAPSHOT_MAX_BYTES})
 * @param pipelineMaxMicros a busy worker is sent its next call ahead only while the version's calls take less
 *        than this on average ({@value #PIPELINE_MAX_US}); 0 never sends ahead
 * @param problems one message per property whose value was rejected
 */
public record PythonConfig(String executable, int maxWorkers, int loadTimeoutMs, int pipTimeoutMs, int maxFrameBytes,
        int maxSnapshotBytes, int pipelineMaxMicros, List<String> problems) {

    /** Property, {@code String}: the interpreter; a command on PATH or an absolute path. */
    public static final String EXECUTABLE = "fnk.python.executable";
    /** Property, integer 1-64: worker processes per function version at most. */
    public static final String WORKERS = "fnk.python.workers";
    /** Property, integer milliseconds: start-up and import limit of one worker. */
    public static final String LOAD_TIMEOUT_MS = "fnk.python.load.timeout.ms";
    /** Property, integer milliseconds: limit of one {@code pip install}. */
    public static final String PIP_TIMEOUT_MS = "fnk.python.pip.timeout.ms";
    /** Property, integer bytes: largest frame a worker may send. */
    public static final String MAX_FRAME_BYTES = "fnk.python.max.frame.bytes";
    /** Property, integer bytes: the most a function folder may hold, as copied for each loaded version. */
    public static final String SNAPSHOT_MAX_BYTES = "fnk.python.snapshot.max.bytes";
    /**
     * Property, integer microseconds 0-60,000,000: while a version's calls take less than this on
     * average, a full pool sends each busy worker its next call before the current one answers
     * (it then waits behind that call); 0 turns it off.
     */
    public static final String PIPELINE_MAX_US = "fnk.python.pipeline.max.us";

    /** Compact constructor: freezes the problem list. */
    public PythonConfig {
        problems = List.copyOf(problems);
    }

    /** @return every default */
    public static PythonConfig defaults() {
        return from(k -> null);
    }

    /**
     * Reads the settings.
     *
     * @param props property lookup, {@code BundleContext::getProperty} in OSGi; returns null when unset
     * @return the settings, defaults where unset or malformed
     */
    public static PythonConfig from(Function<String, String> props) {
        List<String> problems = new ArrayList<>();
        String exe = props.apply(EXECUTABLE);
        if (exe == null || exe.isBlank()) {
            exe = "python3";
        }
        return new PythonConfig(exe.strip(),
                integer(props, WORKERS, 2, 1, 64, problems),
                integer(props, LOAD_TIMEOUT_MS, 30_000, 100, Integer.MAX_VALUE, problems),
                integer(props, PIP_TIMEOUT_MS, 300_000, 1_000, Integer.MAX_VALUE, problems),
                integer(props, MAX_FRAME_BYTES, 64 * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE - 8, problems),
                integer(props, SNAPSHOT_MAX_BYTES, 64 * 1024 * 1024, 1024, Integer.MAX_VALUE, problems),
                integer(props, PIPELINE_MAX_US, 1_000, 0, 60_000_000, problems),
                problems);
    }

    private static int integer(Function<String, String> props, String key, int def, int min, int max, List<String> problems) {
        String raw = props.apply(key);
        if (raw == null || raw.isBlank()) {
            return def;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " must be an integer from " + min + " to " + max + ", got '" + raw + "'; using " + def);
        return def;
    }
}
