package io.fnkernel.api.route;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP method on one path pattern, written {@code GET /users/:id}.
 *
 * @param method an upper-case method from {@link #METHODS}
 * @param pattern the path pattern
 */
public record Route(String method, RoutePattern pattern) {

    /** The methods a function may declare, in canonical order. HEAD and OPTIONS are answered by the gateway. */
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the method is not one of {@link #METHODS}
     */
    public Route {
        Objects.requireNonNull(pattern, "pattern");
        method = normalizeMethod(method);
    }

    /**
     * Creates a route.
     *
     * @param method an HTTP method, any case
     * @param pattern a pattern text, see {@link RoutePattern#parse(String)}
     * @return the route
     * @throws IllegalArgumentException when the method or the pattern is invalid
     */
    public static Route of(String method, String pattern) {
        return new Route(method, RoutePattern.parse(pattern));
    }

    /**
     * Parses the text form used in the {@code fn.routes} service property.
     *
     * @param text {@code METHOD /pattern}
     * @return the route
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Route parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        int space = t.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("route must be 'METHOD /path': " + text);
        }
        return of(t.substring(0, space), t.substring(space + 1).trim());
    }

    /**
     * Upper-cases and checks a method name.
     *
     * @param method a method name, any case
     * @return the upper-case method
     * @throws IllegalArgumentException when it is not one of {@link #METHODS}
     */
    public static String normalizeMethod(String method) {
        Objects.requireNonNull(method, "method");
        String m = method.trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw new IllegalArgumentException("unsupported method '" + method + "' (use one of " + String.join(", ", METHODS) + ")");
        }
        return m;
    }

    /** @return {@code METHOD /pattern}, the inverse of {@link #parse(String)} */
    @Override
    public String toString() {
        return method + " " + pattern;
    }
}
