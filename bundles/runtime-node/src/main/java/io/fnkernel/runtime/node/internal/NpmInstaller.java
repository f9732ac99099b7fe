package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Installs a function's npm dependencies into its own {@code node_modules/}: once per content hash
 * of {@code package.json} and its lockfile, remembered in a marker file inside
 * {@code node_modules/}, without running package scripts. Runs during load, never on the request path.
 */
final class NpmInstaller {

    /** The marker inside {@code node_modules/} holding the hash of the installed manifest. */
    static final String MARKER = ".fnk-install-hash";

    private static final Logger LOG = LoggerFactory.getLogger(NpmInstaller.class);
    private static final int KEPT_LINES = 40;
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final String command;
    private final long timeoutMillis;

    /**
     * @param command the npm executable
     * @param timeoutMillis the longest an install may take
     */
    NpmInstaller(String command, long timeoutMillis) {
        this.command = command;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Installs the dependencies unless the installed ones match the manifest.
     *
     * @param source the function
     * @return true when npm ran
     * @throws FunctionLoadException carrying npm's error when the install failed or npm is missing
     */
    boolean ensureInstalled(FunctionSource source) throws FunctionLoadException {
        Path dir = source.directory();
        Path manifest = dir.resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        Path lockfile = lockfile(dir);
        Path marker = dir.resolve("node_modules").resolve(MARKER);
        synchronized (LOCKS.computeIfAbsent(dir, d -> new Object())) {
            String hash = hash(manifest, lockfile);
            if (hash.equals(read(marker))) {
                return false;
            }
            List<String> cmd = new ArrayList<>(List.of(command, lockfile != null ? "ci" : "install", "--omit=dev",
                    "--ignore-scripts", "--install-links", "--no-audit", "--no-fund", "--loglevel=http"));
            if (lockfile == null) {
                cmd.add("--no-package-lock");
            }
            run(cmd, source, manifest);
            try {
                Files.createDirectories(marker.getParent());
                Files.writeString(marker, hash);
            } catch (IOException e) {
                throw new FunctionLoadException("could not record the installed dependencies in " + marker + ": " + e.getMessage(), manifest);
            }
            return true;
        }
    }

    private static Path lockfile(Path dir) {
        for (String name : List.of("npm-shrinkwrap.json", "package-lock.json")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    private void run(List<String> cmd, FunctionSource source, Path manifest) throws FunctionLoadException {
        String what = "npm " + cmd.get(1);
        LOG.info("[fn:{}] {}: installing dependencies from {}", source.ref(), what, manifest);
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(source.directory().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new FunctionLoadException("package.json needs npm to install its dependencies, but '" + command
                    + "' could not be run (" + e.getMessage() + "); install Node.js with npm, or set fnk.node.npm", manifest);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // npm reads nothing from us
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> pump(p, source, tail), "fnk-npm-" + source.ref());
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new FunctionLoadException(what + " did not finish within " + timeoutMillis + " ms (fnk.node.npm.timeout.ms)", manifest);
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FunctionLoadException(what + " was interrupted", manifest);
        }
        if (p.exitValue() != 0) {
            throw new FunctionLoadException(what + " failed with exit code " + p.exitValue() + ":\n" + errorLines(tail), manifest);
        }
        LOG.info("[fn:{}] {} finished in {} ms", source.ref(), what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static void pump(Process p, FunctionSource source, Deque<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                LOG.info("[fn:{} npm] {}", source.ref(), line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > KEPT_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("reading npm output failed", e);
        }
    }

    private static String errorLines(Deque<String> tail) {
        synchronized (tail) {
            List<String> errors = tail.stream().filter(l -> l.startsWith("npm ERR!") || l.startsWith("npm error")).toList();
            return String.join("\n", errors.isEmpty() ? new ArrayList<>(tail) : errors);
        }
    }

    private static String hash(Path manifest, Path lockfile) throws FunctionLoadException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(manifest));
            md.update((byte) 0);
            if (lockfile != null) {
                md.update(Files.readAllBytes(lockfile));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new FunctionLoadException("cannot read " + e.getMessage(), manifest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path marker) {
        try {
            return Files.isRegularFile(marker) ? Files.readString(marker).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
