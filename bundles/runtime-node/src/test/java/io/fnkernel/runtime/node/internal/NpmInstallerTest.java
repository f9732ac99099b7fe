package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.fnkernel.runtime.node.internal.TestFunctions.call;
import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.get;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static io.fnkernel.runtime.node.internal.TestFunctions.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** package.json dependencies are installed with npm once per content hash, from local packages (no network). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NpmInstallerTest {

    private NodeRuntime runtime;
    private Path root;
    private Path work;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        this.root = root;
        this.work = root.resolve("work");
        runtime = new NodeRuntime(NodeRuntimeConfig.defaults(), work, OutputRouter.logging(4096));
        folder(root, "tiny", "package.json", "{\"name\": \"tiny\", \"version\": \"1.0.0\", \"main\": \"index.js\"}",
                "index.js", "module.exports = (s) => 'tiny ' + s;");
        for (String v : List.of("1", "2")) {
            folder(root, "x" + v, "package.json", "{\"name\": \"x\", \"version\": \"" + v + ".0.0\", \"main\": \"index.js\"}",
                    "index.js", "module.exports = 'x" + v + " main';",
                    "other.js", "module.exports = 'x" + v + " other';");
        }
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private static boolean npmWorks() {
        try {
            Process p = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String manifest(String name, String xSpec) {
        return "{\"name\": \"" + name + "\", \"version\": \"1.0.0\", \"dependencies\": {\"x\": \"" + xSpec + "\"}}";
    }

    /** A lockfile in step with {@link #manifest}, so npm takes the {@code npm ci} path (which empties node_modules first). */
    private static String lockfile(String name, String xSpec) {
        return "{\"name\": \"" + name + "\", \"version\": \"1.0.0\", \"lockfileVersion\": 3, \"requires\": true, \"packages\": {"
                + "\"\": {\"name\": \"" + name + "\", \"version\": \"1.0.0\", \"dependencies\": {\"x\": \"" + xSpec + "\"}},"
                + "\"node_modules/x\": {\"version\": \"1.0.0\", \"resolved\": \"" + xSpec + "\"}}}";
    }

    /** A handler that requires a module of x only when called, so the test decides what was required before. */
    private static String lazyHandler() {
        return "exports.handler = (e) => require(e.query.m ? 'x/' + e.query.m : 'x');";
    }

    private static String requireOf(FunctionVersion v, String module) {
        return call(v, get("/").query(Map.of("m", List.of(module))).build()).bodyText();
    }

    private List<String> installFolders() throws IOException {
        if (!Files.isDirectory(work.resolve("npm"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(work.resolve("npm"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installsOncePerManifestOutsideTheFunctionFolder(@TempDir Path area) throws Exception {
        assumeTrue(npmWorks(), "npm is not on PATH");
        Path dir = folder(root, "uses-tiny",
                "package.json", "{\"name\": \"uses-tiny\", \"version\": \"1.0.0\", \"dependencies\": {\"tiny\": \"file:../tiny\"}}",
                "handler.js", "const tiny = require('tiny');\nexports.handler = () => tiny('works');");
        assertEquals("tiny works", text(runtime.load(source(dir))));
        assertFalse(Files.exists(dir.resolve("node_modules")), "npm never writes into the function folder");
        assertFalse(Files.exists(dir.resolve("package-lock.json")), "no lockfile written into the function folder");

        NpmInstaller npm = new NpmInstaller("npm", 120_000, area);
        FunctionSource source = source(dir);
        NpmInstaller.Installed first = npm.acquire(source);
        assertTrue(Files.isRegularFile(first.modules().resolve("tiny/index.js")), "installed as a copy");
        assertFalse(Files.isSymbolicLink(first.modules().resolve("tiny")));
        Path probe = Files.writeString(first.folder().resolve("probe"), "still here");
        NpmInstaller.Installed again = npm.acquire(source);
        assertEquals(first, again);
        assertTrue(Files.exists(probe), "same manifest: npm did not run again");

        Files.writeString(dir.resolve("package.json"),
                "{\"name\": \"uses-tiny\", \"version\": \"1.0.1\", \"dependencies\": {\"tiny\": \"file:../tiny\"}}");
        NpmInstaller.Installed changed = npm.acquire(source);
        assertNotEquals(first.folder(), changed.folder(), "changed manifest: a new install");
        assertTrue(Files.isRegularFile(changed.modules().resolve("tiny/index.js")));
        npm.release(first);
        assertTrue(npm.installed(first.hash()), "one holder is left");
        npm.release(again);
        assertFalse(Files.exists(first.folder()), "the last holder let go: the install is deleted");
        assertTrue(npm.installed(changed.hash()));
    }

    @Test
    void failedInstallIsALoadErrorCarryingNpmsMessage(@TempDir Path area) throws Exception {
        assumeTrue(npmWorks(), "npm is not on PATH");
        Path dir = folder(root, "broken-deps",
                "package.json", "{\"name\": \"broken-deps\", \"version\": \"1.0.0\", \"dependencies\": {\"gone\": \"file:../does-not-exist\"}}",
                "handler.js", "exports.handler = () => 1;");
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> runtime.load(source(dir)));
        assertTrue(e.getMessage().startsWith("npm install failed with exit code"), e.describe());
        assertTrue(e.getMessage().contains("does-not-exist"), e.describe());
        assertTrue(e.file().endsWith("package.json"), e.describe());

        NpmInstaller npm = new NpmInstaller("npm", 120_000, area);
        assertThrows(FunctionLoadException.class, () -> npm.acquire(source(dir)));
        try (Stream<Path> left = Files.list(area)) {
            assertEquals(List.of(), left.toList(), "nothing of the failed install is left");
        }
    }

    @Test
    void failedInstallKeepsThePreviousVersionServing() throws Exception {
        assumeTrue(npmWorks(), "npm is not on PATH");
        Path dir = folder(root, "keeps", "package.json", manifest("keeps", "file:../x1"), "handler.js", lazyHandler());
        FunctionVersion a = runtime.load(source(dir));
        assertEquals("x1 main", text(a));
        List<String> before = installFolders();

        Files.writeString(dir.resolve("package.json"), manifest("keeps", "file:../gone"));
        Files.writeString(dir.resolve("package-lock.json"), lockfile("keeps", "file:../gone"));
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> runtime.load(source(dir)));
        assertTrue(e.getMessage().startsWith("npm ci failed with exit code"), e.describe());
        assertTrue(e.getMessage().contains("gone"), e.describe());

        assertEquals("x1 other", requireOf(a, "other"), "a module A had not required yet still loads");
        assertEquals("x1 main", text(a));
        assertEquals(before, installFolders(), "the failed install left nothing behind");
        a.close();
    }

    @Test
    void successfulNewInstallDoesNotChangeWhatTheLoadedVersionRequires() throws Exception {
        assumeTrue(npmWorks(), "npm is not on PATH");
        Path dir = folder(root, "upgrades", "package.json", manifest("upgrades", "file:../x1"), "handler.js", lazyHandler());
        List<String> before = installFolders();
        FunctionVersion a = runtime.load(source(dir));
        assertEquals("x1 main", text(a));
        List<String> aInstall = added(before, installFolders());
        assertEquals(1, aInstall.size(), aInstall.toString());

        Files.writeString(dir.resolve("package.json"), manifest("upgrades", "file:../x2"));
        List<String> withA = installFolders();
        FunctionVersion b = runtime.load(source(dir));
        List<String> bInstall = added(withA, installFolders());
        assertEquals(1, bInstall.size(), bInstall.toString());
        assertEquals("x2 other", requireOf(b, "other"));
        assertEquals("x1 other", requireOf(a, "other"), "A still reads its own install");
        assertEquals("x1 main", text(a));
        assertEquals("x2 main", text(b));

        a.close();
        assertFalse(installFolders().contains(aInstall.get(0)), "A's install is deleted once no version uses it");
        assertTrue(installFolders().contains(bInstall.get(0)));
        assertEquals("x2 main", text(b));
        b.close();
    }

    private static List<String> added(List<String> before, List<String> after) {
        return after.stream().filter(f -> !before.contains(f)).toList();
    }

    @Test
    void missingNpmIsAClearLoadErrorForThatFunctionOnly() throws Exception {
        try (NodeRuntime noNpm = new NodeRuntime(NodeRuntimeConfig.from(Map.of("fnk.node.npm", root.resolve("no-such-npm").toString())::get))) {
            Path dir = folder(root, "needs-npm", "package.json", "{\"name\": \"needs-npm\", \"dependencies\": {}}",
                    "handler.js", "exports.handler = () => 1;");
            FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> noNpm.load(source(dir)));
            assertTrue(e.getMessage().contains("package.json needs npm to install its dependencies"), e.describe());
            assertTrue(e.getMessage().contains("fnk.node.npm"), e.describe());
            Path plain = folder(root, "no-deps", "handler.js", "exports.handler = () => 'fine';");
            assertEquals("fine", text(noNpm.load(source(plain))));
        }
    }
}
