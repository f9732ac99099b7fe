package io.fnkernel.runtime.node.internal;

import io.fnkernel.runtime.support.FileTrees;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Installs a function's npm dependencies, without package scripts, into a private folder of the
 * runtime per content hash of its manifest, which stays untouched while a loaded version uses it.
 */
final class NpmInstaller {

    /** The marker inside a finished install folder; its modification time is when a version last took it. */
    static final String MARKER = ".fnk-installed";

    private static final Logger LOG = LoggerFactory.getLogger(NpmInstaller.class);
    private static final int KEPT_LINES = 40;
    private static final Duration UNUSED_KEPT = Duration.ofDays(7);
    private static final AtomicLong SEQ = new AtomicLong();

    private final String command;
    private final long timeoutMillis;
    private final Path area;
    // Guarded by this.
    private final Map<String, Install> installs = new HashMap<>();
    private boolean closing;

    /** One per-hash install folder and the versions using it. */
    private static final class Install {
        final Object lock = new Object();
        int users;
        boolean ready;
    }

    /** A finished install a loaded version holds until it calls {@link NpmInstaller#release}. */
    record Installed(String hash, Path folder) {
        /** @return the {@code node_modules} the version's {@code require} reads */
        Path modules() {
            return folder.resolve("node_modules");
        }
    }

    /**
     * @param command the npm executable
     * @param timeoutMillis the longest an install may take
     * @param area a folder only this runtime writes; installs left by earlier runs are reused, or
     *        deleted when unused for a week, and unfinished ones deleted
     */
    NpmInstaller(String command, long timeoutMillis, Path area) {
        this.command = command;
        this.timeoutMillis = timeoutMillis;
        this.area = area.toAbsolutePath().normalize();
        sweep();
    }

    /**
     * Installs the dependencies unless an install of the same manifest exists, and holds it for one
     * version. Runs during load, never on the request path.
     *
     * @param source the function
     * @return the install, or null when the function has no {@code package.json}
     * @throws FunctionLoadException carrying npm's error when the install failed or npm is missing;
     *         nothing of a failed install stays behind
     */
    Installed acquire(FunctionSource source) throws FunctionLoadException {
        NpmManifest manifest = NpmManifest.read(source.directory());
        if (manifest == null) {
            return null;
        }
        String hash = manifest.hash();
        Install install;
        synchronized (this) {
            install = installs.computeIfAbsent(hash, h -> new Install());
            install.users++;
        }
        boolean ok = false;
        try {
            Path folder = area.resolve(hash);
            synchronized (install.lock) {
                if (!install.ready) {
                    if (!Files.isRegularFile(folder.resolve(MARKER))) {
                        FileTrees.delete(folder);
                        install(manifest, source, folder);
                    }
                    install.ready = true;
                }
                touch(folder.resolve(MARKER));
            }
            ok = true;
            return new Installed(hash, folder);
        } finally {
            if (!ok) {
                release(hash);
            }
        }
    }

    /**
     * Lets go of an install; the last version to let go of it deletes it, unless the runtime closes.
     *
     * @param installed what {@link #acquire} returned, or null
     */
    void release(Installed installed) {
        if (installed != null) {
            release(installed.hash());
        }
    }

    /** @return true when an install of that hash is on disk */
    boolean installed(String hash) {
        return Files.isRegularFile(area.resolve(hash).resolve(MARKER));
    }

    /** Keeps the installs on disk from now on, for the next start of the runtime. */
    synchronized void close() {
        closing = true;
    }

    private void release(String hash) {
        Path trash;
        synchronized (this) {
            Install install = installs.get(hash);
            if (install == null || --install.users > 0 || closing) {
                return;
            }
            installs.remove(hash);
            Path folder = area.resolve(hash);
            trash = area.resolve("trash-" + hash + "-" + SEQ.incrementAndGet());
            try {
                Files.move(folder, trash, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                LOG.warn("cannot retire the npm install {}: {}", folder, e.toString());
                return;
            }
        }
        FileTrees.delete(trash);
    }

    private void install(NpmManifest manifest, FunctionSource source, Path folder) throws FunctionLoadException {
        // Same parent as the final folder, so relative file: dependencies stay valid after the move.
        Path stage = area.resolve("partial-" + folder.getFileName() + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet());
        try {
            Files.createDirectories(stage);
            manifest.writeTo(stage);
            List<String> cmd = new ArrayList<>(List.of(command, manifest.locked() ? "ci" : "install", "--omit=dev",
                    "--ignore-scripts", "--install-links", "--no-audit", "--no-fund", "--loglevel=http"));
            if (!manifest.locked()) {
                cmd.add("--no-package-lock");
            }
            run(cmd, stage, source, manifest.file());
            Files.writeString(stage.resolve(MARKER), manifest.hash());
            Files.move(stage, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FunctionLoadException("could not install the dependencies into " + folder + ": " + e, manifest.file());
        } finally {
            FileTrees.delete(stage);
        }
    }

    private void run(List<String> cmd, Path stage, FunctionSource source, Path manifest) throws FunctionLoadException {
        String what = "npm " + cmd.get(1);
        LOG.info("[fn:{}] {}: installing dependencies from {} into {}", source.ref(), what, manifest, stage);
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(stage.toFile()).redirectErrorStream(true).start();
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
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
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

    /** Deletes unfinished and retired installs of earlier runs, and finished ones unused for a week. */
    private void sweep() {
        Instant stale = Instant.now().minus(UNUSED_KEPT);
        try (DirectoryStream<Path> all = Files.newDirectoryStream(area)) {
            for (Path p : all) {
                String name = p.getFileName().toString();
                Path marker = p.resolve(MARKER);
                boolean unfinished = name.startsWith("partial-") || name.startsWith("trash-") || !Files.isRegularFile(marker);
                if (unfinished || Files.getLastModifiedTime(marker).toInstant().isBefore(stale)) {
                    FileTrees.delete(p);
                }
            }
        } catch (NoSuchFileException e) {
            // nothing installed yet
        } catch (IOException e) {
            LOG.warn("cannot clean the npm installs in {}: {}", area, e.toString());
        }
    }

    private static void touch(Path marker) {
        try {
            Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot touch {}", marker, e);
        }
    }
}
