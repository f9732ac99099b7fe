package io.fnkernel.runtime.python.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CPython found for a configured command: its real executable (so workers start without
 * wrapper scripts such as pyenv shims and without the host's PATH) and version, or why none is usable.
 *
 * @param command the configured command, {@code python3}
 * @param executable the interpreter's own path ({@code sys.executable}), or null when unusable
 * @param implementation {@code CPython}, or null
 * @param version {@code 3.11.7}, or null
 * @param problem why the command is unusable, or null
 */
public record Interpreter(String command, Path executable, String implementation, String version, String problem) {

    private static final String PROBE = "import sys, platform\n"
            + "print(sys.executable)\nprint(platform.python_implementation())\nprint(platform.python_version())\n"
            + "print(int(sys.version_info >= (3, 8)))\n";

    /** @return true when workers can be started */
    public boolean usable() {
        return problem == null;
    }

    /** @return a line for the service property and logs: {@code CPython 3.11.7} */
    public String description() {
        return usable() ? implementation + " " + version : "Python unavailable: " + problem;
    }

    /**
     * Runs the command once to find the interpreter; never throws.
     *
     * @param command the command or path to run
     * @param timeoutMs how long the probe may take
     * @return what was found
     */
    public static Interpreter probe(String command, long timeoutMs) {
        Process p;
        try {
            // The host environment, so that PATH lookups and version managers work; workers never get it.
            p = new ProcessBuilder(List.of(command, "-c", PROBE)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return missing(command, "cannot run '" + command + "' (" + e.getMessage() + "); install Python 3.8+ or set "
                    + PythonConfig.EXECUTABLE);
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return missing(command, "'" + command + "' did not answer within " + timeoutMs + " ms");
            }
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            String[] lines = out.split("\\R");
            if (p.exitValue() != 0 || lines.length < 4) {
                return missing(command, "'" + command + "' is not a working Python (exit " + p.exitValue() + "): " + out);
            }
            if (!"1".equals(lines[3].strip())) {
                return missing(command, "'" + command + "' is Python " + lines[2].strip() + "; 3.8 or newer is needed");
            }
            Path exe = Path.of(lines[0].strip());
            if (!Files.isExecutable(exe)) {
                return missing(command, "'" + command + "' reports an interpreter path that is not executable: " + exe);
            }
            return new Interpreter(command, exe, lines[1].strip(), lines[2].strip(), null);
        } catch (IOException e) {
            return missing(command, "probing '" + command + "' failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return missing(command, "interrupted while probing '" + command + "'");
        }
    }

    private static Interpreter missing(String command, String problem) {
        return new Interpreter(command, null, null, null, problem);
    }
}
