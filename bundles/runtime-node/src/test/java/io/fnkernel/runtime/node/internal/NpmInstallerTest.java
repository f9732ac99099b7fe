package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static io.fnkernel.runtime.node.internal.TestFunctions.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** package.json dependencies are installed with npm once per content hash, from a local package (no network). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NpmInstallerTest {

    private NodeRuntime runtime;
    private Path root;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        this.root = root;
        runtime = new NodeRuntime(NodeRuntimeConfig.defaults());
        folder(root, "tiny", "package.json", "{\"name\": \"tiny\", \"version\": \"1.0.0\", \"main\": \"index.js\"}",
                "index.js", "module.exports = (s) => 'tiny ' + s;");
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

    @Test
    void installsOncePerManifestAndTheHandlerRequiresThePackage() throws Exception {
        assumeTrue(npmWorks(), "npm is not on PATH");
        Path dir = folder(root, "uses-tiny",
                "package.json", "{\"name\": \"uses-tiny\", \"version\": \"1.0.0\", \"dependencies\": {\"tiny\": \"file:../tiny\"}}",
                "handler.js", "const tiny = require('tiny');\nexports.handler = () => tiny('works');");
        assertEquals("tiny works", text(runtime.load(source(dir))));
        assertTrue(Files.isRegularFile(dir.resolve("node_modules/tiny/index.js")), "installed as a copy inside the folder");
        assertFalse(Files.isSymbolicLink(dir.resolve("node_modules/tiny")));
        assertFalse(Files.exists(dir.resolve("package-lock.json")), "no lockfile written into the function folder");
        NpmInstaller npm = new NpmInstaller("npm", 120_000);
        FunctionSource source = source(dir);
        assertFalse(npm.ensureInstalled(source), "same manifest: npm does not run again");
        Files.writeString(dir.resolve("package.json"),
                "{\"name\": \"uses-tiny\", \"version\": \"1.0.1\", \"dependencies\": {\"tiny\": \"file:../tiny\"}}");
        assertTrue(npm.ensureInstalled(source), "changed manifest: npm runs again");
    }

    @Test
    void failedInstallIsALoadErrorCarryingNpmsMessage() {
        assumeTrue(npmWorks(), "npm is not on PATH");
        Path dir = folder(root, "broken-deps",
                "package.json", "{\"name\": \"broken-deps\", \"version\": \"1.0.0\", \"dependencies\": {\"gone\": \"file:../does-not-exist\"}}",
                "handler.js", "exports.handler = () => 1;");
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> runtime.load(source(dir)));
        assertTrue(e.getMessage().startsWith("npm install failed with exit code"), e.describe());
        assertTrue(e.getMessage().contains("does-not-exist"), e.describe());
        assertTrue(e.file().endsWith("package.json"), e.describe());
        assertFalse(Files.exists(dir.resolve("node_modules").resolve(NpmInstaller.MARKER)), "a failed install is not remembered");
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
