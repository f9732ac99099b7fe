package io.fnkernel.discovery.internal.scan;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.stream.Collectors;

import static io.fnkernel.discovery.internal.scan.Files2.handler;
import static io.fnkernel.discovery.internal.scan.Files2.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Revisions change exactly when a function's own files or settings change. */
class RevisionTest {

    @TempDir
    Path root;

    private final ContentHasher hasher = new ContentHasher();

    private Map<String, String> revisions() {
        return new Scanner(root, RuntimeExtensions.BUILT_IN, hasher).scan().sources().stream()
                .collect(Collectors.toMap(s -> s.ref().toString() + " " + s.runtime(), s -> s.revision()));
    }

    @BeforeEach
    void tree() {
        handler(root, "hello/handler.js");
        handler(root, "hello/lib/util.js");
        handler(root, "hello/v2/handler.js");
        handler(root, "users/[id].js");
        handler(root, "users/_db.js");
        handler(root, "users/index.js");
    }

    @Test
    void codeEditChangesOnlyThatFunction() {
        Map<String, String> before = revisions();
        write(root, "hello/lib/util.js", "changed");
        Map<String, String> after = revisions();
        assertNotEquals(before.get("hello@default node"), after.get("hello@default node"));
        assertEquals(before.get("hello@v2 node"), after.get("hello@v2 node"));
        assertEquals(before.get("users/[id].js@default node"), after.get("users/[id].js@default node"));
    }

    @Test
    void versionEditDoesNotChangeTheDefault() {
        Map<String, String> before = revisions();
        write(root, "hello/v2/handler.js", "v2 changed");
        Map<String, String> after = revisions();
        assertEquals(before.get("hello@default node"), after.get("hello@default node"));
        assertNotEquals(before.get("hello@v2 node"), after.get("hello@v2 node"));
    }

    @Test
    void privateHelperChangesItsFileRoutesButSiblingRoutesDoNot() {
        Map<String, String> before = revisions();
        write(root, "users/_db.js", "db changed");
        Map<String, String> mid = revisions();
        assertNotEquals(before.get("users/[id].js@default node"), mid.get("users/[id].js@default node"));
        write(root, "users/index.js", "index changed");
        Map<String, String> after = revisions();
        assertEquals(mid.get("users/[id].js@default node"), after.get("users/[id].js@default node"));
        assertNotEquals(mid.get("users@default node"), after.get("users@default node"));
    }

    @Test
    void dependencyCachesAndEditorFilesDoNotCount() {
        Map<String, String> before = revisions();
        write(root, "hello/node_modules/x/index.js", "dep");
        write(root, "hello/.fnk/python-deps/abc/mod.py", "dep");
        write(root, "hello/__pycache__/a.pyc", "x");
        write(root, "hello/.handler.js.swp", "swap");
        write(root, "hello/handler.js~", "backup");
        assertEquals(before, revisions());
    }

    @Test
    void touchWithoutChangeKeepsTheRevision() throws Exception {
        Map<String, String> before = revisions();
        Files.setLastModifiedTime(root.resolve("hello/handler.js"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(before, revisions());
    }

    @Test
    void configOverlayAndEnvChangesCount() {
        Map<String, String> before = revisions();
        write(root, "fn.config.json", "{\"timeout_ms\": 999}");
        Map<String, String> mid = revisions();
        assertNotEquals(before.get("hello@default node"), mid.get("hello@default node"));
        assertNotEquals(before.get("users@default node"), mid.get("users@default node"));
        write(root, "hello/fn.env.json", "{\"A\": \"1\"}");
        Map<String, String> after = revisions();
        assertNotEquals(mid.get("hello@default node"), after.get("hello@default node"));
        assertNotEquals(mid.get("hello@v2 node"), after.get("hello@v2 node"));
    }

    @Test
    void sameSizeEditWithinOneTimestampTickIsSeen() throws Exception {
        Path f = root.resolve("hello/handler.js");
        FileTime t = Files.getLastModifiedTime(f);
        String before = revisions().get("hello@default node");
        Files.writeString(f, "// hello/handler.jX\n");
        Files.setLastModifiedTime(f, t);
        assertNotEquals(before, revisions().get("hello@default node"));
    }
}
