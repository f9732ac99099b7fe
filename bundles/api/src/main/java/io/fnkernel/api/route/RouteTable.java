package io.fnkernel.api.route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable table of routes, holding the platform's one precedence rule: static paths before
 * dynamic ones, and among dynamic patterns the order of {@link RoutePattern#SPECIFICITY}. Within a
 * path, the first pattern that has the request's method wins; a path matched only by patterns of
 * other methods is {@link Outcome#METHOD_NOT_ALLOWED}.
 *
 * <p>Two claims with the same method on patterns of the same {@link RoutePattern#shape() shape} and
 * different targets conflict: the table keeps neither and answers {@link Outcome#CONFLICT} for that
 * method and shape, while every other route keeps working.
 *
 * <p>Building costs O(n log n); {@link #match(String, String)} is a hash lookup for static paths
 * plus a scan of the dynamic patterns, and never locks. Build a new table to change it.
 *
 * @param <T> what a route leads to
 */
public final class RouteTable<T> {

    /**
     * One route claimed by one target.
     *
     * @param route the method and pattern
     * @param target what serves it
     * @param source who claims it, for messages: typically the handler file
     * @param <T> the target type
     */
    public record Claim<T>(Route route, T target, String source) {
        /** Checks the components. */
        public Claim {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * A method and path shape claimed by more than one target.
     *
     * @param route the route as the first claimant wrote it
     * @param sources every claimant's source, in claim order
     */
    public record Conflict(Route route, List<String> sources) {
    }

    /** What a lookup found. */
    public enum Outcome {
        /** A target serves the method on this path. */
        FOUND,
        /** The path is known but not for this method; see {@link Match#allowedMethods()}. */
        METHOD_NOT_ALLOWED,
        /** Conflicting claims make the route unusable until resolved; see {@link Match#conflict()}. */
        CONFLICT,
        /** No route matches the path. */
        NOT_FOUND
    }

    /**
     * The result of a lookup.
     *
     * @param outcome what was found
     * @param target the target when {@link Outcome#FOUND}, else null
     * @param route the matched route when {@link Outcome#FOUND}, else null
     * @param params bound path parameters when {@link Outcome#FOUND}, else empty
     * @param allowedMethods the methods of the path, in canonical order, when {@link Outcome#METHOD_NOT_ALLOWED}
     * @param conflict the conflict when {@link Outcome#CONFLICT}, else null
     * @param <T> the target type
     */
    public record Match<T>(Outcome outcome, T target, Route route, Map<String, String> params,
                           List<String> allowedMethods, Conflict conflict) {
    }

    private static final RouteTable<?> EMPTY = new RouteTable<>(List.of());

    /** Entries of one shape, by method: a Claim, or a Conflict. */
    private static final class ShapeEntry<T> {
        final RoutePattern pattern;
        final Map<String, Object> byMethod = new TreeMap<>(RouteTable::compareMethods);

        ShapeEntry(RoutePattern pattern) {
            this.pattern = pattern;
        }
    }

    private final Map<String, ShapeEntry<T>> statics;
    private final List<ShapeEntry<T>> dynamics;
    private final List<Claim<T>> routes;
    private final List<Conflict> conflicts;

    private RouteTable(Collection<Claim<T>> claims) {
        Map<String, ShapeEntry<T>> byShape = new LinkedHashMap<>();
        Map<String, List<Claim<T>>> claimsByKey = new LinkedHashMap<>();
        List<Claim<T>> sorted = new ArrayList<>(claims);
        sorted.sort((a, b) -> RoutePattern.SPECIFICITY.compare(a.route().pattern(), b.route().pattern()));
        for (Claim<T> c : sorted) {
            RoutePattern p = c.route().pattern();
            byShape.computeIfAbsent(p.shape(), s -> new ShapeEntry<>(p));
            List<Claim<T>> same = claimsByKey.computeIfAbsent(p.shape() + " " + c.route().method(), k -> new ArrayList<>());
            if (same.stream().noneMatch(o -> o.target().equals(c.target()))) {
                same.add(c);
            }
        }
        List<Conflict> conflictList = new ArrayList<>();
        List<Claim<T>> effective = new ArrayList<>();
        for (List<Claim<T>> same : claimsByKey.values()) {
            Claim<T> first = same.get(0);
            ShapeEntry<T> entry = byShape.get(first.route().pattern().shape());
            if (same.size() == 1) {
                entry.byMethod.put(first.route().method(), first);
                effective.add(first);
            } else {
                List<String> sources = same.stream().map(Claim::source).toList();
                Conflict conflict = new Conflict(first.route(), sources);
                entry.byMethod.put(first.route().method(), conflict);
                conflictList.add(conflict);
            }
        }
        Map<String, ShapeEntry<T>> staticMap = new HashMap<>();
        List<ShapeEntry<T>> dynamicList = new ArrayList<>();
        for (ShapeEntry<T> e : byShape.values()) {
            if (e.pattern.isStatic()) {
                staticMap.put(e.pattern.toString(), e);
            } else {
                dynamicList.add(e);
            }
        }
        this.statics = staticMap;
        this.dynamics = List.copyOf(dynamicList);
        this.routes = List.copyOf(effective);
        this.conflicts = List.copyOf(conflictList);
    }

    /**
     * Returns the empty table.
     *
     * @param <T> the target type
     * @return a table that matches nothing
     */
    @SuppressWarnings("unchecked")
    public static <T> RouteTable<T> empty() {
        return (RouteTable<T>) EMPTY;
    }

    /**
     * Builds a table. A claim repeated for the same target counts once.
     *
     * @param claims every route claim, in any order
     * @param <T> the target type
     * @return the table
     */
    public static <T> RouteTable<T> of(Collection<Claim<T>> claims) {
        return claims.isEmpty() ? empty() : new RouteTable<>(claims);
    }

    /**
     * Looks up a request.
     *
     * @param method the upper-case request method
     * @param path the decoded request path, starting with {@code /}; trailing and doubled slashes are ignored
     * @return what serves it
     */
    @SuppressWarnings("unchecked")
    public Match<T> match(String method, String path) {
        if (isCanonical(path)) {
            ShapeEntry<T> exact = statics.get(path);
            if (exact != null) {
                Object hit = exact.byMethod.get(method);
                if (hit != null) {
                    return result(hit, null);
                }
            } else if (dynamics.isEmpty()) {
                return new Match<>(Outcome.NOT_FOUND, null, null, Map.of(), List.of(), null);
            }
        }
        List<String> segs = RoutePattern.pathSegments(path);
        Set<String> allowed = null;
        ShapeEntry<T> exact = statics.isEmpty() ? null : statics.get(segs.isEmpty() ? "/" : "/" + String.join("/", segs));
        if (exact != null) {
            Object hit = exact.byMethod.get(method);
            if (hit != null) {
                return result(hit, segs);
            }
            allowed = new LinkedHashSet<>(exact.byMethod.keySet());
        }
        for (ShapeEntry<T> e : dynamics) {
            if (e.pattern.match(segs) == null) {
                continue;
            }
            Object hit = e.byMethod.get(method);
            if (hit != null) {
                return result(hit, segs);
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.addAll(e.byMethod.keySet());
        }
        if (allowed != null) {
            List<String> list = new ArrayList<>(allowed);
            list.sort(RouteTable::compareMethods);
            return new Match<>(Outcome.METHOD_NOT_ALLOWED, null, null, Map.of(), List.copyOf(list), null);
        }
        return new Match<>(Outcome.NOT_FOUND, null, null, Map.of(), List.of(), null);
    }

    /** True when the path is already in the form static keys use: no empty segment, no trailing slash. */
    private static boolean isCanonical(String path) {
        int n = path.length();
        if (n == 0 || path.charAt(0) != '/') {
            return false;
        }
        if (n == 1) {
            return true;
        }
        if (path.charAt(n - 1) == '/') {
            return false;
        }
        return path.indexOf("//") < 0;
    }

    @SuppressWarnings("unchecked")
    private Match<T> result(Object hit, List<String> segs) {
        if (hit instanceof Conflict c) {
            return new Match<>(Outcome.CONFLICT, null, null, Map.of(), List.of(), c);
        }
        Claim<T> claim = (Claim<T>) hit;
        Map<String, String> params = segs == null ? Map.of() : claim.route().pattern().match(segs);
        return new Match<>(Outcome.FOUND, claim.target(), claim.route(), params, List.of(), null);
    }

    /** @return the routes that are served (conflicting ones left out), most specific first */
    public List<Claim<T>> routes() {
        return routes;
    }

    /** @return the conflicts, most specific first */
    public List<Conflict> conflicts() {
        return conflicts;
    }

    /** @return true when the table has no routes and no conflicts */
    public boolean isEmpty() {
        return routes.isEmpty() && conflicts.isEmpty();
    }

    private static int compareMethods(String a, String b) {
        int ia = Route.METHODS.indexOf(a);
        int ib = Route.METHODS.indexOf(b);
        return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
    }

    @Override
    public String toString() {
        return "RouteTable" + Collections.unmodifiableList(routes);
    }
}
