package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.dto.PlatformDTO;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.dto.FunctionDTO;
import io.fnkernel.api.dto.PolicyDTO;
import io.fnkernel.api.dto.RuntimeDTO;
import io.fnkernel.api.dto.VersionDTO;
import io.fnkernel.api.route.Route;
import io.fnkernel.discovery.internal.scan.Problem;
import io.fnkernel.discovery.internal.scan.ScanResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds the published DTO tree from the engine's state; a fresh object every time (copy-on-write). */
final class SnapshotBuilder {

    private static final Comparator<VersionDTO> VERSION_ORDER = Comparator
            .comparing((VersionDTO v) -> !FunctionVersion.DEFAULT_VERSION.equals(v.version))
            .thenComparing(v -> v.version).thenComparing(v -> v.entry == null ? "" : v.entry);

    private SnapshotBuilder() {
    }

    static PlatformDTO build(Path root, ScanResult scan, Collection<Slot> slots, Conflicts conflicts,
                             List<RuntimeHandle> runtimes) {
        PlatformDTO dto = new PlatformDTO();
        dto.functionsRoot = root.toString();
        dto.functionsRootPresent = scan == null || scan.rootPresent();
        dto.runtimes = runtimes.stream().map(SnapshotBuilder::runtime).toList();
        Map<String, List<VersionDTO>> byName = new TreeMap<>();
        Set<String> known = new HashSet<>();
        List<FailureDTO> failures = new ArrayList<>();
        List<FailureDTO> warnings = new ArrayList<>();
        if (scan != null) {
            for (Problem p : scan.problems()) {
                (p.error() ? failures : warnings).add(failure(root, p));
            }
        }
        failures.addAll(conflicts.failures());
        for (Slot s : slots) {
            FunctionSource src = s.shown();
            if (src == null) {
                continue;
            }
            byName.computeIfAbsent(src.name(), n -> new ArrayList<>()).add(version(root, s, src));
            known.add(src.ref().toString());
            if (s.failure != null) {
                failures.add(failure(root, s, src));
            }
        }
        if (scan != null) {
            for (ScanResult.FailedVersion f : scan.failed()) {
                if (known.add(f.name() + "@" + f.version())) {
                    byName.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(failedVersion(root, f));
                }
            }
        }
        dto.functions = new ArrayList<>();
        byName.forEach((name, versions) -> {
            FunctionDTO fn = new FunctionDTO();
            fn.name = name;
            versions.sort(VERSION_ORDER);
            fn.versions = List.copyOf(versions);
            fn.hasDefault = versions.stream().anyMatch(v -> FunctionVersion.DEFAULT_VERSION.equals(v.version)
                    && !VersionDTO.STATE_FAILED.equals(v.state));
            dto.functions.add(fn);
        });
        dto.functions = List.copyOf(dto.functions);
        dto.failures = failures;
        dto.warnings = warnings;
        dto.conflicts = conflicts.conflicts();
        return dto;
    }

    private static VersionDTO version(Path root, Slot s, FunctionSource src) {
        VersionDTO v = new VersionDTO();
        v.name = src.name();
        v.version = src.version();
        v.runtime = src.runtime();
        v.entry = Paths.rel(root, src.entry());
        v.revision = src.revision();
        v.routes = src.routes().stream().map(Route::toString).toList();
        v.policy = policy(src.policy());
        v.envKeys = List.copyOf(src.env().keySet());
        v.loadedAt = s.live == null ? 0 : s.live.loadedAt();
        if (s.live != null) {
            v.state = VersionDTO.STATE_ACTIVE;
        } else if (s.lostRuntime || s.failure == null) {
            v.state = VersionDTO.STATE_PENDING;
        } else {
            v.state = VersionDTO.STATE_FAILED;
        }
        return v;
    }

    private static VersionDTO failedVersion(Path root, ScanResult.FailedVersion f) {
        VersionDTO v = new VersionDTO();
        v.name = f.name();
        v.version = f.version();
        v.runtime = f.runtime();
        v.entry = Paths.rel(root, f.entry());
        v.state = VersionDTO.STATE_FAILED;
        v.routes = List.of();
        v.policy = policy(FunctionPolicy.defaults());
        v.envKeys = List.of();
        return v;
    }

    static PolicyDTO policy(FunctionPolicy p) {
        PolicyDTO d = new PolicyDTO();
        d.timeoutMs = p.timeoutMs();
        d.maxConcurrency = p.maxConcurrency();
        d.maxQueue = p.maxQueue();
        d.maxBodyBytes = p.maxBodyBytes();
        d.methods = p.methods();
        d.handler = p.handler();
        d.summary = p.summary();
        d.queryExample = p.queryExample();
        d.bodyExample = p.bodyExample();
        d.contentType = p.contentType();
        return d;
    }

    private static RuntimeDTO runtime(RuntimeHandle h) {
        RuntimeDTO d = new RuntimeDTO();
        d.id = h.id();
        d.extensions = h.extensions();
        d.description = h.description();
        return d;
    }

    private static FailureDTO failure(Path root, Problem p) {
        FailureDTO f = new FailureDTO();
        f.kind = p.kind();
        f.name = p.name();
        f.version = p.version();
        f.file = Paths.rel(root, p.file());
        f.line = p.line();
        f.column = p.column();
        f.message = p.message();
        return f;
    }

    private static FailureDTO failure(Path root, Slot s, FunctionSource src) {
        FailureDTO f = new FailureDTO();
        f.revision = s.failure.revision();
        f.kind = s.failure.kind();
        f.name = src.name();
        f.version = src.version();
        f.file = Paths.rel(root, s.failure.file());
        f.line = s.failure.line();
        f.column = s.failure.column();
        f.message = s.failure.message();
        return f;
    }
}
