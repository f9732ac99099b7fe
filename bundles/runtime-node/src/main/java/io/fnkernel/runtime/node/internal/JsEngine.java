package io.fnkernel.runtime.node.internal;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.polyglot.io.IOAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The one GraalJS {@link Engine} of the runtime, shared by every context so parsed code is cached
 * once, and the single place where contexts are configured: what a function's JavaScript may and
 * may not reach.
 */
final class JsEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsEngine.class);
    /** How long {@link #close()} waits for the engine to close. */
    static final long CLOSE_WAIT_MS = 3_000;
    private static final String GLUE = "fnk-runtime.js";
    /** Evaluated in this order before the glue: builtins in JavaScript, then Node's {@code Buffer}. */
    private static final List<String> PRELUDES = List.of("fnk-sort.js", "fnk-json.js", "fnk-buffer.js");
    /**
     * What JavaScript may do with Java objects: read and write the elements of the arrays the
     * runtime hands it ({@link JsEvent}), nothing else: no fields, no methods, no classes.
     */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder().allowArrayAccess(true).build();

    private final Engine engine;
    private final Source glue;
    private final List<Source> preludes;
    private final RunGate gate;
    private final boolean jit;
    private final String description;
    private final FirstRunsAlone setUps = new FirstRunsAlone();

    private JsEngine(Engine engine, Source glue, List<Source> preludes, RunGate gate) {
        this.engine = engine;
        this.glue = glue;
        this.preludes = preludes;
        this.gate = gate;
        this.jit = !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
        String version = Engine.class.getPackage().getImplementationVersion();
        this.description = describe(version != null ? version : engine.getVersion(), jit);
    }

    private static String describe(String version, boolean jit) {
        return "GraalJS " + version + (jit ? " (JIT)" : " (interpreted)");
    }

    /**
     * What {@link #description()} will most likely say, known without creating an engine: the JIT
     * needs JVMCI switched on and a Graal compiler module with code in it (the JDK's own
     * {@code jdk.graal.compiler} is an empty placeholder until one is put on the upgrade module path).
     *
     * @return the expected description
     */
    static String expectedDescription() {
        boolean jvmci = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+EnableJVMCI");
        boolean compiler = ModuleLayer.boot().findModule("jdk.graal.compiler").map(m -> !m.getPackages().isEmpty()).orElse(false);
        String version = Engine.class.getPackage().getImplementationVersion();
        return describe(version != null ? version : "", jvmci && compiler);
    }

    /**
     * Creates the engine and logs once whether JavaScript is compiled.
     *
     * @param gate the gate JavaScript runs behind
     * @return the engine
     */
    static JsEngine create(RunGate gate) {
        Engine engine = Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .logHandler(new Slf4jHandler())
                .build();
        JsEngine js = new JsEngine(engine, internalSource(GLUE), PRELUDES.stream().map(JsEngine::internalSource).toList(), gate);
        if (js.jit) {
            LOG.info("{}: JavaScript is compiled by the Graal JIT ({})", js.description, engine.getImplementationName());
        } else {
            LOG.info("{}: no Graal JIT on this JVM, JavaScript runs interpreted and slower (the JIT needs JDK 21+ "
                    + "with the Graal compiler on --upgrade-module-path and -XX:+EnableJVMCI)", js.description);
        }
        return js;
    }

    private static Source internalSource(String name) {
        try (InputStream in = JsEngine.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the bundle");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Source.newBuilder("js", text, name).internal(true).cached(true).buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the gate every thread passes to run JavaScript */
    RunGate gate() {
        return gate;
    }

    /** @return true when the Graal JIT compiles JavaScript */
    boolean jit() {
        return jit;
    }

    /** @return {@code GraalJS 25.0.3 (JIT)} or {@code ... (interpreted)} */
    String description() {
        return description;
    }

    /** @return the glue source every context evaluates after the {@link #preludes()} */
    Source glue() {
        return glue;
    }

    /**
     * @return the sources every context evaluates first, in order: {@code Array.prototype.sort} and
     *         {@code JSON.parse} in JavaScript, then Node's {@code Buffer}
     */
    List<Source> preludes() {
        return preludes;
    }

    /**
     * Runs the set-up of a new context (creating it, evaluating the preludes and the glue), the
     * engine's first one alone: on a fresh JVM it runs about half a second of GraalJS's cold code,
     * which the contexts opened at start-up would otherwise each run at the same time on the same
     * cores; after it, a set-up reuses its parsed sources and warmed code and takes a few milliseconds.
     *
     * @param setUp the set-up, which must not run user code
     * @param <T> what it makes
     * @return what it made
     */
    <T> T setUp(Supplier<T> setUp) {
        return setUps.run(setUp);
    }

    /**
     * Creates a context for one function: JavaScript only, CommonJS {@code require} inside the
     * function folder (read-only), no host classes, no other languages, no threads, no processes,
     * no native code, no host environment.
     *
     * @param files what the function may read
     * @param out where the engine's own standard output goes
     * @param err where the engine's own standard error goes
     * @return the context
     */
    Context newContext(FileSnapshot files, OutputStream out, OutputStream err) {
        FileSystem fs = new ConfinedFileSystem(files);
        Path cwd = files.root();
        return Context.newBuilder("js")
                .engine(engine)
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLoading(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowInnerContextOptions(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowIO(IOAccess.newBuilder().fileSystem(fs).build())
                .allowExperimentalOptions(true)
                .option("js.commonjs-require", "true")
                .option("js.commonjs-require-cwd", cwd.toString())
                .option("js.commonjs-core-modules-replacements", NodeBuiltins.replacementsOption())
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .option("js.graal-builtin", "false")
                .option("js.polyglot-builtin", "false")
                .option("js.java-package-globals", "false")
                .option("js.unhandled-rejections", "warn")
                .in(InputStream.nullInputStream())
                .out(out)
                .err(err)
                .build();
    }

    /**
     * Cancels what still runs and closes the engine, waiting at most {@link #CLOSE_WAIT_MS}.
     * GraalJS waits for every thread to leave its contexts, and a context caught in the middle of
     * its initialisation (a load under way when the bundle stops) may never be left: the stop then
     * goes on without it, and the JVM's exit ends the stuck thread.
     */
    @Override
    public void close() {
        Thread closer = new Thread(() -> engine.close(true), "fnk-node-engine-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("the JavaScript engine did not close within {} ms (a function was still loading); going on without it",
                    CLOSE_WAIT_MS);
        }
    }

    /** Sends the engine's own log records (compilation problems, warnings) to SLF4J. */
    private static final class Slf4jHandler extends Handler {
        private static final Logger GRAAL = LoggerFactory.getLogger("io.fnkernel.runtime.node.graal");

        @Override
        public void publish(LogRecord r) {
            String msg = "[" + r.getLoggerName() + "] " + r.getMessage();
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                GRAAL.warn(msg, r.getThrown());
            } else if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                GRAAL.info(msg, r.getThrown());
            } else {
                GRAAL.debug(msg, r.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
