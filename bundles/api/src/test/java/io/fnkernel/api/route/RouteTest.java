package io.fnkernel.api.route;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouteTest {

    @Test
    void parsesAndPrintsTheServicePropertyForm() {
        Route r = Route.parse("get /users/:id");
        assertEquals("GET", r.method());
        assertEquals("/users/:id", r.pattern().toString());
        assertEquals("GET /users/:id", r.toString());
        assertEquals(r, Route.parse(r.toString()));
    }

    @Test
    void refusesUnknownMethodsAndMalformedText() {
        assertThrows(IllegalArgumentException.class, () -> Route.parse("HEAD /x"));
        assertThrows(IllegalArgumentException.class, () -> Route.parse("/x"));
        assertThrows(IllegalArgumentException.class, () -> Route.parse("GET x"));
    }
}
