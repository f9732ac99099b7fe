package io.fnkernel.http.internal.routing;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.PlatformEndpoint;
import io.fnkernel.api.route.Route;
import io.fnkernel.api.route.RouteTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whiteboard's writer side: receives {@link FunctionVersion} and {@link PlatformEndpoint}
 * service events, rebuilds a {@link RouteState} copy-on-write on each one, and publishes it through
 * one volatile field before the event returns. Writers are serialised; readers never lock.
 */
public final class RouteRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RouteRegistry.class);
    private static final String SERVICE_ID = "service.id";

    private final Executor executor;
    private final Map<Long, Target> versions = new TreeMap<>();
    private final Map<Long, List<Endpoint>> endpoints = new TreeMap<>();
    private Set<String> reportedConflicts = Set.of();
    private long generation;
    private volatile RouteState state = RouteState.EMPTY;

    /** @param executor runs calls that waited for a concurrency permit */
    public RouteRegistry(Executor executor) {
        this.executor = executor;
    }

    /** @return the current snapshot; read it once per request */
    public RouteState state() {
        return state;
    }

    /**
     * A function version service arrived or changed its properties.
     *
     * @param version the service
     * @param props its properties
     */
    public synchronized void putVersion(FunctionVersion version, Map<String, ?> props) {
        long id = serviceId(props);
        Target old = versions.get(id);
        Target t = toTarget(id, version, props, old);
        if (t == null) {
            versions.remove(id);
        } else {
            versions.put(id, t);
        }
        publish();
    }

    /**
     * A function version service went away.
     *
     * @param props its properties
     */
    public synchronized void removeVersion(Map<String, ?> props) {
        if (versions.remove(serviceId(props)) != null) {
            publish();
        }
    }

    /**
     * A platform endpoint service arrived or changed its properties.
     *
     * @param endpoint the service
     * @param props its properties
     */
    public synchronized void putEndpoint(PlatformEndpoint endpoint, Map<String, ?> props) {
        long id = serviceId(props);
        boolean admin = !PlatformEndpoint.ACCESS_PUBLIC.equals(String.valueOf(props.get(PlatformEndpoint.PROP_ACCESS)));
        List<Endpoint> list = new ArrayList<>();
        for (String p : strings(props.get(PlatformEndpoint.PROP_PATH))) {
            boolean prefix = p.endsWith("/*");
            String path = prefix ? p.substring(0, p.length() - 2) : p;
            if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("*")) {
                LOG.warn("platform endpoint service {} has an unusable {} '{}': use an exact path like /_fn/x or a prefix like /_fn/x/*",
                        id, PlatformEndpoint.PROP_PATH, p);
                continue;
            }
            list.add(new Endpoint(endpoint, path, prefix, admin, id));
        }
        endpoints.put(id, list);
        publish();
    }

    /**
     * A platform endpoint service went away.
     *
     * @param props its properties
     */
    public synchronized void removeEndpoint(Map<String, ?> props) {
        if (endpoints.remove(serviceId(props)) != null) {
            publish();
        }
    }

    private Target toTarget(long id, FunctionVersion version, Map<String, ?> props, Target old) {
        FunctionSource source = null;
        try {
            source = version.source();
        } catch (RuntimeException e) {
            LOG.warn("function version service {} failed to describe its source: {}", id, e.toString());
        }
        String entry = text(props.get(FunctionVersion.PROP_ENTRY), source == null ? "service " + id : source.entry().toString());
        String name = text(props.get(FunctionVersion.PROP_NAME), source == null ? null : source.name());
        String ver = text(props.get(FunctionVersion.PROP_VERSION), source == null ? FunctionVersion.DEFAULT_VERSION : source.version());
        FunctionRef ref;
        try {
            ref = new FunctionRef(name == null ? "" : name, ver);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring function version service {} ({}): {}", id, entry, e.getMessage());
            return null;
        }
        List<Route> routes = new ArrayList<>();
        for (String text : strings(props.get(FunctionVersion.PROP_ROUTES))) {
            try {
                routes.add(Route.parse(text));
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: ignoring route '{}' of {}: {}", entry, text, ref, e.getMessage());
            }
        }
        FunctionPolicy policy = source == null ? FunctionPolicy.defaults() : source.policy();
        // A new revision is a new service: it takes over the limiter of the revision it replaces,
        // so the calls the old one is still draining count against the function's limit.
        Target previous = old != null ? old : newestOf(ref);
        Limiter limiter = limiterFor(policy, previous == null ? null : previous.limiter());
        return new Target(id, version, ref,
                text(props.get(FunctionVersion.PROP_RUNTIME), source == null ? "unknown" : source.runtime()),
                text(props.get(FunctionVersion.PROP_REVISION), source == null ? "" : source.revision()),
                entry, routes, policy, limiter, previous != null ? previous.warmFlag() : new AtomicBoolean(),
                old != null ? old.hold() : new ThreadHold(System.nanoTime()));
    }

    /** @return the newest registered revision of a function version, or null. Call under the monitor. */
    private Target newestOf(FunctionRef ref) {
        Target newest = null;
        for (Target t : versions.values()) {
            if (t.ref().equals(ref) && (newest == null || t.serviceId() > newest.serviceId())) {
                newest = t;
            }
        }
        return newest;
    }

    // A changed limit takes effect at once on the same limiter (resized in place) rather than on a
    // fresh one, so calls already running keep counting against it: a lowered max_concurrency never
    // lets old and new calls add up past the new limit, and a raised one admits queued calls now.
    // Switching to unlimited opens the old limiter wide so its waiters run instead of waiting for a
    // permit nobody asks for; switching from unlimited starts a fresh limiter that cannot see the
    // calls already running without one, so only calls admitted after the change are counted.
    private Limiter limiterFor(FunctionPolicy policy, Limiter old) {
        if (policy.maxConcurrency() == 0) {
            if (old != null) {
                old.resize(Integer.MAX_VALUE, old.maxQueue());
            }
            return null;
        }
        if (old == null) {
            return new Limiter(policy.maxConcurrency(), policy.maxQueue(), executor);
        }
        if (old.max() != policy.maxConcurrency() || old.maxQueue() != policy.maxQueue()) {
            old.resize(policy.maxConcurrency(), policy.maxQueue());
        }
        return old;
    }

    private void publish() {
        // Newest registration of each name@version wins: during a make-before-break swap both exist briefly.
        Map<String, Target> byRef = new HashMap<>();
        for (Target t : versions.values()) {
            byRef.merge(t.label(), t, (a, b) -> a.serviceId() > b.serviceId() ? a : b);
        }
        List<Target> live = new ArrayList<>(byRef.values());
        live.sort(Comparator.comparing((Target t) -> t.ref().name()).thenComparing(t -> t.ref().version()));
        List<RouteTable.Claim<Target>> claims = new ArrayList<>();
        for (Target t : live) {
            for (Route r : t.routes()) {
                claims.add(new RouteTable.Claim<>(r, t, t.entry()));
            }
        }
        RouteTable<Target> table = RouteTable.of(claims);
        reportConflicts(table);

        Map<String, Endpoint> exact = new LinkedHashMap<>();
        List<Endpoint> prefixes = new ArrayList<>();
        for (List<Endpoint> list : endpoints.values()) {
            for (Endpoint e : list) {
                if (e.prefix()) {
                    prefixes.add(e);
                } else if (exact.putIfAbsent(e.path(), e) != null) {
                    LOG.warn("platform endpoint path {} is registered twice; service {} is ignored for it", e.path(), e.serviceId());
                }
            }
        }
        prefixes.sort(Comparator.comparingInt((Endpoint e) -> -e.path().length()));
        state = new RouteState(table, byRef, live, exact, prefixes, ++generation);
    }

    private void reportConflicts(RouteTable<Target> table) {
        Set<String> now = new HashSet<>();
        for (RouteTable.Conflict c : table.conflicts()) {
            String key = c.route() + " " + c.sources();
            now.add(key);
            if (!reportedConflicts.contains(key)) {
                LOG.warn("route {} is claimed by several functions and answers 409 until one gives it up: {}",
                        c.route(), String.join(", ", c.sources()));
            }
        }
        reportedConflicts = now;
    }

    private static long serviceId(Map<String, ?> props) {
        Object id = props.get(SERVICE_ID);
        if (id instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("service properties carry no service.id");
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s && !s.isBlank() ? s : fallback;
    }

    static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] a) {
            return List.of(a);
        }
        if (value instanceof Collection<?> c) {
            List<String> out = new ArrayList<>();
            c.forEach(o -> out.add(String.valueOf(o)));
            return out;
        }
        return List.of();
    }
}
