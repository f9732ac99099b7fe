package io.fnkernel.discovery.internal;

import io.fnkernel.api.KernelProperties;
import io.fnkernel.api.dto.PlatformDTO;
import io.fnkernel.api.dto.VersionDTO;
import io.fnkernel.discovery.internal.engine.RuntimeHandle;
import io.fnkernel.discovery.internal.fakes.FakeRegistrar;
import io.fnkernel.discovery.internal.fakes.FakeRuntime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A running {@link Discovery} on a folder with a fake node runtime; waits on the change counter, never on the clock. */
final class DiscoveryFixture implements AutoCloseable {

    static final long TIMEOUT_MS = 15_000;

    final FakeRegistrar registrar = new FakeRegistrar();
    final FakeRuntime node = new FakeRuntime("node");
    final Discovery discovery;
    private static long nextId = 1000;

    DiscoveryFixture(Path root, String... props) {
        Map<String, String> p = new HashMap<>();
        p.put(KernelProperties.FUNCTIONS_DIR, root.toString());
        for (int i = 0; i + 1 < props.length; i += 2) {
            p.put(props[i], props[i + 1]);
        }
        discovery = new Discovery(DiscoveryConfig.from(p::get), registrar);
        discovery.runtimeAdded(handle("node", ".js", node));
        discovery.start();
    }

    static synchronized RuntimeHandle handle(String id, String ext, FakeRuntime rt) {
        return new RuntimeHandle(id, List.of(ext), "fake", 0, nextId++, rt);
    }

    /** Waits until the published state satisfies {@code condition}; fails after {@link #TIMEOUT_MS}. */
    PlatformDTO await(String what, Predicate<PlatformDTO> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            long seen = discovery.changeCount();
            PlatformDTO s = discovery.snapshot();
            if (condition.test(s)) {
                return s;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; state: " + Json.write(s));
            }
            discovery.awaitChange(seen, left);
        }
    }

    static Optional<VersionDTO> version(PlatformDTO s, String name, String version) {
        return s.functions.stream().filter(f -> f.name.equals(name)).flatMap(f -> f.versions.stream())
                .filter(v -> v.version.equals(version)).findFirst();
    }

    static Predicate<PlatformDTO> active(String name, String version) {
        return s -> version(s, name, version).map(v -> v.state.equals(VersionDTO.STATE_ACTIVE)).orElse(false);
    }

    static Predicate<PlatformDTO> gone(String name) {
        return s -> s.functions.stream().noneMatch(f -> f.name.equals(name));
    }

    @Override
    public void close() {
        discovery.close();
    }

    /** JSON for failure messages. */
    static final class Json {
        static String write(Object o) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
            } catch (Exception e) {
                return String.valueOf(o);
            }
        }
    }
}
