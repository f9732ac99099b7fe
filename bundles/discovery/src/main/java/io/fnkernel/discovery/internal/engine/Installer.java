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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    /** Records a failed load; under the engine's lock. @return true when the published state changed */
    boolean recordFailure(Job job, Map<SourceKey, Slot> slots) {
        Slot slot = slots.get(job.key);
        if (slot == null || slot.desired == null || Objects.equals(slot.failure, job.failure)) {
            return false;
        }
        slot.failure = job.failure;
        return true;
    }

    /** @return true when a loaded version is still wanted and its runtime still there; under the engine's lock */
    boolean wanted(Job job, Map<SourceKey, Slot> slots) {
        Slot slot = slots.get(job.key);
        return slot != null && slot.desired != null && runtimes.contains(job.runtime);
    }

    /** Registers a loaded version; without the engine's lock. @return the registration, or null (job.failure set) */
    Registrar.Registration register(Job job) {
        try {
            return registrar.register(job.version, properties(job.source));
        } catch (RuntimeException e) {
            LOG.debug("registering {} failed", job.key, e);
            job.failure = failure(FailureDTO.KIND_LOAD, job.source.entry(), 0, 0, "could not register: " + e, job);
            return null;
        }
    }

    /**
     * Makes a registered version live, under the engine's lock.
     *
     * @return the live version it replaces, to retire; or null. When the version is no longer wanted
     *         (deleted meanwhile, or its runtime left), returns it as its own replacement so the caller retires it
     */
    Slot.Live commit(Job job, Registrar.Registration reg, Map<SourceKey, Slot> slots) {
        Slot.Live fresh = new Slot.Live(job.source, job.version, reg, job.runtime, System.currentTimeMillis());
        if (!wanted(job, slots)) {
            LOG.info("discarded {} rev {}: no longer wanted", job.key.ref(), job.source.revision());
            return fresh;
        }
        Slot slot = slots.get(job.key);
        Slot.Live old = slot.live;
        slot.live = fresh;
        slot.failure = null;
        slot.lostRuntime = false;
        if (old == null) {
            LOG.info("loaded {} rev {} ({}, {}) in {} ms", job.key.ref(), job.source.revision(), job.runtime.id(),
                    job.key.entry(), job.millis);
        } else {
            LOG.info("swapped {} rev {} -> {} ({}) in {} ms", job.key.ref(), old.source().revision(),
                    job.source.revision(), job.runtime.id(), job.millis);
        }
        return old;
    }

    /** Closes a loaded version that was never registered, unless its runtime left (then the runtime owns it). */
    void discard(Job job) {
        if (runtimes.contains(job.runtime)) {
            closeLater(job.version, job.key);
        }
    }

    /**
     * Hands out, under the engine's lock, the live version of a deleted slot for retiring; the slot
     * keeps showing it until {@link #forget}. @return it, or null
     */
    Slot.Live take(SourceKey key, Map<SourceKey, Slot> slots) {
        Slot slot = slots.get(key);
        if (slot == null || slot.desired != null || slot.live == null || slot.retiring) {
            return null;
        }
        LOG.info("removed {} rev {}", key.ref(), slot.live.source().revision());
        slot.retiring = true;
        return slot.live;
    }

    /**
     * Drops, under the engine's lock, a version {@link #take} handed out once it is retired: the
     * slot goes, unless its source came back meanwhile (then it loads again).
     *
     * @return true when the slot changed
     */
    boolean forget(SourceKey key, Slot.Live retired, Map<SourceKey, Slot> slots) {
        Slot slot = slots.get(key);
        if (slot == null || slot.live != retired) {
            return false;
        }
        slot.retiring = false;
        if (slot.desired == null) {
            slots.remove(key);
        } else {
            slot.live = null;
        }
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

    /** Takes out, under the engine's lock, the live versions a departed runtime loaded, marking them pending. */
    List<Slot.Live> takeLoadedBy(long serviceId, Collection<Slot> slots) {
        List<Slot.Live> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.live != null && !s.retiring && s.live.runtime().serviceId() == serviceId) {
                LOG.info("unloaded {} rev {}: runtime {} went away", s.key.ref(), s.live.source().revision(),
                        s.live.runtime());
                out.add(s.live);
                s.live = null;
                s.lostRuntime = true;
            }
        }
        return out;
    }

    /** Takes out every live version, under the engine's lock. */
    List<Slot.Live> takeAll(Collection<Slot> slots) {
        List<Slot.Live> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.live != null && !s.retiring) { // a lane retiring one finishes that itself
                out.add(s.live);
                s.live = null;
            }
        }
        return out;
    }

    /** Unregisters a version taken out of its slot and, unless its runtime left, closes it later; without the lock. */
    void retire(Slot.Live old) {
        if (old == null) {
            return;
        }
        SourceKey key = new SourceKey(old.source().ref(), old.source().entry().toString());
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
