package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JavaScript runtime: one shared GraalJS engine and watchdog, and for each loaded function
 * version a pool of contexts over a snapshot of its folder. Plain Java; the OSGi component wraps it.
 */
public final class NodeRuntime implements FunctionRuntime, AutoCloseable {

    /** The runtime id, {@link FunctionRuntime#PROP_ID}. */
    public static final String ID = "node";
    /** The handler file extension, {@link FunctionRuntime#PROP_EXTENSIONS}. */
    public static final String EXTENSION = ".js";

    private final NodeRuntimeConfig config;
    private final OutputRouter outputs;
    private final JsEngine engine;
    private final Watchdog watchdog;
    private final NpmInstaller npm;
    private final Set<NodeFunctionVersion> versions = ConcurrentHashMap.newKeySet();

    /** @param config the settings */
    public NodeRuntime(NodeRuntimeConfig config) {
        this(config, OutputRouter.logging(config.outputLimitBytes()));
    }

    NodeRuntime(NodeRuntimeConfig config, OutputRouter outputs) {
        this.config = config;
        this.outputs = outputs;
        this.engine = JsEngine.create();
        this.watchdog = new Watchdog(config);
        this.npm = new NpmInstaller(config.npmCommand(), config.npmTimeoutMillis());
    }

    /** @return {@code GraalJS 25.0.3 (JIT)} or {@code GraalJS 25.0.3 (interpreted)} */
    public String description() {
        return engine.description();
    }

    /** @return true when the Graal JIT compiles JavaScript */
    public boolean jit() {
        return engine.jit();
    }

    @Override
    public FunctionVersion load(FunctionSource source) throws FunctionLoadException {
        if (!Files.isRegularFile(source.entry())) {
            throw new FunctionLoadException("handler file not found", source.entry());
        }
        npm.ensureInstalled(source);
        FileSnapshot files;
        try {
            files = new FileSnapshot(source.directory(), NodeBuiltins.files());
        } catch (IOException e) {
            throw new FunctionLoadException("cannot read the function folder: " + e.getMessage(), source.directory());
        }
        int max = config.maxContextsFor(source.policy().maxConcurrency());
        NodeFunctionVersion v = new NodeFunctionVersion(source, () -> JsContext.open(engine, source, files, outputs, watchdog, config.loadTimeoutMillis()),
                max, config.warmContexts(), this::closed);
        versions.add(v);
        watchdog.watch(v);
        return v;
    }

    private void closed(NodeFunctionVersion v) {
        versions.remove(v);
        watchdog.forget(v);
    }

    /** Closes every version still open, then the engine. */
    @Override
    public void close() {
        for (NodeFunctionVersion v : versions) {
            v.close();
        }
        watchdog.close();
        engine.close();
    }
}
