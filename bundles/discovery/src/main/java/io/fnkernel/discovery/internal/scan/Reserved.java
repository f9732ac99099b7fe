package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.route.RoutePattern;

/** Routes a function may not claim: {@code /} (the home page) and the platform's own {@code /_fn/...}. */
final class Reserved {

    private Reserved() {
    }

    /**
     * @param pattern a route pattern
     * @return why it is reserved, or null when a function may claim it
     */
    static String why(RoutePattern pattern) {
        if (pattern.segments().isEmpty()) {
            return "route / is reserved for the home page";
        }
        RoutePattern.Segment first = pattern.segments().get(0);
        if (first.kind() == RoutePattern.SegmentKind.STATIC && first.text().equals("_fn")) {
            return "routes under /_fn are reserved for the platform";
        }
        return null;
    }
}
