package io.fnkernel.runtime.node.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A snapshot can serve the function folder's node_modules from an install elsewhere, confined to that install. */
class FileSnapshotTest {

    @Test
    void mappedNodeModulesReplaceTheFoldersOwnAndStayConfined(@TempDir Path root) throws Exception {
        Path fn = folder(root, "fn", "handler.js", "1", "node_modules/own/index.js", "own");
        Path install = folder(root, "install", "node_modules/x/index.js", "installed x");
        folder(root, "outside", "secret.js", "secret");
        Files.createSymbolicLink(install.resolve("node_modules/evil"), root.resolve("outside"));
        FileSnapshot files = new FileSnapshot(fn, Map.of(), install.resolve("node_modules"));

        Path x = fn.resolve("node_modules/x/index.js");
        assertEquals("installed x", new String(files.read(x), StandardCharsets.UTF_8));
        assertEquals(fn.toRealPath().resolve("node_modules/x/index.js"), files.toRealPath(x), "the function sees its own path");
        assertEquals("1", new String(files.read(fn.resolve("handler.js")), StandardCharsets.UTF_8));
        assertThrows(NoSuchFileException.class, () -> files.read(fn.resolve("node_modules/own/index.js")), "the folder's own copy is hidden");
        assertThrows(NoSuchFileException.class, () -> files.read(fn.resolve("node_modules/evil/secret.js")), "no link out of the install");
    }
}
