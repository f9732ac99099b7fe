package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.dto.ConflictDTO;
import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.route.Route;
import io.fnkernel.api.route.RouteTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes claimed by more than one source, found with the platform's one rule ({@link RouteTable}),
 * plus names claimed twice ({@code hello/handler.js} and {@code hello/handler.py} are both
 * {@code hello}). Every claimant stays registered; the gateway's table answers 409 for the route.
 *
 * @param conflicts as published
 * @param failures one failure of kind {@code conflict} per conflict, naming every file
 */
record Conflicts(List<ConflictDTO> conflicts, List<FailureDTO> failures) {

    static final Conflicts NONE = new Conflicts(List.of(), List.of());

    static Conflicts of(Collection<FunctionSource> sources, Path root) {
        List<RouteTable.Claim<SourceKey>> claims = new ArrayList<>();
        Map<FunctionRef, List<String>> byRef = new LinkedHashMap<>();
        for (FunctionSource s : sources) {
            String file = Paths.rel(root, s.entry());
            SourceKey key = new SourceKey(s.ref(), file);
            for (Route r : s.routes()) {
                claims.add(new RouteTable.Claim<>(r, key, file));
            }
            byRef.computeIfAbsent(s.ref(), k -> new ArrayList<>()).add(file);
        }
        List<ConflictDTO> out = new ArrayList<>();
        List<FailureDTO> failures = new ArrayList<>();
        List<List<String>> covered = new ArrayList<>();
        for (RouteTable.Conflict c : RouteTable.of(claims).conflicts()) {
            add(out, failures, c.route().toString(), c.sources());
            covered.add(c.sources());
        }
        byRef.forEach((ref, files) -> {
            if (files.size() > 1 && covered.stream().noneMatch(c -> c.containsAll(files))) {
                add(out, failures, ref.toPath(), files);
            }
        });
        return out.isEmpty() ? NONE : new Conflicts(List.copyOf(out), List.copyOf(failures));
    }

    private static void add(List<ConflictDTO> out, List<FailureDTO> failures, String route, List<String> files) {
        ConflictDTO c = new ConflictDTO();
        c.route = route;
        c.sources = List.copyOf(files);
        out.add(c);
        FailureDTO f = new FailureDTO();
        f.kind = FailureDTO.KIND_CONFLICT;
        f.file = files.get(0);
        f.message = route + " is claimed by " + String.join(" and ", files)
                + "; it answers 409 until only one claims it";
        failures.add(f);
    }
}
