package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.fnkernel.runtime.node.internal.TestFunctions.call;
import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.get;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static io.fnkernel.runtime.node.internal.TestFunctions.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way out of the sandbox fails as a JavaScript error inside the handler that tried it, while
 * the same version and its neighbours keep serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeIsolationTest {

    private NodeRuntime runtime;
    private FunctionVersion probe;
    private FunctionVersion neighbour;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        runtime = new NodeRuntime(NodeRuntimeConfig.defaults());
        Files.writeString(root.resolve("secret.txt"), "exports.secret = 'host file';");
        // A handler that runs the attempt named in the query and reports what happened.
        Path dir = folder(root, "probe", "handler.js", """
                const attempts = {
                  javaType: () => Java.type('java.lang.System').exit(1),
                  packages: () => Packages.java.lang.System.exit(1),
                  javaGlobal: () => java.lang.Runtime.getRuntime(),
                  polyglotEval: () => Polyglot.eval('python', '1 + 1'),
                  polyglotImport: () => Polyglot.import('x'),
                  graal: () => Graal.versionJS,
                  load: () => load('/etc/hostname'),
                  print: () => print('x'),
                  requireParent: () => require('../secret.txt'),
                  requireAbsolute: () => require('/etc/hostname'),
                  requireDeepParent: () => require('../../../../../../../../etc/hostname'),
                  requireLink: () => require('./link.js'),
                  requireFs: () => require('fs'),
                  requireFsTwice: () => { try { require('fs'); } catch (e) { /* first time */ } return require('fs').readFileSync('/etc/hostname'); },
                  requireNodeFs: () => require('node:fs'),
                  childProcess: () => require('child_process').execSync('id'),
                  http: () => require('http').get('http://example.com'),
                  hostEnvPath: () => { if (process.env.PATH !== undefined) { return process.env.PATH; } throw new Error('no PATH'); },
                  hostEnvHome: () => { if (process.env.HOME !== undefined) { return process.env.HOME; } throw new Error('no HOME'); },
                  worker: () => new Worker('x.js'),
                  thread: () => Java.type('java.lang.Thread'),
                  evalJava: () => eval('Java.type("java.io.File")'),
                  functionCtor: () => Function('return Java')().type('java.io.File'),
                  importModule: () => import('/etc/hostname'),
                  exit: () => process.exit(1),
                  quit: () => quit(),
                };
                exports.handler = async (event) => {
                  const r = await attempts[event.query.try]();
                  return { escaped: String(r) };
                };
                """);
        Files.createSymbolicLink(dir.resolve("link.js"), root.resolve("secret.txt"));
        probe = runtime.load(source(dir));
        neighbour = runtime.load(source(folder(root, "neighbour", "handler.js", "exports.handler = () => 'still here';")));
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    @ParameterizedTest
    @CsvSource({
        "javaType, Java is not defined",
        "packages, Packages is not defined",
        "javaGlobal, java is not defined",
        "polyglotEval, Polyglot is not defined",
        "polyglotImport, Polyglot is not defined",
        "graal, Graal is not defined",
        "load, load is not defined",
        "print, print is not defined",
        "requireParent, Cannot load module",
        "requireAbsolute, Cannot load module",
        "requireDeepParent, Cannot load module",
        "requireLink, Cannot load module",
        "requireFs, Node.js built-in module 'fs' is not available",
        "requireFsTwice, Node.js built-in module 'fs' is not available",
        "requireNodeFs, Node.js built-in module 'fs' is not available",
        "childProcess, Node.js built-in module 'child_process' is not available",
        "http, Node.js built-in module 'http' is not available",
        "hostEnvPath, no PATH",
        "hostEnvHome, no HOME",
        "worker, Worker is not defined",
        "thread, Java is not defined",
        "evalJava, Java is not defined",
        "functionCtor, Java is not defined",
        "importModule, Module not found",
        "exit, exit is not a function",
        "quit, quit is not defined",
    })
    void escapeFailsAsAJavaScriptError(String attempt, String expected) {
        FunctionException e = assertThrows(FunctionException.class,
                () -> call(probe, get("/probe").query(Map.of("try", java.util.List.of(attempt))).build()));
        assertEquals(FunctionException.Kind.HANDLER_ERROR, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), attempt + " failed with: " + e.getMessage());
        assertEquals("still here", text(neighbour));
        FunctionException again = assertThrows(FunctionException.class,
                () -> call(probe, get("/probe").query(Map.of("try", java.util.List.of("hostEnvPath"))).build()));
        assertEquals("no PATH", again.getMessage(), "the probe keeps serving after " + attempt);
    }
}
