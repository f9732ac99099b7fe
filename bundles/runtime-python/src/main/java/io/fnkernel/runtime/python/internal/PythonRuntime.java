package io.fnkernel.runtime.python.internal;

import io.fnkernel.runtime.support.FileTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.runtime.support.FunctionOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The {@link FunctionRuntime} for {@code .py} handlers: finds CPython, installs requirements, and
 * gives every loaded version its own pool of worker processes, importing from the version's own
 * {@link CodeSnapshot}. {@link #close()} stops them all; a JVM shutdown hook does the same as a last resort.
 */
public final class PythonRuntime implements FunctionRuntime, AutoCloseable {

    /** The runtime id. */
    public static final String ID = "python";
    /** Handler file extensions. */
    public static final String[] EXTENSIONS = {".py"};

    private static final Logger LOG = LoggerFactory.getLogger(PythonRuntime.class);
    private static final String SCRIPT = "fnk_worker.py";
    private static final long PROBE_TIMEOUT_MS = 15_000;

    private final PythonConfig config;
    private final Path script;
    private final Path snapshots;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<PythonVersion> versions = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook = new Thread(this::close, "fnk-python-shutdown");
    private final CompletableFuture<Interpreter> probe = new CompletableFuture<>();
    private volatile Interpreter interpreter;
    private WorkerLauncher launcher;
    private volatile boolean closed;

    /**
     * Starts looking for the interpreter in the background (a missing one is reported by {@link #load},
     * never here) and extracts the worker script.
     *
     * @param config the settings
     * @param workDir a folder this runtime may write: the bundle's data area, or a temporary folder
     */
    public PythonRuntime(PythonConfig config, Path workDir) {
        this.config = config;
        config.problems().forEach(p -> LOG.error("python runtime configuration: {}", p));
        this.script = extractScript(workDir);
        this.snapshots = CodeSnapshot.folderFor(workDir);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("fnk-python-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        startProbe();
    }

    /**
     * Runs the interpreter once on its own thread: starting a CPython takes about half a second,
     * which the bundle's activation (and so the whole start-up) should not wait for.
     */
    private void startProbe() {
        Thread t = new Thread(() -> {
            Interpreter found;
            try {
                found = Interpreter.probe(config.executable(), PROBE_TIMEOUT_MS);
            } catch (RuntimeException e) { // loads wait for the probe: it must end with an answer
                found = new Interpreter(config.executable(), null, null, null, "probing '" + config.executable() + "' failed: " + e);
            }
            if (found.usable()) {
                LOG.info("python runtime: {} at {}", found.description(), found.executable());
            } else {
                LOG.warn("python runtime: {}; Python functions will not load", found.problem());
            }
            interpreter = found;
            probe.complete(found);
        }, "fnk-python-probe");
        t.setDaemon(true);
        t.start();
    }

    /** @return the service properties: id, extensions and {@link #description()} */
    public Map<String, Object> serviceProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(PROP_ID, ID);
        p.put(PROP_EXTENSIONS, EXTENSIONS.clone());
        p.put(PROP_DESCRIPTION, description());
        return p;
    }

    /**
     * @return the interpreter's description ({@code CPython 3.11.7}, or why there is none); while the
     *         first look is still running, {@code Python (looking for python3)}
     */
    public String description() {
        return probe.isDone() ? interpreter.description() : "Python (looking for " + config.executable() + ")";
    }

    /**
     * Calls back once the first look for the interpreter is over (at once when it is).
     *
     * @param then given the {@link #description()} then
     */
    public void whenProbed(Consumer<String> then) {
        probe.thenRun(() -> then.accept(description()));
    }

    /** @return the interpreter found, waiting for the first look when it is still running */
    public Interpreter interpreter() {
        probe.join();
        return interpreter;
    }

    @Override
    public FunctionVersion load(FunctionSource source) throws FunctionLoadException {
        Interpreter python = usableInterpreter(source);
        if (closed) {
            throw new FunctionLoadException("the python runtime is stopping", source.entry());
        }
        CodeSnapshot code = CodeSnapshot.take(source, snapshots, config.maxSnapshotBytes());
        List<Path> paths;
        try {
            paths = new ArrayList<>(Dependencies.prepare(python, source, config.pipTimeoutMs(), timer));
        } catch (FunctionLoadException | RuntimeException e) {
            code.delete();
            throw e;
        }
        paths.add(code.root()); // the dependencies stay first, as they are in the function folder
        WorkerPool pool = new WorkerPool(source, launcher(python), timer, initFrame(source, code, paths), config.maxWorkers(),
                config.loadTimeoutMs(), new Pipelining(config.pipelineMaxMicros() * 1_000L));
        PythonVersion[] self = new PythonVersion[1];
        PythonVersion version = new PythonVersion(source, pool, () -> {
            versions.remove(self[0]);
            code.delete(); // after the pool stopped its workers
        });
        self[0] = version;
        versions.add(version);
        try {
            if (closed) {
                throw new FunctionLoadException("the python runtime is stopping", source.entry());
            }
            pool.start();
        } catch (FunctionLoadException | RuntimeException e) {
            version.stopNow();
            throw e;
        }
        return version;
    }

    private Interpreter usableInterpreter(FunctionSource source) throws FunctionLoadException {
        Interpreter python = interpreter();
        if (!python.usable()) {
            python = Interpreter.probe(config.executable(), PROBE_TIMEOUT_MS); // it may have been installed since
            if (python.usable()) {
                interpreter = python;
            }
        }
        if (!python.usable()) {
            throw new FunctionLoadException("cannot run Python functions: " + python.problem(), source.entry());
        }
        return python;
    }

    private synchronized WorkerLauncher launcher(Interpreter python) {
        if (launcher == null) {
            launcher = new WorkerLauncher(python.executable(), script, config.maxFrameBytes(), timer);
        }
        return launcher;
    }

    /** The worker imports the handler from the snapshot; entry and directory name the user's files in messages. */
    private static byte[] initFrame(FunctionSource source, CodeSnapshot code, List<Path> paths) {
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("entry", source.entry().toString());
        init.put("directory", source.directory().toString());
        init.put("snapshot", code.root().toString());
        init.put("code_entry", code.resolve(source.entry()).toString());
        init.put("handler", source.policy().handler());
        init.put("paths", paths.stream().map(Path::toString).toList());
        init.put("env", source.env());
        init.put("output_limit", FunctionOutput.DEFAULT_LIMIT);
        try {
            return Json.MAPPER.writeValueAsBytes(init);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes every loaded version (each lets its calls finish) and stops the runtime's threads. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ExecutorService closer = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fnk-python-close");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture.allOf(versions.stream().map(v -> CompletableFuture.runAsync(v::close, closer))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            LOG.warn("python runtime: closing a function version failed", e);
        } finally {
            closer.shutdown();
        }
        synchronized (this) {
            if (launcher != null) {
                launcher.close();
            }
        }
        timer.shutdownNow();
        FileTrees.delete(snapshots);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
    }

    /** Jackson is set up at the first load, not during the bundle's activation (it takes a few hundred ms at start-up). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static Path extractScript(Path workDir) {
        try (InputStream in = PythonRuntime.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the bundle");
            }
            byte[] bytes = in.readAllBytes();
            CRC32 crc = new CRC32(); // names the script's content; the size is compared too
            crc.update(bytes);
            String hash = Long.toHexString(crc.getValue() | 0x1_0000_0000L).substring(1); // 8 hex digits
            Files.createDirectories(workDir);
            Path target = workDir.resolve("fnk_worker_" + hash + ".py");
            if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) {
                Path tmp = Files.createTempFile(workDir, "fnk_worker", ".tmp");
                Files.write(tmp, bytes, StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + SCRIPT + " to " + workDir, e);
        }
    }
}
