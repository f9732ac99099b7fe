package io.fnkernel.runtime.node.internal;

import io.fnkernel.runtime.support.FileTrees;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The JavaScript runtime: one shared GraalJS engine and watchdog, and for each loaded function
 * version a pool of contexts over a snapshot of its folder. Plain Java; the OSGi component wraps it.
 */
public final class NodeRuntime implements FunctionRuntime, AutoCloseable {

    /** The runtime id, {@link FunctionRuntime#PROP_ID}. */
    public static final String ID = "node";
    /** The handler file extension, {@link FunctionRuntime#PROP_EXTENSIONS}. */
    public static final String EXTENSION = ".js";

    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    private final NodeRuntimeConfig config;
    private final OutputRouter outputs;
    private final CompletableFuture<JsEngine> engine;
    private final Watchdog watchdog;
    private final RunGate gate;
    private final NpmInstaller npm;
    private final Path temporaryWorkDir;
    private final Set<NodeFunctionVersion> versions = ConcurrentHashMap.newKeySet();

    /**
     * A runtime whose work folder is temporary and deleted on {@link #close()}.
     *
     * @param config the settings
     */
    public NodeRuntime(NodeRuntimeConfig config) {
        this(config, null, OutputRouter.logging(config.outputLimitBytes()));
    }

    /**
     * @param config the settings
     * @param workDir a folder only this runtime writes (npm installs), kept across restarts
     */
    public NodeRuntime(NodeRuntimeConfig config, Path workDir) {
        this(config, workDir, OutputRouter.logging(config.outputLimitBytes()));
    }

    NodeRuntime(NodeRuntimeConfig config, OutputRouter outputs) {
        this(config, null, outputs);
    }

    NodeRuntime(NodeRuntimeConfig config, Path workDir, OutputRouter outputs) {
        this.config = config;
        this.outputs = outputs;
        this.temporaryWorkDir = workDir == null ? temporaryFolder() : null;
        Path work = workDir != null ? workDir : temporaryWorkDir;
        this.npm = new NpmInstaller(config.npmCommand(), config.npmTimeoutMillis(), work.resolve("npm"));
        this.gate = new RunGate(config.runningThreads());
        this.engine = startEngine(gate);
        this.watchdog = new Watchdog(config, gate);
    }

    /**
     * Creates the engine on its own thread: it takes about a second, which the bundle's activation
     * (and with it the framework's start-up) need not wait for. Loads wait for it instead.
     */
    private static CompletableFuture<JsEngine> startEngine(RunGate gate) {
        CompletableFuture<JsEngine> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(JsEngine.create(gate));
            } catch (RuntimeException | Error e) {
                LOG.error("the JavaScript engine did not start; JavaScript functions will not load: {}", e.toString(), e);
                f.completeExceptionally(e);
            }
        }, "fnk-node-engine-start");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** @return the engine, waiting while it is being created */
    private JsEngine engine() {
        try {
            return engine.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the JavaScript engine did not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Calls back once the engine exists (at once when it does already).
     *
     * @param then given the engine's {@link #description()}
     */
    void whenStarted(Consumer<String> then) {
        engine.thenAccept(e -> then.accept(e.description()));
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("fnk-node");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder for the node runtime", e);
        }
    }

    /**
     * @return {@code GraalJS 25.0.3 (JIT)} or {@code GraalJS 25.0.3 (interpreted)}; while the engine
     *         is still starting, what it is expected to say ({@link JsEngine#expectedDescription()})
     */
    public String description() {
        JsEngine e = engine.getNow(null);
        return e != null ? e.description() : JsEngine.expectedDescription();
    }

    /** @return true when the Graal JIT compiles JavaScript (waits for the engine) */
    public boolean jit() {
        return engine().jit();
    }

    @Override
    public FunctionVersion load(FunctionSource source) throws FunctionLoadException {
        if (!Files.isRegularFile(source.entry())) {
            throw new FunctionLoadException("handler file not found", source.entry());
        }
        JsEngine js;
        try {
            js = engine();
        } catch (IllegalStateException e) {
            throw new FunctionLoadException(e.getMessage(), source.entry());
        }
        NpmInstaller.Installed deps = npm.acquire(source);
        try {
            FileSnapshot files;
            try {
                files = new FileSnapshot(source.directory(), NodeBuiltins.files(), deps == null ? null : deps.modules());
            } catch (IOException e) {
                throw new FunctionLoadException("cannot read the function folder: " + e.getMessage(), source.directory());
            }
            int max = config.maxContextsFor(source.policy().maxConcurrency());
            NodeFunctionVersion v = new NodeFunctionVersion(source,
                    () -> JsContext.open(js, source, files, outputs, watchdog, config.loadTimeoutMillis()), gate,
                    max, config.warmContexts(), closed -> closed(closed, deps));
            versions.add(v);
            watchdog.watch(v);
            return v;
        } catch (FunctionLoadException | RuntimeException e) {
            npm.release(deps);
            throw e;
        }
    }

    private void closed(NodeFunctionVersion v, NpmInstaller.Installed deps) {
        versions.remove(v);
        watchdog.forget(v);
        npm.release(deps);
    }

    /** Closes every version still open, then the engine; npm installs stay for the next start. */
    @Override
    public void close() {
        npm.close();
        for (NodeFunctionVersion v : versions) {
            v.close();
        }
        watchdog.close();
        gate.close();
        try {
            engine.join().close();
        } catch (CompletionException e) {
            // it never started: nothing to close
        }
        if (temporaryWorkDir != null) {
            FileTrees.delete(temporaryWorkDir);
        }
    }

    /** @return the gate JavaScript runs behind, for tests */
    RunGate gate() {
        return gate;
    }
}
