package io.fnkernel.discovery.internal.fakes;

import io.fnkernel.api.FunctionVersion;
import io.fnkernel.discovery.internal.engine.Registrar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records registrations in order, like a service registry would see them. */
public final class FakeRegistrar implements Registrar {

    /** A registered version and its properties. */
    public record Entry(FunctionVersion version, Map<String, Object> properties) {
        public String ref() {
            return properties.get(FunctionVersion.PROP_NAME) + "@" + properties.get(FunctionVersion.PROP_VERSION);
        }

        public String revision() {
            return (String) properties.get(FunctionVersion.PROP_REVISION);
        }
    }

    /** {@code +ref#rev} and {@code -ref#rev} in the order they happened. */
    public final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Entry> active = new CopyOnWriteArrayList<>();
    /** Called on every registration, on the registering thread. */
    public volatile Consumer<Entry> onRegister = e -> { };
    /** Called on every unregistration, on the unregistering thread, before it is recorded. */
    public volatile Consumer<Entry> onUnregister = e -> { };

    @Override
    public Registration register(FunctionVersion version, Map<String, Object> properties) {
        Entry e = new Entry(version, Map.copyOf(properties));
        active.add(e);
        events.add("+" + e.ref() + "#" + e.revision());
        onRegister.accept(e);
        return () -> {
            onUnregister.accept(e);
            if (!active.remove(e)) {
                throw new IllegalStateException("unregistered twice: " + e.ref());
            }
            events.add("-" + e.ref() + "#" + e.revision());
        };
    }

    /** @return the registered versions now */
    public List<Entry> active() {
        return new ArrayList<>(active);
    }

    /** @return the registered version of {@code ref}; fails unless exactly one */
    public Entry only(String ref) {
        List<Entry> hits = active.stream().filter(e -> e.ref().equals(ref)).toList();
        if (hits.size() != 1) {
            throw new AssertionError(ref + ": " + hits.size() + " registrations among " + active);
        }
        return hits.get(0);
    }

    /** @return refs registered now, sorted */
    public List<String> refs() {
        return active.stream().map(Entry::ref).sorted().toList();
    }
}
