package io.fnkernel.api.route;

import io.fnkernel.api.route.RouteTable.Claim;
import io.fnkernel.api.route.RouteTable.Match;
import io.fnkernel.api.route.RouteTable.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

    private static Claim<String> claim(String route, String target) {
        return new Claim<>(Route.parse(route), target, target + ".js");
    }

    @Test
    void staticBeatsDynamicBeatsCatchAll() {
        RouteTable<String> t = RouteTable.of(List.of(
                claim("GET /users/:rest*", "rest"),
                claim("GET /users/:id", "byId"),
                claim("GET /users/me", "me")));
        assertEquals("me", t.match("GET", "/users/me").target());
        assertEquals("byId", t.match("GET", "/users/42").target());
        assertEquals(Map.of("id", "42"), t.match("GET", "/users/42").params());
        assertEquals("rest", t.match("GET", "/users/42/posts").target());
        assertEquals(Map.of("rest", "42/posts"), t.match("GET", "/users/42/posts").params());
        assertEquals(Outcome.NOT_FOUND, t.match("GET", "/users").outcome());
    }

    @Test
    void wrongMethodOnKnownPathListsAllowedMethodsInCanonicalOrder() {
        RouteTable<String> t = RouteTable.of(List.of(
                claim("POST /items", "create"), claim("GET /items", "list"), claim("DELETE /items/:id", "del")));
        Match<String> m = t.match("PUT", "/items");
        assertEquals(Outcome.METHOD_NOT_ALLOWED, m.outcome());
        assertEquals(List.of("GET", "POST"), m.allowedMethods());
        assertEquals(List.of("DELETE"), t.match("GET", "/items/3").allowedMethods());
    }

    @Test
    void methodMissingOnStaticFallsThroughToDynamic() {
        RouteTable<String> t = RouteTable.of(List.of(claim("GET /users/me", "me"), claim("POST /users/:id", "update")));
        Match<String> m = t.match("POST", "/users/me");
        assertEquals("update", m.target());
        assertEquals(Map.of("id", "me"), m.params());
    }

    @Test
    void sameShapeAndMethodFromTwoTargetsConflictsButOtherRoutesWork() {
        RouteTable<String> t = RouteTable.of(List.of(
                claim("GET /conflict", "a"), claim("GET /conflict", "b"), claim("POST /conflict", "a"),
                claim("GET /accounts/:id", "c"), claim("GET /accounts/:uid", "d"), claim("GET /ok", "a")));
        assertEquals(Outcome.CONFLICT, t.match("GET", "/conflict").outcome());
        assertEquals(List.of("a.js", "b.js"), t.match("GET", "/conflict").conflict().sources());
        assertEquals("a", t.match("POST", "/conflict").target());
        assertEquals(Outcome.CONFLICT, t.match("GET", "/accounts/7").outcome());
        assertEquals("a", t.match("GET", "/ok").target());
        assertEquals(2, t.conflicts().size());
        assertTrue(t.routes().stream().noneMatch(c -> c.route().pattern().toString().equals("/conflict")
                && c.route().method().equals("GET")));
    }

    @Test
    void repeatedClaimOfOneTargetIsNotAConflict() {
        RouteTable<String> t = RouteTable.of(List.of(claim("GET /x", "a"), claim("GET /x", "a")));
        assertEquals("a", t.match("GET", "/x").target());
        assertTrue(t.conflicts().isEmpty());
        assertEquals(1, t.routes().size());
    }

    @Test
    void trailingSlashIsTolerated() {
        RouteTable<String> t = RouteTable.of(List.of(claim("GET /hello", "h"), claim("GET /", "root")));
        assertEquals("h", t.match("GET", "/hello/").target());
        assertEquals("root", t.match("GET", "/").target());
    }

    @Test
    void emptyTableMatchesNothing() {
        RouteTable<String> t = RouteTable.of(List.of());
        assertTrue(t.isEmpty());
        assertEquals(Outcome.NOT_FOUND, t.match("GET", "/").outcome());
    }

    @Test
    void routesAreListedMostSpecificFirst() {
        RouteTable<String> t = RouteTable.of(List.of(claim("GET /a/:x", "x"), claim("GET /a/b", "b"), claim("GET /:all*", "all")));
        assertEquals(List.of("GET /a/b", "GET /a/:x", "GET /:all*"), t.routes().stream().map(c -> c.route().toString()).toList());
    }
}
