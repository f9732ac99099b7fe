package io.fnkernel.discovery.internal.engine;

import io.fnkernel.discovery.internal.scan.RuntimeExtensions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runtimes available now, copy-on-write; for each id the most preferred one loads functions. */
public final class Runtimes {

    private volatile List<RuntimeHandle> all = List.of();

    /** @param handle a runtime that appeared */
    public synchronized void add(RuntimeHandle handle) {
        List<RuntimeHandle> next = new ArrayList<>(all);
        next.removeIf(h -> h.serviceId() == handle.serviceId());
        next.add(handle);
        next.sort(RuntimeHandle.PREFERENCE);
        all = List.copyOf(next);
    }

    /** @param serviceId the service id of a runtime that went away */
    public synchronized void remove(long serviceId) {
        List<RuntimeHandle> next = new ArrayList<>(all);
        next.removeIf(h -> h.serviceId() == serviceId);
        all = List.copyOf(next);
    }

    /** @return the runtime that loads functions of {@code id}, or null when none is available */
    public RuntimeHandle best(String id) {
        for (RuntimeHandle h : all) {
            if (h.id().equals(id)) {
                return h;
            }
        }
        return null;
    }

    /** @return true while that registration is available */
    public boolean contains(RuntimeHandle handle) {
        return all.stream().anyMatch(h -> h.serviceId() == handle.serviceId());
    }

    /** @return the most preferred runtime of each id, by id */
    public List<RuntimeHandle> bestPerId() {
        Map<String, RuntimeHandle> out = new LinkedHashMap<>();
        for (RuntimeHandle h : all) {
            out.putIfAbsent(h.id(), h);
        }
        return out.values().stream().sorted(java.util.Comparator.comparing(RuntimeHandle::id)).toList();
    }

    /** @return which extensions the available runtimes load, on top of the built-in {@code .js} and {@code .py} */
    public RuntimeExtensions extensions() {
        Map<String, String> declared = new LinkedHashMap<>();
        List<RuntimeHandle> snapshot = new ArrayList<>(all);
        java.util.Collections.reverse(snapshot);
        for (RuntimeHandle h : snapshot) {
            for (String ext : h.extensions()) {
                declared.put(ext, h.id());
            }
        }
        return RuntimeExtensions.of(declared);
    }
}
