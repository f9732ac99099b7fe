package io.fnkernel.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionRefTest {

    @Test
    void parsesVersionedPaths() {
        assertEquals(Optional.of(new FunctionRef("hello", "v2")), FunctionRef.parsePath("/hello@v2"));
        assertEquals(Optional.of(new FunctionRef("api/users", "v2")), FunctionRef.parsePath("/api/users@v2"));
        assertEquals(Optional.of(new FunctionRef("hello", "v2.1-beta")), FunctionRef.parsePath("/hello@v2.1-beta/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hello", "/@v2", "/hello@", "/hello@v2/x", "hello@v2", "/a//b@v2", "/hello@v 2", "/x/@v2"})
    void ignoresOtherPaths(String path) {
        assertTrue(FunctionRef.parsePath(path).isEmpty(), path);
    }

    @Test
    void parsesTextAndPrintsPaths() {
        FunctionRef d = FunctionRef.parse("hello");
        assertTrue(d.isDefault());
        assertEquals("/hello", d.toPath());
        assertEquals("/hello@v2", FunctionRef.parse("hello@v2").toPath());
        assertEquals("api/users@v3", FunctionRef.parse("api/users@v3").toString());
        assertThrows(IllegalArgumentException.class, () -> FunctionRef.parse("hello@"));
        assertThrows(IllegalArgumentException.class, () -> new FunctionRef("/x", "v1"));
    }

    @Test
    void versionFolderNames() {
        assertTrue(FunctionRef.isVersionFolder("v2"));
        assertTrue(FunctionRef.isVersionFolder("v10"));
        assertTrue(FunctionRef.isVersionFolder("v2-beta.1"));
        assertFalse(FunctionRef.isVersionFolder("v"));
        assertFalse(FunctionRef.isVersionFolder("version2"));
        assertFalse(FunctionRef.isVersionFolder("V2"));
        assertFalse(FunctionRef.isVersionFolder("2"));
        assertFalse(FunctionRef.isVersionFolder("v2/x"));
    }
}
