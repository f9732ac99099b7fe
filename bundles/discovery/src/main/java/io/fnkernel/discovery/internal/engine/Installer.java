package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.route.Route;
import io.fnkernel.discovery.internal.scan.RuntimeExtensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The steps of a swap: load through the runtime (no lock held), then register the new version,
 * unregister the old one and hand it to the closer. One log line per function loaded, swapped,
 * removed or unloaded.
 */
final class Installer {

    private static final Logger LOG = LoggerFactory.getLogger("io.fnkernel.discovery");
    private static final Set<String> DEPENDENCY_FILES = Set.of("requirements.txt", "package.json", "package-lock.json");

    /** One load or removal for one slot, with its outcome. */
    static final class Job {
        final SourceKey key;
        final FunctionSource source;
        final RuntimeHandle runtime;
        FunctionVersion version;
        Slot.Failure failure;
        long millis;

        Job(SourceKey key, FunctionSource source, RuntimeHandle runtime) {
            this.key = key;
            this.source = source;
            this.runtime = runtime;
        }
    }

    private final Path root;
    private final Registrar registrar;
    private final Runtimes runtimes;
    private final Executor closer;

    Installer(Path root, Registrar registrar, Runtimes runtimes, Executor closer) {
        this.root = root;
        this.registrar = registrar;
        this.runtimes = runtimes;
        this.closer = closer;
    }

    /** Loads a job's source; never throws. Runs without the engine's lock. */
    void load(Job job) {
        if (job.source == null) {
            return;
        }
        FunctionSource src = job.source;
        long t0 = System.nanoTime();
        try {
            job.version = job.runtime.runtime().load(src);
            if (job.version == null) {
                job.failure = failure(FailureDTO.KIND_LOAD, src.entry(), 0, 0,
                        "runtime " + job.runtime.id() + " returned no version", job);
            }
        } catch (FunctionLoadException e) {
            Path file = e.file() != null ? e.file() : src.entry();
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            String kind = DEPENDENCY_FILES.contains(name) ? FailureDTO.KIND_DEPENDENCIES : FailureDTO.KIND_LOAD;
            job.failure = failure(kind, file, e.line(), e.column(), e.getMessage(), job);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("runtime {} failed loading {}", job.runtime, src, e);
            job.failure = failure(FailureDTO.KIND_LOAD, src.entry(), 0, 0,
                    "runtime " + job.runtime.id() + " failed: " + e, job);
        }
        job.millis = (System.nanoTime() - t0) / 1_000_000L;
    }

    private static Slot.Failure failure(String kind, Path file, int line, int column, String message, Job job) {
        return new Slot.Failure(kind, file, line, column, message, job.source.revision(), job.runtime.serviceId());
    }

    /** Applies a job's outcome; call under the engine's lock. @return true when the published state changed */
    boolean install(Job job, Map<SourceKey, Slot> slots) {
        Slot slot = slots.get(job.key);
        if (job.source == null) {
            return remove(slot, slots);
        }
        if (job.failure != null) {
            if (slot == null || Objects.equals(slot.failure, job.failure)) {
                return false;
            }
            slot.failure = job.failure;
            return true;
        }
        if (!runtimes.contains(job.runtime)) {
            LOG.info("discarded {} rev {}: runtime {} went away while loading it", job.key.ref(),
                    job.source.revision(), job.runtime);
            return false;
        }
        if (slot == null || slot.desired == null) {
            closeLater(job.version, job.key);
            return false;
        }
        Registrar.Registration reg;
        try {
            reg = registrar.register(job.version, properties(job.source));
        } catch (RuntimeException e) {
            slot.failure = failure(FailureDTO.KIND_LOAD, job.source.entry(), 0, 0, "could not register: " + e, job);
            closeLater(job.version, job.key);
            return true;
        }
        Slot.Live old = slot.live;
        slot.live = new Slot.Live(job.source, job.version, reg, job.runtime, System.currentTimeMillis());
        slot.failure = null;
        slot.lostRuntime = false;
        if (old == null) {
            LOG.info("loaded {} rev {} ({}, {}) in {} ms", job.key.ref(), job.source.revision(), job.runtime.id(),
                    job.key.entry(), job.millis);
        } else {
            retire(old, job.key);
            LOG.info("swapped {} rev {} -> {} ({}) in {} ms", job.key.ref(), old.source().revision(),
                    job.source.revision(), job.runtime.id(), job.millis);
        }
        return true;
    }

    private boolean remove(Slot slot, Map<SourceKey, Slot> slots) {
        if (slot == null || slot.desired != null || slot.live == null) {
            return false;
        }
        retire(slot.live, slot.key);
        LOG.info("removed {} rev {}", slot.key.ref(), slot.live.source().revision());
        slots.remove(slot.key);
        return true;
    }

    /** Records that no runtime can load a slot's source. @return true when that is news */
    boolean noRuntime(Slot s) {
        String ext = RuntimeExtensions.extensionOf(s.desired.entry().getFileName().toString());
        String message = "no runtime for " + ext + ": is the runtime-" + s.desired.runtime() + " bundle active?";
        Slot.Failure f = new Slot.Failure(FailureDTO.KIND_NO_RUNTIME, s.desired.entry(), 0, 0, message,
                s.desired.revision(), -1);
        if (f.equals(s.failure)) {
            return false;
        }
        s.failure = f;
        return true;
    }

    /** Unregisters, without closing, what a departed runtime loaded. @return true when anything was */
    boolean unload(long serviceId, Collection<Slot> slots) {
        boolean changed = false;
        for (Slot s : slots) {
            if (s.live != null && s.live.runtime().serviceId() == serviceId) {
                unregister(s.live.registration(), s.key);
                LOG.info("unloaded {} rev {}: runtime {} went away", s.key.ref(), s.live.source().revision(),
                        s.live.runtime());
                s.live = null;
                s.lostRuntime = true;
                changed = true;
            }
        }
        return changed;
    }

    /** Unregisters and closes every live version. */
    void retireAll(Collection<Slot> slots) {
        for (Slot s : slots) {
            if (s.live != null) {
                retire(s.live, s.key);
                s.live = null;
            }
        }
    }

    private void retire(Slot.Live old, SourceKey key) {
        unregister(old.registration(), key);
        if (runtimes.contains(old.runtime())) {
            closeLater(old.version(), key);
        }
    }

    private void unregister(Registrar.Registration reg, SourceKey key) {
        try {
            reg.unregister();
        } catch (RuntimeException e) {
            LOG.debug("unregistering {} failed", key, e);
        }
    }

    private void closeLater(FunctionVersion version, SourceKey key) {
        Runnable close = () -> {
            try {
                version.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed: {}", key, e.toString());
            }
        };
        try {
            closer.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }

    /** @return the service properties of a version */
    static Map<String, Object> properties(FunctionSource s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(FunctionVersion.PROP_NAME, s.name());
        p.put(FunctionVersion.PROP_VERSION, s.version());
        p.put(FunctionVersion.PROP_RUNTIME, s.runtime());
        p.put(FunctionVersion.PROP_REVISION, s.revision());
        p.put(FunctionVersion.PROP_ROUTES, s.routes().stream().map(Route::toString).toArray(String[]::new));
        p.put(FunctionVersion.PROP_ENTRY, s.entry().toString());
        return p;
    }
}
