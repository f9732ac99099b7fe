package io.fnkernel.api.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed URL path pattern such as {@code /users/:id}, {@code /blog/:slug*} or {@code /files/*}.
 *
 * <p>Syntax, one segment at a time after a leading {@code /}:
 * <ul>
 * <li>a static segment matches itself exactly (case-sensitive);</li>
 * <li>{@code :name} matches one segment and binds it to {@code name};</li>
 * <li>{@code :name*} matches one or more remaining segments, joined by {@code /};</li>
 * <li>{@code *} is the same as {@code :wildcard*} ({@code wildcard2}, ... when repeated).</li>
 * </ul>
 * Parameter names match {@code [A-Za-z0-9_]+} and keep their case. A catch-all must be the last
 * segment. Empty segments are dropped, so {@code //a/} parses as {@code /a}. The segments {@code .}
 * and {@code ..} are refused.
 *
 * <p>Instances are immutable; equality is by the canonical text.
 */
public final class RoutePattern {

    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_]+");

    /** Kind of one pattern segment. */
    public enum SegmentKind {
        /** Matches its text exactly. */
        STATIC,
        /** Matches one segment. */
        PARAM,
        /** Matches one or more segments; only last. */
        CATCH_ALL
    }

    /**
     * One segment of a pattern.
     *
     * @param kind what the segment matches
     * @param text the literal text for {@link SegmentKind#STATIC}, else the parameter name
     */
    public record Segment(SegmentKind kind, String text) {
        /** Checks the components. */
        public Segment {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Orders patterns most specific first; the precedence rule of the platform. */
    public static final Comparator<RoutePattern> SPECIFICITY = Comparator
            .comparingInt((RoutePattern p) -> -p.staticCount)
            .thenComparingInt(p -> -p.segments.size())
            .thenComparingInt(p -> p.catchAllCount)
            .thenComparingInt(p -> -p.paramCount)
            .thenComparing(p -> p.text);

    private final List<Segment> segments;
    private final String text;
    private final String shape;
    private final int staticCount;
    private final int paramCount;
    private final int catchAllCount;

    private RoutePattern(List<Segment> segments) {
        this.segments = Collections.unmodifiableList(segments);
        StringBuilder t = new StringBuilder();
        StringBuilder s = new StringBuilder();
        int statics = 0;
        int params = 0;
        int catchAlls = 0;
        for (Segment seg : segments) {
            t.append('/');
            s.append('/');
            switch (seg.kind()) {
                case STATIC -> {
                    t.append(seg.text());
                    s.append(seg.text());
                    statics++;
                }
                case PARAM -> {
                    t.append(':').append(seg.text());
                    s.append(':');
                    params++;
                }
                case CATCH_ALL -> {
                    t.append(':').append(seg.text()).append('*');
                    s.append("*");
                    catchAlls++;
                }
            }
        }
        this.text = t.length() == 0 ? "/" : t.toString();
        this.shape = s.length() == 0 ? "/" : s.toString();
        this.staticCount = statics;
        this.paramCount = params;
        this.catchAllCount = catchAlls;
    }

    /**
     * Parses a pattern.
     *
     * @param pattern the pattern text, starting with {@code /}
     * @return the parsed pattern
     * @throws IllegalArgumentException naming the offending segment when the text is not a valid pattern
     */
    public static RoutePattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route must start with '/': " + pattern);
        }
        List<Segment> segments = new ArrayList<>();
        int wildcards = 0;
        String[] parts = pattern.split("/");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            if (!segments.isEmpty() && segments.get(segments.size() - 1).kind() == SegmentKind.CATCH_ALL) {
                throw new IllegalArgumentException("catch-all must be the last segment: " + pattern);
            }
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("route must not contain '" + part + "': " + pattern);
            }
            if (part.equals("*")) {
                wildcards++;
                segments.add(new Segment(SegmentKind.CATCH_ALL, wildcards == 1 ? "wildcard" : "wildcard" + wildcards));
            } else if (part.startsWith(":")) {
                boolean catchAll = part.endsWith("*");
                String name = part.substring(1, catchAll ? part.length() - 1 : part.length());
                if (!PARAM_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("invalid parameter name '" + name + "' in route " + pattern
                            + " (use letters, digits and _)");
                }
                segments.add(new Segment(catchAll ? SegmentKind.CATCH_ALL : SegmentKind.PARAM, name));
            } else {
                if (part.indexOf('*') >= 0 || part.indexOf(':') >= 0 || part.indexOf('?') >= 0 || part.indexOf('#') >= 0) {
                    throw new IllegalArgumentException("invalid characters in segment '" + part + "' of route " + pattern);
                }
                segments.add(new Segment(SegmentKind.STATIC, part));
            }
        }
        checkUniqueNames(segments, pattern);
        return new RoutePattern(segments);
    }

    private static void checkUniqueNames(List<Segment> segments, String pattern) {
        List<String> seen = new ArrayList<>();
        for (Segment seg : segments) {
            if (seg.kind() != SegmentKind.STATIC) {
                if (seen.contains(seg.text())) {
                    throw new IllegalArgumentException("parameter '" + seg.text() + "' appears twice in route " + pattern);
                }
                seen.add(seg.text());
            }
        }
    }

    /**
     * Splits a request path into segments the way patterns are matched: empty segments are dropped,
     * so a trailing or doubled slash makes no difference.
     *
     * @param path a decoded request path starting with {@code /}
     * @return the non-empty segments, in order
     */
    public static List<String> pathSegments(String path) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int len = path.length();
        for (int i = 0; i <= len; i++) {
            if (i == len || path.charAt(i) == '/') {
                if (i > start) {
                    out.add(path.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * Matches request segments against this pattern.
     *
     * @param path request segments as returned by {@link #pathSegments(String)}
     * @return the bound parameters (empty for a static pattern), or {@code null} when the path does not match
     */
    public Map<String, String> match(List<String> path) {
        int n = segments.size();
        if (catchAllCount == 0 ? path.size() != n : path.size() < n) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < n; i++) {
            Segment seg = segments.get(i);
            switch (seg.kind()) {
                case STATIC -> {
                    if (!seg.text().equals(path.get(i))) {
                        return null;
                    }
                }
                case PARAM -> {
                    if (params == null) {
                        params = new LinkedHashMap<>();
                    }
                    params.put(seg.text(), path.get(i));
                }
                case CATCH_ALL -> {
                    if (params == null) {
                        params = new LinkedHashMap<>();
                    }
                    params.put(seg.text(), String.join("/", path.subList(i, path.size())));
                }
            }
        }
        return params == null ? Map.of() : Collections.unmodifiableMap(params);
    }

    /** @return the segments in order */
    public List<Segment> segments() {
        return segments;
    }

    /** @return true when the pattern has no parameters, so it matches exactly one path */
    public boolean isStatic() {
        return paramCount == 0 && catchAllCount == 0;
    }

    /** @return true when the last segment is a catch-all */
    public boolean hasCatchAll() {
        return catchAllCount > 0;
    }

    /** @return the parameter names in order of appearance */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (Segment seg : segments) {
            if (seg.kind() != SegmentKind.STATIC) {
                names.add(seg.text());
            }
        }
        return names;
    }

    /**
     * The pattern with parameter names erased; two patterns with the same shape match exactly the
     * same paths, so two claims on one shape and method conflict.
     *
     * @return for example {@code /users/:} for {@code /users/:id}
     */
    public String shape() {
        return shape;
    }

    /** @return the pattern in OpenAPI form, {@code /users/{id}} */
    public String toOpenApiPath() {
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder b = new StringBuilder();
        for (Segment seg : segments) {
            b.append('/');
            b.append(seg.kind() == SegmentKind.STATIC ? seg.text() : "{" + seg.text() + "}");
        }
        return b.toString();
    }

    /** @return the canonical text, {@code /users/:id} */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoutePattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
