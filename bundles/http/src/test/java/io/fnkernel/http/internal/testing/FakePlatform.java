package io.fnkernel.http.internal.testing;

import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.dto.FunctionDTO;
import io.fnkernel.api.dto.PlatformDTO;
import io.fnkernel.api.dto.RuntimeDTO;
import io.fnkernel.api.dto.VersionDTO;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Discovery's published state for tests; {@link #reload()} runs a hook that registers services synchronously. */
public final class FakePlatform implements PlatformRuntime {

    private final AtomicLong changes = new AtomicLong(7);
    private volatile Runnable onReload = () -> { };
    private volatile boolean ready = true;
    private final List<FailureDTO> failures = new ArrayList<>();
    private final List<FunctionDTO> functions = new ArrayList<>();

    /**
     * @param value what a reload does
     * @return this
     */
    public FakePlatform onReload(Runnable value) {
        this.onReload = value;
        return this;
    }

    /**
     * @param file the file at fault
     * @param message why
     * @return this
     */
    public FakePlatform failure(String file, String message) {
        FailureDTO f = new FailureDTO();
        f.kind = FailureDTO.KIND_LOAD;
        f.name = "broken";
        f.version = "default";
        f.file = file;
        f.line = 3;
        f.column = 7;
        f.message = message;
        f.since = 1;
        failures.add(f);
        return this;
    }

    /**
     * @param name function name
     * @param version version label
     * @param state version state
     * @return this
     */
    public FakePlatform function(String name, String version, String state) {
        VersionDTO v = new VersionDTO();
        v.name = name;
        v.version = version;
        v.runtime = "fake";
        v.entry = name + "/handler.js";
        v.revision = "r1";
        v.state = state;
        v.routes = List.of("GET /" + name);
        v.envKeys = List.of("KEY");
        FunctionDTO f = new FunctionDTO();
        f.name = name;
        f.hasDefault = version.equals("default");
        f.versions = List.of(v);
        functions.add(f);
        return this;
    }

    @Override
    public PlatformDTO snapshot() {
        PlatformDTO d = new PlatformDTO();
        d.changeCount = changes.get();
        d.generatedAt = 1_700_000_000_000L;
        d.functionsRoot = "/srv/functions";
        d.functionsRootPresent = true;
        RuntimeDTO r = new RuntimeDTO();
        r.id = "fake";
        r.extensions = List.of(".js");
        r.description = "test runtime";
        d.runtimes = List.of(r);
        d.functions = List.copyOf(functions);
        d.failures = List.copyOf(failures);
        d.conflicts = List.of();
        return d;
    }

    @Override
    public long changeCount() {
        return changes.get();
    }

    @Override
    public PlatformDTO reload() {
        onReload.run();
        changes.incrementAndGet();
        return snapshot();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    /**
     * @param value what {@link #ready()} answers
     * @return this
     */
    public FakePlatform ready(boolean value) {
        ready = value;
        return this;
    }
}
