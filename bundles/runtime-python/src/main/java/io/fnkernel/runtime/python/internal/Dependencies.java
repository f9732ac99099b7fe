package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Installs a function's {@code requirements.txt} with {@code pip install --target} into
 * {@code .fnk/python-deps/<hash>} inside the function folder, once per content hash (and
 * interpreter), logging pip's progress. Discovery ignores dot-folders, so installs never trigger a rescan.
 */
final class Dependencies {

    static final String REQUIREMENTS = "requirements.txt";
    static final String MARKER = ".fnk-installed";

    private static final Logger LOG = LoggerFactory.getLogger("fn");
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static final int TAIL = 40;

    private Dependencies() {
    }

    /**
     * Makes the function's dependencies importable.
     *
     * @param python the interpreter
     * @param source the function
     * @param timeoutMs how long pip may take
     * @param timer runs the timeout
     * @return the folders to put first on {@code sys.path}; empty without {@code requirements.txt}
     * @throws FunctionLoadException with pip's error when the install failed
     */
    static List<Path> prepare(Interpreter python, FunctionSource source, int timeoutMs, ScheduledExecutorService timer)
            throws FunctionLoadException {
        Path req = source.directory().resolve(REQUIREMENTS);
        if (!Files.isRegularFile(req)) {
            return List.of();
        }
        Path target;
        try {
            target = source.directory().resolve(".fnk").resolve("python-deps").resolve(hash(python, Files.readAllBytes(req)));
        } catch (IOException e) {
            throw new FunctionLoadException("cannot read " + REQUIREMENTS + ": " + e.getMessage(), req);
        }
        synchronized (LOCKS.computeIfAbsent(target, k -> new Object())) {
            if (!Files.isRegularFile(target.resolve(MARKER))) {
                delete(target); // an install that never completed
                install(python, source, req, target, timeoutMs, timer);
            }
        }
        return List.of(target);
    }

    static String hash(Interpreter python, byte[] requirements) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((python.executable() + "\n" + python.version() + "\n").getBytes(StandardCharsets.UTF_8));
            d.update(requirements);
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void install(Interpreter python, FunctionSource source, Path req, Path target, int timeoutMs,
            ScheduledExecutorService timer) throws FunctionLoadException {
        String label = "fn:" + source.name() + "@" + source.version() + " pip";
        Path partial = target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        ArrayDeque<String> tail = new ArrayDeque<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        int exit;
        try {
            Files.createDirectories(partial);
            LOG.info("[{}] installing {} into {}", label, req, target);
            // pip gets the host environment (proxies, index settings); handlers never do.
            ProcessBuilder pb = new ProcessBuilder(python.executable().toString(), "-m", "pip", "install", "--target", partial.toString(),
                    "-r", req.toString(), "--no-input", "--disable-pip-version-check", "--progress-bar", "off", "--no-warn-script-location")
                    .directory(source.directory().toFile()).redirectErrorStream(true);
            pb.environment().put("PIP_ROOT_USER_ACTION", "ignore");
            Process p = pb.start();
            p.getOutputStream().close();
            ScheduledFuture<?> kill = timer.schedule(() -> {
                timedOut.set(true);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }, timeoutMs, TimeUnit.MILLISECONDS);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    LOG.info("[{}] {}", label, line);
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
            }
            exit = p.waitFor();
            kill.cancel(false);
            if (exit == 0 && !timedOut.get()) {
                Files.writeString(partial.resolve(MARKER), req + "\n");
                move(partial, target);
                LOG.info("[{}] installed into {}", label, target);
                return;
            }
        } catch (IOException | UncheckedIOException e) {
            delete(partial);
            throw new FunctionLoadException("cannot install " + REQUIREMENTS + ": " + e.getMessage(), req);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(partial);
            throw new FunctionLoadException("interrupted while installing " + REQUIREMENTS, req);
        }
        delete(partial);
        String why = timedOut.get() ? "did not finish within " + timeoutMs + " ms (" + PythonConfig.PIP_TIMEOUT_MS + ")"
                : "failed (exit " + exit + ")";
        throw new FunctionLoadException("pip install -r " + REQUIREMENTS + " " + why + ":\n" + errorLines(tail), req);
    }

    /** @return pip's ERROR lines, or its last lines when it printed none */
    static String errorLines(ArrayDeque<String> tail) {
        List<String> errors = tail.stream().filter(l -> l.startsWith("ERROR")).toList();
        List<String> lines = errors.isEmpty() ? tail.stream().skip(Math.max(0, tail.size() - 10)).toList() : errors;
        return String.join("\n", lines);
    }

    private static void move(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isRegularFile(target.resolve(MARKER))) {
                throw e;
            }
            delete(partial); // another process installed the same hash meanwhile
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }
}
