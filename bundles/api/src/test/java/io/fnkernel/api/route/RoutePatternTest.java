package io.fnkernel.api.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutePatternTest {

    private static Map<String, String> match(String pattern, String path) {
        return RoutePattern.parse(pattern).match(RoutePattern.pathSegments(path));
    }

    @Test
    void staticPatternMatchesItselfIgnoringTrailingAndDoubleSlashes() {
        assertEquals(Map.of(), match("/hello", "/hello"));
        assertEquals(Map.of(), match("/hello", "/hello/"));
        assertEquals(Map.of(), match("/a/b", "//a//b"));
        assertNull(match("/hello", "/Hello"));
        assertNull(match("/hello", "/hello/x"));
    }

    @Test
    void rootPattern() {
        RoutePattern root = RoutePattern.parse("/");
        assertEquals("/", root.toString());
        assertEquals(Map.of(), root.match(RoutePattern.pathSegments("/")));
        assertNull(root.match(RoutePattern.pathSegments("/x")));
    }

    @Test
    void paramKeepsCaseOfItsName() {
        assertEquals(Map.of("userId", "42"), match("/users/:userId", "/users/42"));
        assertNull(match("/users/:userId", "/users"));
        assertNull(match("/users/:userId", "/users/42/x"));
    }

    @Test
    void catchAllTakesOneOrMoreSegments() {
        assertEquals(Map.of("slug", "a/b/c"), match("/blog/:slug*", "/blog/a/b/c"));
        assertEquals(Map.of("slug", "a"), match("/blog/:slug*", "/blog/a"));
        assertNull(match("/blog/:slug*", "/blog"));
    }

    @Test
    void starIsANamedWildcard() {
        RoutePattern p = RoutePattern.parse("/files/*");
        assertEquals("/files/:wildcard*", p.toString());
        assertEquals(Map.of("wildcard", "x/y"), p.match(RoutePattern.pathSegments("/files/x/y")));
    }

    @Test
    void shapeErasesParameterNames() {
        assertEquals(RoutePattern.parse("/users/:id").shape(), RoutePattern.parse("/users/:uid").shape());
        assertFalse(RoutePattern.parse("/users/:id").shape().equals(RoutePattern.parse("/users/:id*").shape()));
    }

    @Test
    void openApiForm() {
        assertEquals("/users/{id}/posts/{rest}", RoutePattern.parse("/users/:id/posts/:rest*").toOpenApiPath());
        assertEquals("/", RoutePattern.parse("/").toOpenApiPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "/a/../b", "/a/./b", "/:bad-name", "/:", "/a/*/b", "/a/:x*/b", "/x:y", "/:id/:id"})
    void rejectsInvalidPatterns(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutePattern.parse(pattern));
        assertTrue(e.getMessage().contains(pattern), e.getMessage());
    }

    @Test
    void specificityOrdersStaticThenLongerThenFewerCatchAlls() {
        List<RoutePattern> ps = new ArrayList<>();
        for (String s : List.of("/users/:rest*", "/users/:id", "/users/me", "/:a/:b", "/users/:id/posts")) {
            ps.add(RoutePattern.parse(s));
        }
        ps.sort(RoutePattern.SPECIFICITY);
        // equal static counts: the longer pattern first; they never match the same path
        assertEquals(List.of("/users/:id/posts", "/users/me", "/users/:id", "/users/:rest*", "/:a/:b"),
                ps.stream().map(RoutePattern::toString).toList());
    }

    @Test
    void describesItsParts() {
        RoutePattern p = RoutePattern.parse("/a/:b/:c*");
        assertEquals(List.of("b", "c"), p.parameterNames());
        assertTrue(p.hasCatchAll());
        assertFalse(p.isStatic());
        assertTrue(RoutePattern.parse("/a/b").isStatic());
        assertEquals(RoutePattern.parse("/a/:b/:c*"), p);
    }
}
