package io.fnkernel.http.internal.routing;

import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.route.RouteTable;

import java.util.List;
import java.util.Map;

/**
 * One immutable snapshot of everything the request path routes by: the function route table, the
 * {@code name@version} index, and the platform endpoints. Published whole through one volatile
 * field by {@link RouteRegistry}; readers never lock.
 */
public final class RouteState {

    /** The state before any service arrived. */
    public static final RouteState EMPTY = new RouteState(RouteTable.empty(), Map.of(), List.of(), Map.of(), List.of(), 0);

    private final RouteTable<Target> table;
    private final Map<String, Target> byRef;
    private final List<Target> targets;
    private final Map<String, Endpoint> exactEndpoints;
    private final Endpoint[] prefixEndpoints;
    private final boolean hasEndpoints;
    private final long generation;

    RouteState(RouteTable<Target> table, Map<String, Target> byRef, List<Target> targets,
               Map<String, Endpoint> exactEndpoints, List<Endpoint> prefixEndpoints, long generation) {
        this.table = table;
        this.byRef = Map.copyOf(byRef);
        this.targets = List.copyOf(targets);
        this.exactEndpoints = Map.copyOf(exactEndpoints);
        this.prefixEndpoints = prefixEndpoints.toArray(new Endpoint[0]);
        this.hasEndpoints = !exactEndpoints.isEmpty() || !prefixEndpoints.isEmpty();
        this.generation = generation;
    }

    /** @return the function routes */
    public RouteTable<Target> table() {
        return table;
    }

    /**
     * @param ref a name and version
     * @return the live target serving it, or null
     */
    public Target byRef(FunctionRef ref) {
        return byRef.get(ref.toString());
    }

    /** @return every live target (one per name and version), ordered by name then version */
    public List<Target> targets() {
        return targets;
    }

    /**
     * @param path a decoded request path
     * @return the platform endpoint serving it (exact paths before prefixes, longer prefixes first), or null
     */
    public Endpoint endpoint(String path) {
        if (!hasEndpoints) {
            return null;
        }
        Endpoint e = exactEndpoints.get(path);
        if (e != null) {
            return e;
        }
        for (Endpoint p : prefixEndpoints) {
            if (p.matches(path)) {
                return p;
            }
        }
        return null;
    }

    /** @return every endpoint path, for the catalog */
    public List<Endpoint> endpoints() {
        List<Endpoint> all = new java.util.ArrayList<>(exactEndpoints.values());
        all.addAll(List.of(prefixEndpoints));
        return all;
    }

    /** @return how many times the state was rebuilt before this one */
    public long generation() {
        return generation;
    }
}
